import { BullModule, InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue, WaitingError } from 'bullmq';
import { DOMAIN_MODULES } from '@ptce/server/domain-modules';
import { DsImporter } from '@ptce/server/imports/ds/ds-importer.service';
import { FileImporter } from '@ptce/server/imports/file/file-importer.service';
import { DS_IMPORT_JOB, FILE_IMPORT_JOB, IMPORTS_QUEUE } from '@ptce/server/imports/imports.service';
import { ImportsRepository } from '@ptce/server/imports/imports.repository';
import { ImportsShutdown } from '@ptce/server/imports/imports-shutdown';

export const INTERRUPTED_REASON = 'Interrompu par un redémarrage du traitement des imports : relancez l’import.';

/**
 * Runs the imports the API queues (job id = import run id): DS imports and export files. The run row carries the
 * progress and the report; a job delivered again after its run finished (or was cancelled) does nothing.
 */
@Processor(IMPORTS_QUEUE, { concurrency: 2 })
export class ImportsProcessor extends WorkerHost implements OnModuleDestroy {
  private readonly logger = new Logger('ImportsProcessor');

  constructor(
    private readonly ds: DsImporter,
    private readonly files: FileImporter,
    private readonly repo: ImportsRepository,
    private readonly shutdown: ImportsShutdown,
  ) {
    super();
  }

  async process(job: Job<{ runId: string }>, token?: string): Promise<{ runId: string; status: string }> {
    let run;
    if (job.name === DS_IMPORT_JOB) run = await this.ds.execute(job.data.runId);
    else if (job.name === FILE_IMPORT_JOB) run = await this.files.execute(job.data.runId);
    else throw new Error(`Tâche d’import inconnue : ${job.name}`);
    if (run?.status === 'queued' && this.shutdown.isStopping) {
      // Stopped by the shutdown, the run queued again: so is its job, for the next worker (neither done nor failed).
      await job.moveToWait(token);
      throw new WaitingError();
    }
    return { runId: job.data.runId, status: run?.status ?? 'introuvable' };
  }

  /**
   * First step of the worker's shutdown, before the database and Redis connections close: running imports stop at
   * their next dossier (ImportsShutdown) and go back to the queue, and this worker takes no new job. Closing waits
   * for the jobs under way, which now end within a dossier's time instead of the whole import's.
   */
  async onModuleDestroy(): Promise<void> {
    this.shutdown.begin();
    await this.worker.close();
  }

  /** A job BullMQ gave up on (stalled too often, or thrown): its run must not stay "running". */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ runId: string }> | undefined, err: Error): Promise<void> {
    if (!job?.data?.runId) return;
    await this.repo
      .failRunOfFailedJob(job.data.runId, `Traitement interrompu : ${err?.message ?? 'erreur inconnue'}`)
      .catch((e) => this.logger.error({ err: e, runId: job.data.runId }, 'could not mark the run failed'));
  }
}

/** BullMQ states in which a job will still run (or is running): its import run is not stale. */
const LIVE_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * At worker start-up: an import run left "running" (or "queued" for more than a minute) whose job BullMQ no longer
 * has live is failed with a reason, whatever its kind. With several workers, a run whose job another worker is
 * processing (active) is left alone; so is a run a stopping worker queued again (its job waits).
 */
@Injectable()
export class StaleImportsSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger('StaleImports');

  constructor(
    private readonly repo: ImportsRepository,
    @InjectQueue(IMPORTS_QUEUE) private readonly queue: Queue,
    private readonly files: FileImporter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const failed = await this.sweep();
      if (failed.length) this.logger.warn({ runs: failed }, `${failed.length} import(s) interrompu(s) marqué(s) en échec`);
    } catch (e) {
      this.logger.error({ err: e }, 'stale import sweep failed');
    }
  }

  /** The ids of the runs it failed. */
  async sweep(): Promise<string[]> {
    const failed: string[] = [];
    for (const r of await this.repo.unfinishedRuns()) {
      const job = await this.queue.getJob(r.id);
      const state = job ? await job.getState() : 'missing';
      if (LIVE_STATES.has(state)) continue;
      if (!(await this.repo.failInterrupted(r.id, r.status, INTERRUPTED_REASON))) continue;
      failed.push(r.id);
      await this.files.removeUpload(r.upload_key);
    }
    return failed;
  }
}

/**
 * The domain modules come along so that a transition the import makes (ouvrir_instruction) runs the same workflow
 * hooks as in the API (avis assignment, ...).
 */
@Module({
  imports: [...DOMAIN_MODULES, BullModule.registerQueue({ name: IMPORTS_QUEUE })],
  providers: [ImportsProcessor, StaleImportsSweeper],
})
export class ImportsQueueModule {}
