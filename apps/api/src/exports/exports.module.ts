import { Module } from '@nestjs/common';
import { AvisModule } from '../avis/avis.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { SelectionModule } from '../selection/selection.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/**
 * Exports: the selection board (CSV/XLSX), the per-dossier summary and the dossier de séance (PDF). The dossier
 * list export (GET /api/dossiers/export) is served by the dossiers controller, declared before its `:id` route,
 * with DossierExportService (./dossier-export.service).
 */
@Module({
  imports: [DossiersModule, AvisModule, SelectionModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
