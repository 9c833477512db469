import type { ImportIssue } from './import-run.entity';
import type { RecordOutcome } from './import-writer.service';
import type { ImportsRepository } from './imports.repository';
import type { ImportsShutdown } from './imports-shutdown';

const MAX_ISSUES = 2000;
const FLUSH_EVERY_MS = 1000;

/**
 * The counters of a running import, written to its row every second while it runs (`start`) and at the end, so that
 * `GET /api/imports/:id` shows progress without a write per dossier.
 */
export class RunProgress {
  created = 0;
  updated = 0;
  unchanged = 0;
  skipped = 0;
  deleted = 0;
  pagesDone = 0;
  total: number | null = null;
  readonly errors: ImportIssue[] = [];
  private dropped = 0;
  /** Some dossier may succeed on a later run (network, database conflict). */
  transient = false;
  private timer: NodeJS.Timeout | null = null;
  /** Writes one after the other: the last one written is the latest state. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: ImportsRepository,
    readonly runId: string,
  ) {}

  /** Flushes every second until `stop` (a failed write is retried at the next tick or the final flush). */
  start(): void {
    this.timer ??= setInterval(() => void this.flush().catch(() => undefined), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  issue(i: ImportIssue): void {
    if (this.errors.length < MAX_ISSUES) this.errors.push(i);
    else this.dropped++;
  }

  record(out: RecordOutcome, where: { dsNumber?: number | null; line?: number }): void {
    this[out.outcome]++;
    if (out.transient) this.transient = true;
    for (const reason of out.issues) {
      this.issue({
        ...(where.line !== undefined ? { line: where.line } : {}),
        ...(typeof where.dsNumber === 'number' ? { dsNumber: where.dsNumber } : {}),
        reason,
      });
    }
  }

  private errorsForStorage(): ImportIssue[] {
    // File rows are written several at a time: the report lists them in the file's order all the same.
    const at = (i: ImportIssue) => i.line ?? Number.MAX_SAFE_INTEGER;
    const sorted = [...this.errors].sort((x, y) => at(x) - at(y));
    return this.dropped ? [...sorted, { reason: `… et ${this.dropped} autre(s) problème(s) non listé(s).` }] : sorted;
  }

  flush(): Promise<void> {
    const c = {
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      skipped: this.skipped,
      deleted: this.deleted,
      pagesDone: this.pagesDone,
      total: this.total,
      errors: this.errorsForStorage(),
    };
    const next = this.writing.catch(() => undefined).then(() => this.repo.saveProgress(this.runId, c));
    this.writing = next;
    return next;
  }
}

/** Runs `fn` over `items` with at most `n` at once, in order of start. */
export async function forEachLimit<T>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
}

/** Thrown inside a run's loop when someone cancelled it (POST /api/imports/:id/cancel): the loop stops there. */
export class RunCancelled extends Error {
  constructor() {
    super('Import annulé.');
  }
}

/**
 * Thrown inside a run's loop when the worker process is stopping: not a user's cancellation, the run is queued again
 * and the next worker runs it from the start (writes are upserts by DS number: what was written is found unchanged).
 */
export class RunInterrupted extends Error {
  constructor() {
    super('Import interrompu : arrêt du traitement, il reprendra au redémarrage.');
  }
}

/** Between two rows (or dossiers): stops the run if the worker is stopping or someone cancelled it meanwhile. */
export async function throwIfCancelled(repo: ImportsRepository, runId: string, shutdown?: ImportsShutdown): Promise<void> {
  if (shutdown?.isStopping) throw new RunInterrupted();
  if (await repo.isCancelled(runId)) throw new RunCancelled();
}
