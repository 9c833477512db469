import { Module, OnModuleInit } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { WorkflowHooks } from '../dossiers/workflow-hooks';
import { SelectionController } from './selection.controller';
import { SelectionService } from './selection.service';

/** The cabinet's selection (plugs into the workflow hooks): board, decisions, arrêt, annex, re-opening, publication, phase-2 invitations. */
@Module({
  imports: [DossiersModule],
  controllers: [SelectionController],
  providers: [SelectionService],
  exports: [SelectionService],
})
export class SelectionModule implements OnModuleInit {
  constructor(
    private readonly hooks: WorkflowHooks,
    private readonly selection: SelectionService,
  ) {}

  /** A single `retenir` transition obeys the board's rules (phase-2 amount, envelope), in the same transaction. */
  onModuleInit(): void {
    this.hooks.onAfterTransition((tx, t) => this.selection.checkDecision(tx, t));
  }
}
