import { Module, OnModuleInit } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { WorkflowHooks } from '../dossiers/workflow-hooks';
import { AssignmentService } from './assignment.service';
import { AssignmentsController } from './assignments.controller';
import { AvisController } from './avis.controller';
import { AvisService } from './avis.service';
import { AvisSynthesisController } from './avis-synthesis.controller';

/**
 * The avis area. Plugs into the dossier workflow through its hooks (same transaction as the transition): a dossier
 * entering instruction gets its required avis, and "every required avis rendered" is answered here.
 */
@Module({
  imports: [DossiersModule],
  controllers: [AvisController, AssignmentsController, AvisSynthesisController],
  providers: [AvisService, AssignmentService],
  exports: [AvisService, AssignmentService],
})
export class AvisModule implements OnModuleInit {
  constructor(
    private readonly hooks: WorkflowHooks,
    private readonly assignment: AssignmentService,
  ) {}

  onModuleInit(): void {
    this.hooks.onAfterTransition((tx, t) => this.assignment.onTransition(tx, t));
    this.hooks.setRequiredAvisCheck((tx, d) => this.assignment.requiredAvisRendered(tx, d));
  }
}
