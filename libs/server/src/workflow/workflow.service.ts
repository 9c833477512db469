import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { WorkflowAction } from '@ptce/domain';
import { AssignmentService } from '../avis/assignment.service';
import { AvisCancellationService } from '../avis/avis-cancellation.service';
import type { AuthUser } from '../common/auth.decorators';
import { toDossierDto } from '../dossiers/dossier.mapper';
import { AppliedTransition, DossierTransitionsService } from '../dossiers/dossier-transitions.service';
import { TransitionDto } from '../dossiers/dossiers.dto';
import { JournalBatch, JournalService } from '../dossiers/journal.service';
import { SelectionService } from '../selection/selection.service';

type Input = { motif?: string | null; data?: Record<string, unknown> | null };

/**
 * The dossier workflow as the rest of the product calls it: a transition (applied by DossierTransitionsService, which
 * knows no other area), then, in the same transaction, the effects the engine named — reviewers assigned when the
 * dossier enters instruction, the selection's rules checked on a lauréat decision. Explicit calls, no callback list.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transitions: DossierTransitionsService,
    private readonly assignment: AssignmentService,
    private readonly selection: SelectionService,
    private readonly avisCancellation: AvisCancellationService,
    private readonly journal: JournalService,
  ) {}

  allowed(user: AuthUser, id: string) {
    return this.transitions.allowed(user, id);
  }

  /** POST /api/dossiers/:id/transitions: one transaction, the version compared, the dossier answered. */
  async transition(user: AuthUser, id: string, dto: TransitionDto, requestId: string | null) {
    return this.db.transaction(async (tx) => {
      const applied = await this.transitionIn(
        tx,
        user,
        id,
        dto.action,
        { motif: dto.motif ?? null, data: dto.data ?? null },
        dto.expectedVersion,
        requestId,
      );
      const last = applied[applied.length - 1];
      // The attachments the transition read already (a transition does not change them).
      return toDossierDto(last.dossier, last.attachments);
    });
  }

  async transitionIn(
    tx: EntityManager,
    user: AuthUser,
    id: string,
    action: WorkflowAction | string,
    input: Input,
    expectedVersion: number | undefined,
    requestId: string | null,
  ): Promise<AppliedTransition[]> {
    const batch = this.journal.batch();
    const applied = await this.transitions.transitionIn(tx, user, id, action, input, expectedVersion, requestId, batch);
    await this.runEffects(tx, applied, batch);
    return applied;
  }

  /** A system move (import, DS deletion): nothing when the action no longer applies, so a retried job is harmless. */
  async systemTransition(tx: EntityManager, dossierId: string, action: WorkflowAction, input: Input, requestId: string | null = null) {
    const batch = this.journal.batch();
    const applied = await this.transitions.systemTransitionIn(tx, dossierId, action, input, requestId, batch);
    await this.runEffects(tx, applied, batch);
    return applied.length > 0;
  }

  /**
   * The transition's journal and outbox rows wait in `batch` with those of the avis it assigns (one INSERT per table);
   * an effect that writes its own rows gets the batch flushed first, so that the rows keep the order of the events.
   */
  private async runEffects(tx: EntityManager, applied: readonly AppliedTransition[], batch: JournalBatch): Promise<void> {
    // The avis as the transition read them, until an effect changes them (a restore before the assignment).
    let avisUnchanged = true;
    for (const t of applied) {
      for (const effect of t.effects) {
        if (effect === 'assigner_avis_requis') {
          await this.assignment.ensureRequiredAvis(tx, t.dossier, t.requestId, {
            campaign: t.campaign,
            avis: avisUnchanged ? t.avis : undefined,
            batch,
          });
          avisUnchanged = false;
          continue;
        }
        await batch.flush(tx);
        if (effect === 'verifier_decision') await this.selection.checkDecision(tx, t);
        else if (effect === 'annuler_avis') await this.avisCancellation.cancelOpen(tx, t.dossier);
        else if (effect === 'retablir_avis') await this.avisCancellation.restore(tx, t.dossier);
        if (effect !== 'verifier_decision') avisUnchanged = false;
      }
    }
    await batch.flush(tx);
  }
}
