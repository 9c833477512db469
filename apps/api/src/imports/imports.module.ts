import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { DsImporter } from './ds/ds-importer.service';
import { FileImporter } from './file/file-importer.service';
import { IMPORT_SETTINGS, loadImportSettings } from './import-settings';
import { ImportWriter } from './import-writer.service';
import { ImportsController } from './imports.controller';
import { IMPORTS_QUEUE, ImportRunsService } from './imports.service';

/**
 * Imports from Démarches Simplifiées: the API queues DS imports (queue `imports`, job id = import run id) and runs
 * file imports in the request; the worker's ImportsQueueModule processes the queue with the same DsImporter.
 */
@Module({
  imports: [DossiersModule, BullModule.registerQueue({ name: IMPORTS_QUEUE })],
  controllers: [ImportsController],
  providers: [
    { provide: IMPORT_SETTINGS, useFactory: () => loadImportSettings() },
    ImportWriter,
    DsImporter,
    FileImporter,
    ImportRunsService,
  ],
  exports: [IMPORT_SETTINGS, ImportWriter, DsImporter, FileImporter, ImportRunsService],
})
export class ImportsModule {}
