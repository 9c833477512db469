import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { DossiersModule } from '../dossiers/dossiers.module';
import { MembersModule } from '../members/members.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { DsImporter } from './ds/ds-importer.service';
import { FileImporter } from './file/file-importer.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { IMPORT_SETTINGS } from './import-settings';
import { ImportWriter } from './import-writer.service';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsShutdown } from './imports-shutdown';
import { IMPORTS_QUEUE, ImportRunsService } from './imports.service';
import { Phase2LinkController } from './phase2-link.controller';
import { Phase2LinkService } from './phase2-link.service';

/**
 * Imports from Démarches Simplifiées: the API queues DS and file imports (queue `imports`, job id = import run id);
 * the worker's ImportsQueueModule processes the queue with the same DsImporter and FileImporter. Also the manual link
 * of a phase-2 dossier to its phase-1 dossier (`POST /api/dossiers/:id/parent`).
 */
@Module({
  imports: [
    DossiersModule,
    MembersModule,
    WorkflowModule,
    BullModule.registerQueue({ name: IMPORTS_QUEUE }),
    // The upload limit comes from the validated configuration (IMPORT_MAX_UPLOAD_BYTES).
    MulterModule.registerAsync({
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.imports.maxUploadBytes, files: 1, fields: 20 } }),
      inject: [APP_CONFIG],
    }),
  ],
  controllers: [ImportsController, Phase2LinkController],
  providers: [
    { provide: IMPORT_SETTINGS, useFactory: (config: AppConfig) => config.imports, inject: [APP_CONFIG] },
    ImportsRepository,
    ImportsShutdown,
    ImportWriter,
    DsImporter,
    FileImporter,
    ImportRunsService,
    Phase2LinkService,
  ],
  exports: [IMPORT_SETTINGS, ImportsRepository, ImportsShutdown, ImportWriter, DsImporter, FileImporter, ImportRunsService],
})
export class ImportsModule {}
