import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AvisConflict,
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
import { JournalService } from '../dossiers/journal.service';
import { recordAvisChange } from './avis-journal';
import { AssignAvisDto } from './avis.dto';
import { AvisEntity } from './avis.entity';
import { ASSIGNABLE_DOSSIER_STATES, AvisDto, toAvisDto } from './avis.mapper';
import { AvisRepository, ReviewerCandidate } from './avis.repository';

export type { ReviewerCandidate } from './avis.repository';

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

  /** Creates the required avis the dossier does not have yet; journals a role left without a candidate. */
  async ensureRequiredAvis(tx: EntityManager, d: DossierEntity, requestId: string | null, known?: CampaignEntity): Promise<AvisEntity[]> {
    // The transition read the campaign already in this transaction: reused when given.
    const campaign = known ?? (await tx.getRepository(CampaignEntity).findOneOrFail({ where: { id: d.campaignId } }));
    const existing = await this.repo.countRequiredByRole(tx, d.id);
    const created: AvisEntity[] = [];
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
    for (const { role, needed, have, missing } of slots) {
      const regional = isRegionalRole(role) || role === 'expert';
      const forRole = pool.filter((r) => !taken.has(r.id) && r.roles.includes(role) && (!regional || r.regions.includes(d.region)));
      const picked = pickByLoad(forRole, missing);
      for (const reviewer of picked) {
        taken.add(reviewer.id);
        created.push(await this.createAvis(tx, d, campaign, reviewer, role, { required: true, requestId }));
      }
      if (picked.length < missing) {
        await recordAvisChange(this.journal, tx, d, null, {
          action: 'avis_sans_relecteur',
          motif: `Aucun relecteur disponible pour le rôle « ${ROLE_LABELS[role]} »${isRegionalRole(role) || role === 'expert' ? ` en ${regionName(d.region) ?? d.region}` : ''}.`,
          data: { role, needed, assigned: have + picked.length },
          requestId,
        });
      }
    }
    return created;
  }

  /** After a decline or a declared conflict: another reviewer of the same role, by load, never one in conflict. */
  async assignReplacement(tx: EntityManager, d: DossierEntity, released: AvisEntity, requestId: string | null): Promise<AvisEntity | null> {
    if (!ASSIGNABLE_DOSSIER_STATES.includes(d.state)) return null;
    const campaign = await tx.getRepository(CampaignEntity).findOneOrFail({ where: { id: d.campaignId } });
    const [reviewer] = pickByLoad(await this.autoCandidates(tx, d, released.role), 1);
    if (!reviewer) {
      await recordAvisChange(this.journal, tx, d, null, {
        action: 'avis_sans_relecteur',
        motif: `Aucun relecteur disponible pour remplacer l’avis « ${ROLE_LABELS[released.role]} ».`,
        data: { role: released.role, replaces: released.id },
        requestId,
      });
      return null;
    }
    return this.createAvis(tx, d, campaign, reviewer, released.role, { required: released.required, replaces: released.id, requestId });
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

  private async createAvis(
    tx: EntityManager,
    d: DossierEntity,
    campaign: CampaignEntity,
    reviewer: { id: string; fullName: string },
    role: ReviewerRole,
    opts: {
      required: boolean;
      requestId: string | null;
      by?: AuthUser;
      dueAt?: Date;
      overrideReason?: string | null;
      conflict?: AvisConflict | null;
      replaces?: string;
    },
  ): Promise<AvisEntity> {
    const now = new Date();
    const dueAt = opts.dueAt ?? dueDate(now, campaign.avisDelayDays, campaign.timezone || undefined);
    const repo = tx.getRepository(AvisEntity);
    const avis = await repo
      .save(
        repo.create({
          dossierId: d.id,
          reviewerId: reviewer.id,
          role,
          status: 'a_rediger',
          required: opts.required,
          dueAt,
          remindedAt: null,
          reminderCount: 0,
          content: {},
          recommendation: null,
          maturity: null,
          renderedAt: null,
          declinedReason: null,
          conflictReason: null,
          assignedBy: opts.by?.id ?? null,
          assignmentOverrideReason: opts.overrideReason ?? null,
          version: 1,
          updatedAt: now,
        }),
      )
      .catch((err: unknown) => {
        // Kept: ALREADY_ASSIGNED with the reviewer's name says more than the global filter's ALREADY_EXISTS.
        if ((err as { code?: string }).code === '23505') throw alreadyAssigned(reviewer.fullName);
        throw err;
      });
    await recordAvisChange(
      this.journal,
      tx,
      d,
      opts.by ?? null,
      {
        action: 'assigner_avis',
        motif: opts.overrideReason ?? null,
        data: {
          avisId: avis.id,
          reviewerId: reviewer.id,
          reviewerName: reviewer.fullName,
          role,
          dueAt: dueAt.toISOString(),
          required: opts.required,
          auto: !opts.by,
          ...(opts.replaces ? { replaces: opts.replaces } : {}),
          ...(opts.conflict ? { conflictOverridden: conflictReasonFor(reviewer.fullName, opts.conflict) } : {}),
        },
        requestId: opts.requestId,
      },
      { type: 'avis.assigne', payload: { avisId: avis.id, reviewerId: reviewer.id, role, dueAt: dueAt.toISOString() } },
    );
    return repo.findOneByOrFail({ id: avis.id }); // with the database's created_at
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
      const avis = await this.createAvis(tx, d, campaign, r, dto.role, {
        required: dto.required ?? true,
        requestId,
        by: user,
        dueAt,
        overrideReason: conflict ? overrideReason : null,
        conflict,
      });
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

function alreadyAssigned(name: string): AppError {
  return AppError.conflict('ALREADY_ASSIGNED', `${name} a déjà un avis à rédiger ou rendu sur ce dossier.`);
}
