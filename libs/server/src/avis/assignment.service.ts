import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AvisConflict,
  AvisFact,
  conflictsOf,
  dueDate,
  isRegionalRole,
  isReviewerRole,
  pickByLoad,
  regionName,
  requiredSlots,
  REVIEWER_ROLES,
  ReviewerRole,
  ROLE_LABELS,
  STATE_LABELS,
} from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { DossierEntity } from '../dossiers/dossier.entity';
import { DossierTransitionsService } from '../dossiers/dossier-transitions.service';
import { DossiersService } from '../dossiers/dossiers.service';
import { JournalBatch, JournalService } from '../dossiers/journal.service';
import { addAvisChange } from './avis-journal';
import { AssignAvisDto } from './avis.dto';
import { AvisEntity } from './avis.entity';
import { ASSIGNABLE_DOSSIER_STATES, AvisDto, toAvisDto } from './avis.mapper';
import { AvisRepository, ReviewerCandidate } from './avis.repository';

export type { ReviewerCandidate } from './avis.repository';

/** An avis to create: who, for which role, counting towards the required ones or not. */
interface NewAvis {
  reviewer: { id: string; fullName: string };
  role: ReviewerRole;
  required: boolean;
}

/** How an avis comes to be: by an instructeur (`by`) or automatically, with its due date, override, replacement. */
interface AssignOptions {
  requestId?: string | null;
  by?: AuthUser;
  dueAt?: Date;
  overrideReason?: string | null;
  conflict?: AvisConflict | null;
  replaces?: string;
}

/** Statuses of a required avis that still counts towards its role's slots. */
const COUNTING_STATUSES = new Set(['a_rediger', 'brouillon', 'rendu']);

/** Statuses of an avis that no longer counts (released): the reviewer declined or declared a conflict. */
export const RELEASED_STATUSES = ['decline', 'conflit'] as const;

/**
 * Who writes the avis of a dossier: the automatic assignment when a dossier enters instruction (the campaign's required
 * roles, balanced by load, never a reviewer in conflict), the replacement of a reviewer who declines or declares a
 * conflict, the instructeur's manual assignments, and the "every required avis rendered" check of the workflow.
 * The rules themselves (conflicts, load, due date) live in the domain lib.
 */
@Injectable()
export class AssignmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dossiers: DossiersService,
    private readonly transitions: DossierTransitionsService,
    private readonly journal: JournalService,
    private readonly repo: AvisRepository,
  ) {}

  // ---------------------------------------------------------------------------------------------------------------
  // The instruit rule (libs/domain workflow/instruit.ts) after an avis changed

  /** The system marks the dossier instruit when it is eligible and its required avis are all rendered. */
  async maybeMarkInstruit(tx: EntityManager, dossierId: string, requestId: string | null): Promise<boolean> {
    const d = await this.repo.dossierProgress(tx, dossierId);
    if (!d || d.state !== 'en_instruction' || d.eligibility !== 'eligible') return false;
    return (await this.transitions.systemTransitionIn(tx, dossierId, 'marquer_instruit', {}, requestId)).length > 0;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Automatic assignment

  /**
   * Creates the required avis the dossier does not have yet; journals a role left without a candidate. `known`: what
   * the caller read in this transaction already (the campaign, the avis if unchanged since) and the batch its own
   * journal and outbox rows wait in; without a batch, the rows are written before returning.
   */
  async ensureRequiredAvis(
    tx: EntityManager,
    d: DossierEntity,
    requestId: string | null,
    known: { campaign?: CampaignEntity; avis?: readonly AvisFact[]; batch?: JournalBatch } = {},
  ): Promise<AvisEntity[]> {
    const campaign = known.campaign ?? (await tx.getRepository(CampaignEntity).findOneOrFail({ where: { id: d.campaignId } }));
    const existing = known.avis ? countRequiredByRole(known.avis) : await this.repo.countRequiredByRole(tx, d.id);
    const slots = (Object.entries(requiredSlots(campaign)) as [ReviewerRole, number][])
      .map(([role, needed]) => {
        const have = existing.find((e) => e.role === role)?.n ?? 0;
        return { role, needed, have, missing: needed - have };
      })
      .filter((s) => s.missing > 0);
    // The candidates of every missing role in one query; a reviewer picked for one role is not picked for another.
    const pool = slots.length
      ? await this.autoCandidatesFor(
          tx,
          d,
          slots.map((s) => s.role),
        )
      : [];
    const taken = new Set<string>();
    const picks: NewAvis[] = [];
    const shortRoles: Array<{ role: ReviewerRole; needed: number; assigned: number }> = [];
    for (const { role, needed, have, missing } of slots) {
      const regional = isRegionalRole(role) || role === 'expert';
      const forRole = pool.filter((r) => !taken.has(r.id) && r.roles.includes(role) && (!regional || r.regions.includes(d.region)));
      const picked = pickByLoad(forRole, missing);
      for (const reviewer of picked) {
        taken.add(reviewer.id);
        picks.push({ reviewer, role, required: true });
      }
      if (picked.length < missing) shortRoles.push({ role, needed, assigned: have + picked.length });
    }
    const batch = known.batch ?? this.journal.batch();
    // One INSERT for every avis; the journal rows role by role, as they were decided: its avis, then the shortfall.
    const created = await this.insertAvis(tx, d, campaign, picks, {});
    for (const { role } of slots) {
      picks.forEach((p, i) => p.role === role && this.journalAssigned(batch, d, created[i], p.reviewer, { requestId }));
      const short = shortRoles.find((s) => s.role === role);
      if (!short) continue;
      addAvisChange(batch, d, null, {
        action: 'avis_sans_relecteur',
        motif: `Aucun relecteur disponible pour le rôle « ${ROLE_LABELS[role]} »${isRegionalRole(role) || role === 'expert' ? ` en ${regionName(d.region) ?? d.region}` : ''}.`,
        data: { role, needed: short.needed, assigned: short.assigned },
        requestId,
      });
    }
    if (!known.batch) await batch.flush(tx);
    return created;
  }

  /** After a decline or a declared conflict: another reviewer of the same role, by load, never one in conflict. */
  async assignReplacement(tx: EntityManager, d: DossierEntity, released: AvisEntity, requestId: string | null): Promise<AvisEntity | null> {
    if (!ASSIGNABLE_DOSSIER_STATES.includes(d.state)) return null;
    const campaign = await tx.getRepository(CampaignEntity).findOneOrFail({ where: { id: d.campaignId } });
    const [reviewer] = pickByLoad(await this.autoCandidates(tx, d, released.role), 1);
    const batch = this.journal.batch();
    if (!reviewer) {
      addAvisChange(batch, d, null, {
        action: 'avis_sans_relecteur',
        motif: `Aucun relecteur disponible pour remplacer l’avis « ${ROLE_LABELS[released.role]} ».`,
        data: { role: released.role, replaces: released.id },
        requestId,
      });
      await batch.flush(tx);
      return null;
    }
    const opts = { requestId, replaces: released.id };
    const [avis] = await this.insertAvis(tx, d, campaign, [{ reviewer, role: released.role, required: released.required }], opts);
    this.journalAssigned(batch, d, avis, reviewer, opts);
    await batch.flush(tx);
    return avis;
  }

  /** autoCandidates for several roles at once (one query): the caller splits them by role and region. */
  private async autoCandidatesFor(tx: EntityManager, d: DossierEntity, roles: ReviewerRole[]): Promise<ReviewerCandidate[]> {
    const national = roles.filter((r) => !(isRegionalRole(r) || r === 'expert'));
    const rows = await this.repo.candidatesForRoles(tx, d.id, roles, national, d.region);
    return rows.filter((r) => !r.alreadyAssigned && !r.declined && r.declaredConflictReason === null && conflictsOf(r, d) === null);
  }

  /** Active reviewers of the role who may be assigned automatically: region, no conflict, not already involved. */
  private async autoCandidates(tx: EntityManager, d: DossierEntity, role: ReviewerRole): Promise<ReviewerCandidate[]> {
    const regional = isRegionalRole(role) || role === 'expert';
    const rows = await this.repo.candidatesForRole(tx, d.id, role, regional ? d.region : null);
    return rows.filter((r) => !r.alreadyAssigned && !r.declined && r.declaredConflictReason === null && conflictsOf(r, d) === null);
  }

  /** The avis of `picks` in one INSERT, in their order (the automatic ones when `opts.by` is absent). */
  private async insertAvis(
    tx: EntityManager,
    d: DossierEntity,
    campaign: CampaignEntity,
    picks: readonly NewAvis[],
    opts: AssignOptions,
  ): Promise<AvisEntity[]> {
    const now = new Date();
    const dueAt = opts.dueAt ?? dueDate(now, campaign.avisDelayDays, campaign.timezone || undefined);
    return this.repo
      .insertAvis(
        tx,
        picks.map((p) => ({
          dossierId: d.id,
          reviewerId: p.reviewer.id,
          role: p.role,
          required: p.required,
          dueAt,
          assignedBy: opts.by?.id ?? null,
          assignmentOverrideReason: opts.overrideReason ?? null,
          updatedAt: now,
        })),
      )
      .catch((err: unknown) => {
        // Kept: ALREADY_ASSIGNED with the reviewer's name says more than the global filter's ALREADY_EXISTS.
        const e = err as { code?: string; detail?: string };
        if (e.code === '23505') {
          const who = picks.find((p) => e.detail?.includes(p.reviewer.id)) ?? picks[0];
          throw alreadyAssigned(who.reviewer.fullName);
        }
        throw err;
      });
  }

  /** The journal row and the outbox event of one new avis, added to the batch. */
  private journalAssigned(
    batch: JournalBatch,
    d: DossierEntity,
    avis: AvisEntity,
    reviewer: { id: string; fullName: string },
    opts: AssignOptions,
  ): void {
    const dueAt = avis.dueAt!.toISOString();
    addAvisChange(
      batch,
      d,
      opts.by ?? null,
      {
        action: 'assigner_avis',
        motif: opts.overrideReason ?? null,
        data: {
          avisId: avis.id,
          reviewerId: reviewer.id,
          reviewerName: reviewer.fullName,
          role: avis.role,
          dueAt,
          required: avis.required,
          auto: !opts.by,
          ...(opts.replaces ? { replaces: opts.replaces } : {}),
          ...(opts.conflict ? { conflictOverridden: conflictReasonFor(reviewer.fullName, opts.conflict) } : {}),
        },
        requestId: opts.requestId ?? null,
      },
      { type: 'avis.assigne', payload: { avisId: avis.id, reviewerId: reviewer.id, role: avis.role, dueAt } },
    );
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Manual assignment (instructeur)

  async candidates(user: AuthUser, dossierId: string, role: unknown) {
    if (!isReviewerRole(role)) {
      throw AppError.validation({ role: `Rôle d’avis attendu : ${REVIEWER_ROLES.join(', ')}.` });
    }
    const d = await this.dossiers.findScoped(this.db.manager, user, dossierId);
    const regionalOnly = isRegionalRole(role);
    const rows = await this.repo.candidatesForRole(this.db.manager, d.id, role, regionalOnly ? d.region : null);
    const out = rows.map((r) => {
      const detected = conflictsOf(r, d);
      const conflict =
        r.declaredConflictReason !== null
          ? `${r.fullName} a déclaré un conflit d’intérêts sur ce dossier : « ${r.declaredConflictReason} ».`
          : detected
            ? conflictReasonFor(r.fullName, detected)
            : null;
      return {
        id: r.id,
        fullName: r.fullName,
        email: r.email,
        role,
        regions: r.regions,
        inRegion: r.regions.includes(d.region),
        organisationSiret: r.organisationSiret,
        openAvisCount: r.openAvisCount,
        conflict,
        /** A detected conflict may be overridden with a reason; a declared one may not. */
        conflictOverridable: r.declaredConflictReason === null && detected !== null,
        alreadyAssigned: r.alreadyAssigned,
        declined: r.declined,
      };
    });
    // Assignable first, then (experts) those of the dossier's region, then the least loaded.
    const rank = (c: (typeof out)[number]) =>
      [c.alreadyAssigned ? 1 : 0, c.conflict ? 1 : 0, role === 'expert' && !c.inRegion ? 1 : 0, c.openAvisCount] as const;
    return out.sort((a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
      return a.fullName.localeCompare(b.fullName, 'fr') || (a.id < b.id ? -1 : 1);
    });
  }

  async assign(user: AuthUser, dossierId: string, dto: AssignAvisDto, requestId: string | null): Promise<AvisDto> {
    return this.db.transaction(async (tx) => {
      const d = await this.dossiers.findScoped(tx, user, dossierId, true);
      if (!ASSIGNABLE_DOSSIER_STATES.includes(d.state)) {
        throw AppError.conflict(
          'AVIS_NOT_ALLOWED',
          `Le dossier est à l’état « ${STATE_LABELS[d.state]} » : on ne peut plus lui affecter d’avis.`,
        );
      }
      const r = await this.repo.candidate(tx, d.id, dto.reviewerId);
      if (!r || !r.active) throw AppError.validation({ reviewerId: 'Relecteur introuvable ou désactivé.' });
      if (!r.roles.includes(dto.role)) throw AppError.validation({ role: `${r.fullName} n’a pas le rôle « ${ROLE_LABELS[dto.role]} ».` });
      if (isRegionalRole(dto.role) && !r.regions.includes(d.region)) {
        throw AppError.validation({
          reviewerId: `${r.fullName} n’intervient pas dans la région du dossier (${regionName(d.region) ?? d.region}).`,
        });
      }
      if (r.alreadyAssigned) throw alreadyAssigned(r.fullName);
      if (r.declaredConflictReason !== null) {
        throw AppError.conflict(
          'CONFLICT_OF_INTEREST',
          `${r.fullName} a déclaré un conflit d’intérêts sur ce dossier : « ${r.declaredConflictReason} ». Choisissez un autre relecteur.`,
          {
            reviewerId: r.id,
            declared: true,
            overridable: false,
          },
        );
      }
      const conflict = conflictsOf(r, d);
      const overrideReason = dto.overrideReason?.trim() || null;
      if (conflict && !overrideReason) {
        throw AppError.conflict(
          'CONFLICT_OF_INTEREST',
          `Conflit d’intérêts : ${conflictReasonFor(r.fullName, conflict)} Pour passer outre, indiquez un motif (overrideReason).`,
          {
            reviewerId: r.id,
            declared: false,
            overridable: true,
            with: conflict.with,
            match: conflict.match,
            identifier: conflict.identifier,
          },
        );
      }
      let dueAt: Date | undefined;
      if (dto.dueAt) {
        dueAt = new Date(dto.dueAt);
        if (Number.isNaN(dueAt.getTime())) throw AppError.validation({ dueAt: 'Échéance invalide (date ISO 8601 attendue).' });
        if (dueAt.getTime() < Date.now()) throw AppError.validation({ dueAt: 'L’échéance doit être dans le futur.' });
      }
      const campaign = await tx.getRepository(CampaignEntity).findOneOrFail({ where: { id: d.campaignId } });
      const opts: AssignOptions = { requestId, by: user, dueAt, overrideReason: conflict ? overrideReason : null, conflict };
      const [avis] = await this.insertAvis(tx, d, campaign, [{ reviewer: r, role: dto.role, required: dto.required ?? true }], opts);
      const batch = this.journal.batch();
      this.journalAssigned(batch, d, avis, r, opts);
      await batch.flush(tx);
      return toAvisDto(avis, { reviewerName: r.fullName, dossier: d, viewer: user });
    });
  }
}

/** How many avis of each role a dossier of this campaign needs (roles with zero are not required). */
/** The lib's conflict, told to the instructeur (the lib's reason addresses the reviewer: « Votre organisation… »). */
export function conflictReasonFor(name: string, c: AvisConflict): string {
  const who = `L’organisation de ${name}`;
  const siren = c.identifier.slice(0, 9);
  if (c.with === 'structure') {
    return c.match === 'siret'
      ? `${who} (SIRET ${c.identifier}) est la structure porteuse du dossier.`
      : `${who} appartient à la même entreprise (SIREN ${siren}) que la structure porteuse du dossier.`;
  }
  return c.match === 'siret'
    ? `${who} (SIRET ${c.identifier}) est membre déclaré du PTCE.`
    : `${who} appartient à la même entreprise (SIREN ${siren}) qu’une organisation membre déclarée du PTCE.`;
}

/** The required avis still counting, by role, from the avis as read (the same as AvisRepository.countRequiredByRole). */
function countRequiredByRole(avis: readonly AvisFact[]): { role: string; n: number }[] {
  const n = new Map<string, number>();
  for (const a of avis) if (a.required && COUNTING_STATUSES.has(a.status)) n.set(a.role, (n.get(a.role) ?? 0) + 1);
  return [...n].map(([role, count]) => ({ role, n: count }));
}

function alreadyAssigned(name: string): AppError {
  return AppError.conflict('ALREADY_ASSIGNED', `${name} a déjà un avis à rédiger ou rendu sur ce dossier.`);
}
