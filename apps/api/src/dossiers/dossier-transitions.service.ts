import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, allowedActions, apply, SYSTEM_ACTOR, WorkflowAction, WorkflowContext } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { selectionLocked } from '../campaigns/campaign.entity';
import { DossierAttachmentEntity, DossierEntity } from './dossier.entity';
import { toDossierDto } from './dossier.mapper';
import { loadDossierChecklist } from './dossier-checklist';
import { TransitionDto } from './dossiers.dto';
import { DossiersService, primaryRole, versionConflict } from './dossiers.service';
import { JournalService } from './journal.service';
import { WorkflowHooks } from './workflow-hooks';

const HTTP_STATUS: Record<string, number> = { TRANSITION_NOT_ALLOWED: 409, FORBIDDEN: 403, VALIDATION_FAILED: 400 };

/**
 * Applies workflow transitions: one transaction, the dossier row locked, the version compared, the pure engine
 * deciding, then the journal row and the outbox events written with the change. A retried request with the same
 * expectedVersion finds the version bumped and does nothing twice.
 */
@Injectable()
export class DossierTransitionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dossiers: DossiersService,
    private readonly journal: JournalService,
    private readonly hooks: WorkflowHooks,
  ) {}

  private async context(tx: EntityManager, d: DossierEntity): Promise<WorkflowContext> {
    const { checklist, campaign, parentInvited } = await loadDossierChecklist(tx, d);
    return {
      dossier: { state: d.state, eligibility: d.eligibility, phase: d.phase, invitedToPhase2: parentInvited },
      selectionLocked: selectionLocked(campaign, d.phase),
      eligibilityChecklist: { allResolved: checklist.allResolved, allPassed: checklist.allPassed },
      requiredAvisRendered: await this.hooks.requiredAvisRendered(tx, d),
    };
  }

  async allowed(user: AuthUser, id: string) {
    const d = await this.dossiers.findScoped(this.db.manager, user, id);
    const ctx = await this.context(this.db.manager, d);
    return { dossierId: d.id, state: d.state, eligibility: d.eligibility, version: d.version, actions: allowedActions(ctx, actorOf(user)) };
  }

  async transition(user: AuthUser, id: string, dto: TransitionDto, requestId: string | null) {
    return this.db.transaction(async (tx) => {
      const d = await this.dossiers.findScoped(tx, user, id, true);
      if (dto.expectedVersion !== d.version) throw versionConflict(d.version);
      await this.applyLocked(tx, d, dto.action, { motif: dto.motif ?? null, data: dto.data ?? null }, user, requestId);
      const attachments = await tx.getRepository(DossierAttachmentEntity).find({ where: { dossierId: id }, order: { createdAt: 'ASC' } });
      return toDossierDto(d, attachments);
    });
  }

  /**
   * A user's transition inside the caller's transaction (bulk decisions: all or nothing, one transaction): the row
   * locked, the version compared when given, the engine deciding, journal and outbox written. Returns the changed row.
   */
  async transitionIn(
    tx: EntityManager,
    user: AuthUser,
    id: string,
    action: WorkflowAction,
    input: { motif?: string | null; data?: Record<string, unknown> | null },
    expectedVersion: number | undefined,
    requestId: string | null,
  ): Promise<DossierEntity> {
    const d = await this.dossiers.findScoped(tx, user, id, true);
    if (expectedVersion !== undefined && expectedVersion !== d.version) throw versionConflict(d.version);
    await this.applyLocked(tx, d, action, input, user, requestId);
    return d;
  }

  /**
   * The system's own moves (import, avis completed): same rules, no version from a client. Does nothing when the
   * dossier is no longer in a state where the action applies, so a retried job is harmless.
   */
  async systemTransition(
    tx: EntityManager,
    dossierId: string,
    action: WorkflowAction,
    input: { motif?: string | null; data?: Record<string, unknown> | null },
    requestId: string | null = null,
  ): Promise<boolean> {
    const d = await this.dossiers.findScoped(tx, null, dossierId, true);
    const ctx = await this.context(tx, d);
    if (!allowedActions(ctx, SYSTEM_ACTOR).some((a) => a.action === action)) return false;
    await this.applyLocked(tx, d, action, input, null, requestId, ctx);
    return true;
  }

  /** Applies an action to a locked dossier row (mutates `d`); `known` is the context when the caller already built it. */
  private async applyLocked(
    tx: EntityManager,
    d: DossierEntity,
    action: string,
    input: { motif?: string | null; data?: Record<string, unknown> | null },
    user: AuthUser | null,
    requestId: string | null,
    known?: WorkflowContext,
  ): Promise<void> {
    const ctx = known ?? (await this.context(tx, d));
    const actor = user ? actorOf(user) : SYSTEM_ACTOR;
    const result = apply(ctx, action, input, actor);
    if (!result.ok) {
      throw new AppError(HTTP_STATUS[result.error.code] ?? 409, result.error.code, result.error.message, result.error.details);
    }
    const from = d.state;
    d.state = result.next.state;
    d.eligibility = result.next.eligibility;
    const motif = input.motif?.trim() || null;
    if (action === 'retenir' || action === 'ne_pas_retenir') {
      d.decisionOutcome = result.next.state;
      d.decisionMotif = motif;
      const amount = input.data?.amountCents;
      if (amount !== undefined && amount !== null && (!Number.isInteger(amount) || (amount as number) < 0)) {
        throw AppError.validation({ 'data.amountCents': 'Le montant doit être un nombre entier positif de centimes.' });
      }
      d.decisionAmountCents = action === 'retenir' && typeof amount === 'number' ? amount : null;
    }
    if (action === 'repasser_en_instruction') {
      d.decisionOutcome = null;
      d.decisionMotif = null;
      d.decisionAmountCents = null;
    }
    d.version += 1;
    d.updatedAt = new Date();
    await tx.getRepository(DossierEntity).save(d);
    await this.journal.append(tx, {
      dossierId: d.id,
      actorId: user?.id ?? null,
      actorRole: user ? primaryRole(user) : 'system',
      action,
      fromState: from,
      toState: d.state,
      motif,
      data: { ...(input.data ?? {}), eligibility: d.eligibility },
      requestId,
      version: d.version,
    });
    await this.journal.publish(tx, d.id, d.campaignId, result.events);
    await this.hooks.runAfter(tx, { dossier: d, action: action as WorkflowAction, from, result, user, requestId });
    // Eligible and every required avis rendered: the dossier is instruit, as the system (journaled as such). Not right
    // after a re-opening, whose point is to work on the dossier again (an avis reopened, a decision revisited).
    if (
      action !== 'repasser_en_instruction' &&
      d.state === 'en_instruction' &&
      d.eligibility === 'eligible' &&
      (await this.hooks.requiredAvisRendered(tx, d))
    ) {
      await this.applyLocked(tx, d, 'marquer_instruit', {}, null, requestId);
    }
  }
}

export function actorOf(user: AuthUser): Actor {
  return { id: user.id, roles: user.roles };
}
