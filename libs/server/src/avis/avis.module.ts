import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { AssignmentService } from './assignment.service';
import { AvisCancellationService } from './avis-cancellation.service';
import { AvisExportService } from './avis-export.service';
import { AssignmentsController } from './assignments.controller';
import { AvisController } from './avis.controller';
import { AvisRepository } from './avis.repository';
import { AvisService } from './avis.service';
import { AvisSynthesisController } from './avis-synthesis.controller';
import { BulkAssignmentsController } from './bulk-assignments.controller';

/** The avis area: assignment, writing, rendering, synthesis. The workflow service calls its assignment on a move. */
@Module({
  imports: [DossiersModule],
  controllers: [BulkAssignmentsController, AvisController, AssignmentsController, AvisSynthesisController],
  providers: [AvisService, AssignmentService, AvisCancellationService, AvisExportService, AvisRepository],
  exports: [AvisService, AssignmentService, AvisCancellationService],
})
export class AvisModule {}
