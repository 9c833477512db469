import { Module } from '@nestjs/common';
import { AvisModule } from '../avis/avis.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { SelectionModule } from '../selection/selection.module';
import { BulkTransitionsController } from './bulk-transitions.controller';
import { DossierTransitionsController } from './dossier-transitions.controller';
import { WorkflowService } from './workflow.service';

/** The dossier workflow over the areas it moves: dossiers (the state), avis (assignment), selection (decision rules). */
@Module({
  imports: [DossiersModule, AvisModule, SelectionModule],
  controllers: [BulkTransitionsController, DossierTransitionsController],
  providers: [WorkflowService],
  exports: [WorkflowService],
})
export class WorkflowModule {}
