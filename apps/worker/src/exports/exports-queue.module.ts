import { BullModule, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, Module } from '@nestjs/common';
import { Job } from 'bullmq';
import { ExportsModule } from '@ptce/server/exports/exports.module';
import { EXPORTS_QUEUE, ExportJobsService } from '@ptce/server/exports/export-jobs.service';

/** Produces the long exports the API queues (job id = export id); a job delivered again after its export ended does nothing. */
@Processor(EXPORTS_QUEUE, { concurrency: 1 })
export class ExportsProcessor extends WorkerHost {
  private readonly logger = new Logger('ExportsProcessor');

  constructor(private readonly jobs: ExportJobsService) {
    super();
  }

  async process(job: Job<{ exportId: string }>): Promise<string> {
    return this.jobs.execute(job.data.exportId);
  }

  /** Out of attempts: the export is failed with the reason, so its requester is told rather than left waiting. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ exportId: string }> | undefined, err: Error): Promise<void> {
    if (!job?.data?.exportId || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    await this.jobs
      .fail(job.data.exportId, 'JOB_FAILED', `Export interrompu : ${err?.message ?? 'erreur inconnue'}`)
      .catch((e) => this.logger.error({ err: e }, 'could not mark the export failed'));
  }
}

@Module({
  imports: [ExportsModule, BullModule.registerQueue({ name: EXPORTS_QUEUE })],
  providers: [ExportsProcessor],
})
export class ExportsQueueModule {}
