import { Injectable } from '@nestjs/common';

/**
 * Set once the worker process is stopping (SIGTERM): a running import stops at its next dossier, as on a cancellation,
 * and its run goes back to the queue for the next worker instead of ending. Never set in the API process.
 */
@Injectable()
export class ImportsShutdown {
  private stopping = false;

  begin(): void {
    this.stopping = true;
  }

  get isStopping(): boolean {
    return this.stopping;
  }
}
