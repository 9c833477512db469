import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AvisModule } from '../avis/avis.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { SelectionModule } from '../selection/selection.module';
import { ExportsController } from './exports.controller';
import { DossierExportService } from './dossier-export.service';
import { ExportJobsController } from './export-jobs.controller';
import { EXPORTS_QUEUE, ExportJobsService } from './export-jobs.service';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';

/**
 * Exports: the selection board (CSV/XLSX), the per-dossier summary and the dossier de séance (PDF). The dossier
 * list export (GET /api/dossiers/export) is served by the dossiers controller, declared before its `:id` route,
 * with DossierExportService (./dossier-export.service). Long ones run as jobs (POST /api/exports, the worker's
 * ExportsQueueModule produces the file).
 */
@Module({
  imports: [DossiersModule, AvisModule, SelectionModule, BullModule.registerQueue({ name: EXPORTS_QUEUE })],
  controllers: [ExportsController, ExportJobsController],
  providers: [ExportsService, DossierExportService, ExportJobsService, ExportsRepository],
  exports: [ExportJobsService],
})
export class ExportsModule {}
