import { BullModule, Processor, WorkerHost } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Job } from 'bullmq';
import { DOMAIN_MODULES } from '../../../api/src/domain-modules';
import { DsImporter } from '../../../api/src/imports/ds/ds-importer.service';
import { DS_IMPORT_JOB, IMPORTS_QUEUE } from '../../../api/src/imports/imports.service';

/**
 * Runs the DS imports the API queues (job id = import run id). The run row carries the progress and the report;
 * a job delivered again after its run finished does nothing.
 */
@Processor(IMPORTS_QUEUE, { concurrency: 2 })
export class ImportsProcessor extends WorkerHost {
  constructor(private readonly ds: DsImporter) {
    super();
  }

  async process(job: Job<{ runId: string }>): Promise<{ runId: string; status: string }> {
    if (job.name !== DS_IMPORT_JOB) throw new Error(`Tâche d’import inconnue : ${job.name}`);
    const run = await this.ds.execute(job.data.runId);
    return { runId: job.data.runId, status: run?.status ?? 'introuvable' };
  }
}

/**
 * The domain modules come along so that a transition the import makes (ouvrir_instruction) runs the same workflow
 * hooks as in the API (avis assignment, ...).
 */
@Module({
  imports: [...DOMAIN_MODULES, BullModule.registerQueue({ name: IMPORTS_QUEUE })],
  providers: [ImportsProcessor],
})
export class ImportsQueueModule {}
