import { BullModule, InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DOMAIN_MODULES } from '@ptce/server/domain-modules';
import { DsImporter } from '@ptce/server/imports/ds/ds-importer.service';
import { FileImporter } from '@ptce/server/imports/file/file-importer.service';
import { DS_IMPORT_JOB, FILE_IMPORT_JOB, IMPORTS_QUEUE } from '@ptce/server/imports/imports.service';

export const INTERRUPTED_REASON = 'Interrompu par un redémarrage du traitement des imports : relancez l’import.';

/**
 * Runs the imports the API queues (job id = import run id): DS imports and export files. The run row carries the
 * progress and the report; a job delivered again after its run finished (or was cancelled) does nothing.
 */
@Processor(IMPORTS_QUEUE, { concurrency: 2 })
export class ImportsProcessor extends WorkerHost {
  private readonly logger = new Logger('ImportsProcessor');

  constructor(
    private readonly ds: DsImporter,
    private readonly files: FileImporter,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    super();
  }

  async process(job: Job<{ runId: string }>): Promise<{ runId: string; status: string }> {
    let run;
    if (job.name === DS_IMPORT_JOB) run = await this.ds.execute(job.data.runId);
    else if (job.name === FILE_IMPORT_JOB) run = await this.files.execute(job.data.runId);
    else throw new Error(`Tâche d’import inconnue : ${job.name}`);
    return { runId: job.data.runId, status: run?.status ?? 'introuvable' };
  }

  /** A job BullMQ gave up on (stalled too often, or thrown): its run must not stay "running". */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ runId: string }> | undefined, err: Error): Promise<void> {
    if (!job?.data?.runId) return;
    await this.db
      .query(
        `UPDATE import_run SET status = 'failed', failure = $2, failure_code = 'JOB_FAILED', finished_at = now(), updated_at = now()
          WHERE id = $1 AND status IN ('queued', 'running')`,
        [job.data.runId, `Traitement interrompu : ${err?.message ?? 'erreur inconnue'}`],
      )
      .catch((e) => this.logger.error({ err: e, runId: job.data.runId }, 'could not mark the run failed'));
  }
}

/** BullMQ states in which a job will still run (or is running): its import run is not stale. */
const LIVE_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * At worker start-up: an import run left "running" (or "queued" for more than a minute) whose job BullMQ no longer
 * has live is failed with a reason, whatever its kind. With several workers, a run whose job another worker is
 * processing (active) is left alone.
 */
@Injectable()
export class StaleImportsSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger('StaleImports');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    const rows: { id: string; status: string; upload_key: string | null }[] = await this.db.query(
      `SELECT id, status, upload_key FROM import_run
        WHERE status = 'running' OR (status = 'queued' AND created_at < now() - interval '1 minute')`,
    );
    const failed: string[] = [];
    for (const r of rows) {
      const job = await this.queue.getJob(r.id);
      const state = job ? await job.getState() : 'missing';
      if (LIVE_STATES.has(state)) continue;
      const res: unknown[] = await this.db.query(
        `UPDATE import_run SET status = 'failed', failure = $2, failure_code = 'INTERRUPTED', finished_at = now(), updated_at = now()
          WHERE id = $1 AND status = $3 RETURNING id`,
        [r.id, INTERRUPTED_REASON, r.status],
      );
      if (!(Array.isArray(res[0]) ? res[0] : res).length) continue;
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
