import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  allRequiredAvisRendered,
  allowedActions,
  apply,
  AvisFact,
  DomainEvent,
  DossierState,
  SYSTEM_ACTOR,
  WorkflowAction,
  WorkflowContext,
  WorkflowEffect,
} from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { CampaignEntity, selectionLocked } from '../campaigns/campaign.entity';
import { DossierAttachmentEntity, DossierEntity } from './dossier.entity';
import { loadDossierChecklist } from './dossier-checklist';
import { DossiersRepository } from './dossiers.repository';
import { DossiersService, primaryRole, versionConflict } from './dossiers.service';
import { JournalBatch, JournalService, JournalWrite } from './journal.service';

const HTTP_STATUS: Record<string, number> = { TRANSITION_NOT_ALLOWED: 409, FORBIDDEN: 403, VALIDATION_FAILED: 400 };

/** One applied move, as the areas that react to it see it (the workflow service runs its effects). */
export interface AppliedTransition {
  dossier: DossierEntity; // after the change
  action: WorkflowAction;
  from: DossierState;
  effects: readonly WorkflowEffect[];
  user: AuthUser | null;
  requestId: string | null;
  /** The campaign as read once by this transition (its effects reuse it instead of reading it again). */
  campaign: CampaignEntity;
  /** The dossier's attachments as read for the checklist, in creation order (unchanged by a transition). */
  attachments: DossierAttachmentEntity[];
  /** The dossier's avis as read before the move (the reviewer assignment counts the required ones from them). */
  avis: readonly AvisFact[];
}

/** What a transition reads once: the engine's context and the rows it was built from. */
interface Loaded {
  ctx: WorkflowContext;
  campaign: CampaignEntity;
  attachments: DossierAttachmentEntity[];
  avis: AvisFact[];
}

type Input = { motif?: string | null; data?: Record<string, unknown> | null };

/**
 * Applies workflow transitions: the dossier row locked, the version compared, the pure engine deciding (the move, the
 * follow-up it implies, the effects for other areas), then the row written once, the journal rows and the outbox
 * events with it. A retried request with the same expectedVersion finds the version bumped and does nothing twice.
 * It knows no other area: the reactions (reviewer assignment, decision checks) are run by WorkflowService.
 */
@Injectable()
export class DossierTransitionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dossiers: DossiersService,
    private readonly journal: JournalService,
    private readonly repo: DossiersRepository,
  ) {}

  private async context(tx: EntityManager, d: DossierEntity): Promise<Loaded> {
    const { checklist, campaign, parentInvited, attachments } = await loadDossierChecklist(tx, d, this.repo);
    const avis: AvisFact[] = await this.repo.listAvisFacts(tx, d.id);
    const ctx: WorkflowContext = {
      dossier: { state: d.state, eligibility: d.eligibility, phase: d.phase, invitedToPhase2: parentInvited },
      selectionLocked: selectionLocked(campaign, d.phase),
      eligibilityChecklist: { allResolved: checklist.allResolved, allPassed: checklist.allPassed },
      requiredAvisRendered: allRequiredAvisRendered(campaign, avis),
      now: new Date().toISOString(),
      complementsDelayDays: campaign.complementsDelayDays,
    };
    return { ctx, campaign, attachments, avis };
  }

  async allowed(user: AuthUser, id: string) {
    const d = await this.dossiers.findScoped(this.db.manager, user, id);
    const { ctx } = await this.context(this.db.manager, d);
    return { dossierId: d.id, state: d.state, eligibility: d.eligibility, version: d.version, actions: allowedActions(ctx, actorOf(user)) };
  }

  /**
   * A user's transition inside the caller's transaction: the row locked, the version compared when given, the engine
   * deciding, journal and outbox written (into `batch` when given: the caller flushes it). Returns the moves applied
   * (the action, then its follow-up if any).
   */
  async transitionIn(
    tx: EntityManager,
    user: AuthUser,
    id: string,
    action: WorkflowAction | string,
    input: Input,
    expectedVersion: number | undefined,
    requestId: string | null,
    batch?: JournalBatch,
  ): Promise<AppliedTransition[]> {
    const d = await this.dossiers.findScoped(tx, user, id, true);
    if (expectedVersion !== undefined && expectedVersion !== d.version) throw versionConflict(d.version);
    return this.applyLocked(tx, d, action, input, user, requestId, undefined, batch);
  }

  /**
   * The system's own moves (import, avis completed): same rules, no version from a client. Does nothing when the
   * dossier is no longer in a state where the action applies, so a retried job is harmless.
   */
  async systemTransitionIn(
    tx: EntityManager,
    dossierId: string,
    action: WorkflowAction,
    input: Input,
    requestId: string | null = null,
    batch?: JournalBatch,
  ): Promise<AppliedTransition[]> {
    const d = await this.dossiers.findScoped(tx, null, dossierId, true);
    const loaded = await this.context(tx, d);
    if (!allowedActions(loaded.ctx, SYSTEM_ACTOR).some((a) => a.action === action)) return [];
    return this.applyLocked(tx, d, action, input, null, requestId, loaded, batch);
  }

  /** Applies an action and the follow-up it implies to a locked dossier row (mutates `d`); one version bump. */
  private async applyLocked(
    tx: EntityManager,
    d: DossierEntity,
    action: string,
    input: Input,
    user: AuthUser | null,
    requestId: string | null,
    known: Loaded | undefined,
    given: JournalBatch | undefined,
  ): Promise<AppliedTransition[]> {
    const { ctx, campaign, attachments: read, avis } = known ?? (await this.context(tx, d));
    // Without a caller's batch, the journal and outbox rows are written before returning.
    const batch = given ?? this.journal.batch();
    const attachments = [...read].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const steps: Array<{ action: WorkflowAction; actor: Actor; user: AuthUser | null; input: Input }> = [
      { action: action as WorkflowAction, actor: user ? actorOf(user) : SYSTEM_ACTOR, user, input },
    ];
    const applied: AppliedTransition[] = [];
    const journalRows: Array<Omit<JournalWrite, 'version'>> = [];
    const events: DomainEvent[] = [];
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      const result = apply(
        { ...ctx, dossier: { ...ctx.dossier, state: d.state, eligibility: d.eligibility } },
        step.action,
        step.input,
        step.actor,
      );
      if (!result.ok) {
        throw new AppError(HTTP_STATUS[result.error.code] ?? 409, result.error.code, result.error.message, result.error.details);
      }
      const from = d.state;
      d.state = result.next.state;
      d.eligibility = result.next.eligibility;
      const { motif: _motif, ...data } = result.data;
      const motif = typeof result.data.motif === 'string' ? result.data.motif : step.input.motif?.trim() || null;
      if (step.action === 'retenir' || step.action === 'ne_pas_retenir') {
        d.decisionOutcome = result.next.state;
        d.decisionMotif = motif;
        d.decisionAmountCents = step.action === 'retenir' && typeof data.amountCents === 'number' ? data.amountCents : null;
      }
      if (step.action === 'repasser_en_instruction') {
        d.decisionOutcome = null;
        d.decisionMotif = null;
        d.decisionAmountCents = null;
      }
      journalRows.push({
        dossierId: d.id,
        actorId: step.user?.id ?? null,
        actorRole: step.user ? primaryRole(step.user) : 'system',
        action: step.action,
        fromState: from,
        toState: d.state,
        motif,
        data: { ...data, eligibility: d.eligibility },
        requestId,
      });
      events.push(...result.events);
      applied.push({
        dossier: d,
        action: step.action,
        from,
        effects: result.effects,
        user: step.user,
        requestId,
        campaign,
        attachments,
        avis,
      });
      // The move the rule implies (instruit), by the system, in the same write.
      for (const next of result.followUps) steps.push({ action: next, actor: SYSTEM_ACTOR, user: null, input: {} });
    }
    // One version-checked UPDATE (no save(): it would read the row again to diff it); the row is locked already.
    const row = await this.repo.updateStateIfVersion(tx, {
      id: d.id,
      version: d.version,
      state: d.state,
      eligibility: d.eligibility,
      decisionOutcome: d.decisionOutcome,
      decisionMotif: d.decisionMotif,
      decisionAmountCents: d.decisionAmountCents,
    });
    if (!row) throw versionConflict(d.version);
    d.version = row.version;
    d.updatedAt = row.updated_at;
    for (const jr of journalRows) batch.append({ ...jr, version: d.version });
    batch.publish(d.id, d.campaignId, events);
    if (!given) await batch.flush(tx);
    return applied;
  }
}

export function actorOf(user: AuthUser): Actor {
  return { id: user.id, roles: user.roles };
}
