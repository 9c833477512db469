import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  AVIS_STATUS_CODES,
  AvisValidationError,
  avisTransition,
  computeSynthesis,
  DossierState,
  isAvisTransitionError,
  isRegionCode,
  REVIEWER_ROLES,
  STATE_LABELS,
  validateDraft,
  validateForSubmit,
} from '@ptce/domain';
import { AppError } from '../common/app-error';
import { historiqueFlagRule } from '../selection/board';
import type { AuthUser } from '../common/auth.decorators';
import { filterBoolean, filterUuid, filterValues, idsFilter, ListQuery, ListSpec, UUID_RE } from '../common/list-query';
import { DossierEntity } from '../dossiers/dossier.entity';
import { applyDossierScope, canSeeAll } from '../dossiers/dossier-scope';
import { DossiersService } from '../dossiers/dossiers.service';
import { JournalService } from '../dossiers/journal.service';
import { AssignmentService } from './assignment.service';
import { recordAvisChange } from './avis-journal';
import { AvisReasonDto, SaveAvisDto, SubmitAvisDto } from './avis.dto';
import { AvisEntity } from './avis.entity';
import { ASSIGNABLE_DOSSIER_STATES, AvisDossierSummary, AvisDto, avisWritable, toAvisDto } from './avis.mapper';
import { AvisRepository, AvisWrite, AvisWriteContext } from './avis.repository';

export const AVIS_LIST_SPEC: ListSpec = {
  sortable: {
    dueAt: 'a.due_at',
    status: 'a.status',
    renderedAt: 'a.rendered_at',
    role: 'a.role',
    createdAt: 'a.created_at',
    updatedAt: 'a.updated_at',
    projectName: 'd.project_name',
    id: 'a.id',
  },
  // region (the dossier's) and renderedSince: the dashboard's figures link here (overdue by region and role, rendered this week).
  filters: ['dossierId', 'campaignId', 'mine', 'status', 'overdue', 'role', 'reviewerId', 'phase', 'region', 'renderedSince'],
  defaultSort: { field: 'dueAt', order: 'ASC' },
};

const ROLE_ORDER = ['correspondant_ess', 'cress', 'compagnon', 'expert'];

/** A date, or a date and time with an optional zone: what `renderedSince` accepts (never a free text Date() would guess). */
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The lib's errors as the API's `details` (one French message per field; '' is the content itself). */
function detailsOf(errors: AvisValidationError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = e.field || 'content';
    out[field] = out[field] ? `${out[field]} ${e.message}` : e.message;
  }
  return out;
}

/** Keeps the content's parts (the lib refused anything else already). */
function normaliseContent(content: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['scores', 'maturity', 'typology', 'recommendation', 'synthesis']) {
    if (content[k] !== undefined) out[k] = content[k];
  }
  return out;
}

/** The content as stored (its parts only), with the copies of two of its values the list filters read. */
function contentColumns(content: Record<string, unknown>): NonNullable<AvisWrite['content']> {
  const c = normaliseContent(content);
  const m = c.maturity as { level?: unknown } | null | undefined;
  return {
    content: c,
    recommendation: typeof c.recommendation === 'string' ? c.recommendation : null,
    maturity: m && typeof m === 'object' && typeof m.level === 'string' ? m.level : null,
  };
}

function invalidContent(errors: AvisValidationError[]): AppError {
  return AppError.validation(detailsOf(errors), 'L’avis contient des valeurs invalides : corrigez les champs signalés.');
}

/** The reviewer writes only while the dossier is not in a final state. */
function dossierClosed(state: DossierState, avisStatus: string): AppError {
  return AppError.conflict('AVIS_NOT_ALLOWED', `Le dossier est à l’état « ${STATE_LABELS[state]} » : l’avis ne peut plus être modifié.`, {
    status: avisStatus,
  });
}

export function avisVersionConflict(current: number): AppError {
  return AppError.conflict('VERSION_CONFLICT', 'L’avis a été modifié entre-temps : rechargez-le avant de recommencer.', {
    currentVersion: current,
  });
}

function notAllowed(status: string, action: string): AppError | null {
  const r = avisTransition(status, action);
  return isAvisTransitionError(r) ? AppError.conflict(r.code, r.message, { status }) : null;
}

/**
 * The avis themselves: scoped reads (a reviewer sees their own avis, and the other rendered avis of a dossier once
 * theirs is rendered; national staff see all), the reviewer's draft / render / decline / conflict, the instructeur's
 * re-opening and removal, and the synthesis. Every write locks the dossier row, then the avis row (same order
 * everywhere), except the autosave which only locks the avis.
 */
@Injectable()
export class AvisService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dossiers: DossiersService,
    private readonly journal: JournalService,
    private readonly assignment: AssignmentService,
    private readonly repo: AvisRepository,
  ) {}

  /** Avis the caller may see, joined to their dossier as `d` (dossier scope applied). */
  private scoped(tx: EntityManager, user: AuthUser): SelectQueryBuilder<AvisEntity> {
    const qb = tx.getRepository(AvisEntity).createQueryBuilder('a').innerJoin(DossierEntity, 'd', 'd.id = a.dossier_id');
    applyDossierScope(qb, user, 'd');
    if (!canSeeAll(user)) {
      qb.andWhere(
        `((a.reviewer_id = :me AND a.status <> 'conflit')
          OR (a.status = 'rendu' AND EXISTS (SELECT 1 FROM avis oa WHERE oa.dossier_id = a.dossier_id AND oa.reviewer_id = :me AND oa.status = 'rendu')))`,
        { me: user.id },
      );
    }
    return qb;
  }

  private async findVisible(tx: EntityManager, user: AuthUser, id: string): Promise<AvisEntity> {
    if (!UUID_RE.test(id)) throw AppError.notFound('Avis introuvable.');
    const a = await this.scoped(tx, user).andWhere('a.id = :id', { id }).getOne();
    if (!a) throw AppError.notFound('Avis introuvable.');
    return a;
  }

  /**
   * Loads an avis for a write: visible (else 404), then the dossier row locked when asked, then the avis row locked.
   * `writer`: only the assigned reviewer may go on (someone who sees it but is not the reviewer: 403).
   */
  private async lockForWrite(tx: EntityManager, user: AuthUser, id: string, opts: { writer: boolean; lockDossier: boolean }) {
    const seen = await this.findVisible(tx, user, id);
    if (opts.writer && seen.reviewerId !== user.id)
      throw AppError.forbidden('Seul le relecteur désigné peut rédiger, rendre ou décliner cet avis.');
    const d = opts.lockDossier
      ? await this.dossiers.findScoped(tx, null, seen.dossierId, true)
      : await tx.getRepository(DossierEntity).findOneByOrFail({ id: seen.dossierId });
    const a = await tx.getRepository(AvisEntity).createQueryBuilder('a').where('a.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!a) throw AppError.notFound('Avis introuvable.');
    if (opts.writer && !avisWritable(d.state)) throw dossierClosed(d.state, a.status);
    return { a, d };
  }

  private async reviewerNames(tx: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.repo.reviewerNames(tx, ids);
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }

  private async dossierSummaries(tx: EntityManager, ids: string[]): Promise<Map<string, AvisDossierSummary>> {
    if (!ids.length) return new Map();
    const rows = await this.repo.dossierSummaries(tx, ids);
    return new Map(rows.map((r) => [r.id, r]));
  }

  private async toDtos(tx: EntityManager, user: AuthUser, rows: AvisEntity[]): Promise<AvisDto[]> {
    const names = await this.reviewerNames(
      tx,
      rows.map((a) => a.reviewerId),
    );
    const dossiers = await this.dossierSummaries(
      tx,
      rows.map((a) => a.dossierId),
    );
    return rows.map((a) =>
      toAvisDto(a, { reviewerName: names.get(a.reviewerId) ?? null, dossier: dossiers.get(a.dossierId)!, viewer: user }),
    );
  }

  private async toDto(tx: EntityManager, user: AuthUser, a: AvisEntity): Promise<AvisDto> {
    return (await this.toDtos(tx, user, [a]))[0];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reads

  async list(user: AuthUser, q: ListQuery) {
    const qb = this.scoped(this.db.manager, user);
    const f = q.filter;
    const ids = idsFilter(f);
    if (ids) qb.andWhere('a.id IN (:...ids)', { ids: ids.filter((i) => UUID_RE.test(i)).concat(['00000000-0000-0000-0000-000000000000']) });
    if (f.dossierId !== undefined) qb.andWhere('a.dossier_id = :dossierId', { dossierId: filterUuid('dossierId', f.dossierId) });
    if (f.campaignId !== undefined) qb.andWhere('d.campaign_id = :campaignId', { campaignId: filterUuid('campaignId', f.campaignId) });
    if (f.reviewerId !== undefined) qb.andWhere('a.reviewer_id = :reviewerId', { reviewerId: filterUuid('reviewerId', f.reviewerId) });
    if (f.phase !== undefined) {
      const phase = Number(f.phase);
      if (phase !== 1 && phase !== 2) throw AppError.validation({ 'filter.phase': 'La phase vaut 1 ou 2.' });
      qb.andWhere('d.phase = :phase', { phase });
    }
    if (f.mine !== undefined)
      qb.andWhere(filterBoolean('mine', f.mine) ? 'a.reviewer_id = :mineId' : 'a.reviewer_id <> :mineId', { mineId: user.id });
    if (f.status !== undefined)
      qb.andWhere('a.status IN (:...statuses)', { statuses: filterValues('status', f.status, AVIS_STATUS_CODES) });
    if (f.role !== undefined) qb.andWhere('a.role IN (:...roles)', { roles: filterValues('role', f.role, REVIEWER_ROLES) });
    if (f.region !== undefined) {
      const regions = filterValues('region', f.region);
      if (!regions.every(isRegionCode)) throw AppError.validation({ 'filter.region': 'Code de région inconnu.' });
      qb.andWhere('d.region IN (:...regions)', { regions });
    }
    if (f.renderedSince !== undefined) {
      const since = typeof f.renderedSince === 'string' && ISO_DATE_RE.test(f.renderedSince) ? new Date(f.renderedSince) : null;
      if (!since || Number.isNaN(since.getTime()))
        throw AppError.validation({ 'filter.renderedSince': 'Date attendue au format ISO 8601 (par exemple 2026-03-02T00:00:00Z).' });
      qb.andWhere('a.rendered_at >= :renderedSince', { renderedSince: since });
    }
    if (f.overdue !== undefined) {
      qb.andWhere(
        filterBoolean('overdue', f.overdue)
          ? `(a.status IN ('a_rediger','brouillon') AND a.due_at < now())`
          : `NOT (a.status IN ('a_rediger','brouillon') AND a.due_at IS NOT NULL AND a.due_at < now())`,
      );
    }
    qb.orderBy(q.sortSql, q.sort.order, 'NULLS LAST').addOrderBy('a.id', q.sort.order).offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows: await this.toDtos(this.db.manager, user, rows), total };
  }

  async get(user: AuthUser, id: string): Promise<AvisDto> {
    return this.toDto(this.db.manager, user, await this.findVisible(this.db.manager, user, id));
  }

  /** Instructeur, cabinet: every avis of the dossier side by side (only rendered ones count), as computed by the lib. */
  async synthesis(user: AuthUser, dossierId: string) {
    const d = await this.dossiers.findScoped(this.db.manager, user, dossierId);
    const rows = await this.repo.synthesisRows(d.id, ROLE_ORDER);
    const expectedCount = rows.filter((r) => r.required && r.status !== 'decline' && r.status !== 'conflit').length;
    const synthesis = computeSynthesis(rows, d.phase, { expectedCount, historiqueRule: historiqueFlagRule() });
    return {
      dossierId: d.id,
      dossierState: d.state,
      ...synthesis,
      /** Avis still expected (à rédiger, brouillon), so the UI can say who is late. */
      pending: rows
        .filter((r) => r.status === 'a_rediger' || r.status === 'brouillon')
        .map((r) => ({
          avisId: r.id,
          reviewerId: r.reviewerId,
          reviewerName: r.reviewerName,
          role: r.role,
          status: r.status,
          required: r.required,
          dueAt: r.dueAt?.toISOString() ?? null,
        })),
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The reviewer's writes

  /**
   * Autosave: validated as a draft (may be incomplete, never wrong); cheap (no journal, only the avis row locked — by
   * its UPDATE). Two statements when nothing stands in the way: the read (avis, dossier's few columns, reviewer's name)
   * and one UPDATE … RETURNING conditioned on the version and status read (it used to load the whole dossier, re-read
   * the avis twice, and read the name and dossier summary again for the answer).
   */
  async saveDraft(user: AuthUser, id: string, dto: SaveAvisDto): Promise<AvisDto> {
    return this.db.transaction(async (tx) => {
      const ctx = await this.readForReviewerWrite(tx, user, id, { withContent: false, lockDossier: false });
      // Validated once: the content and the phase are the same whichever row the checks run on.
      const errors = validateDraft(dto.content, ctx.dossier.phase);
      const written = await this.writeChecked(tx, ctx, dto.expectedVersion, 'save', () => {
        if (errors.length) throw invalidContent(errors);
        return { status: 'brouillon', content: contentColumns(dto.content), updatedAt: new Date() };
      });
      return toAvisDto(written, { reviewerName: ctx.reviewerName, dossier: ctx.dossier, viewer: user });
    });
  }

  /** Renders the avis (final). The dossier becomes instruit, as the system, when this was the last required avis. */
  async submit(user: AuthUser, id: string, dto: SubmitAvisDto, requestId: string | null): Promise<AvisDto> {
    return this.db.transaction(async (tx) => {
      // The dossier row locked by the read itself (before the avis, as every write does); the stored content is read
      // only when the request brings none.
      const ctx = await this.readForReviewerWrite(tx, user, id, { withContent: dto.content === undefined, lockDossier: true });
      const d = ctx.dossier;
      const draftErrors = dto.content !== undefined ? validateDraft(dto.content, d.phase) : [];
      const given = dto.content !== undefined ? contentColumns(dto.content) : undefined;
      const written = await this.writeChecked(tx, ctx, dto.expectedVersion, 'submit', (a) => {
        if (draftErrors.length) throw invalidContent(draftErrors);
        const errors = validateForSubmit(given?.content ?? a.content, d.phase);
        if (errors.length) {
          throw new AppError(
            400,
            'AVIS_INCOMPLETE',
            `L’avis ne peut pas être rendu : ${errors.length} élément${errors.length > 1 ? 's' : ''} à compléter.`,
            detailsOf(errors),
          );
        }
        const now = new Date();
        return { status: 'rendu', content: given, renderedAt: now, updatedAt: now };
      });
      await recordAvisChange(
        this.journal,
        tx,
        d,
        user,
        // No content here: the journal is readable by every reviewer of the dossier, the avis itself is not.
        { action: 'avis_rendu', data: { avisId: written.id, role: written.role }, requestId },
        { type: 'avis.rendu', payload: { avisId: written.id, reviewerId: written.reviewerId, role: written.role } },
      );
      const instruit = await this.assignment.maybeMarkInstruit(tx, d.id, requestId);
      // The dossier is locked by us: only that move can have changed what the answer shows of it.
      const dossier = instruit ? (await this.dossierSummaries(tx, [d.id])).get(d.id)! : d;
      return toAvisDto(written, { reviewerName: ctx.reviewerName, dossier, viewer: user });
    });
  }

  /**
   * The reviewer's own avis for a write, in one read: visible to them (else 404), theirs (else 403), with its
   * dossier's columns (the dossier row locked when asked) and the reviewer's name for the answer.
   */
  private async readForReviewerWrite(
    tx: EntityManager,
    user: AuthUser,
    id: string,
    opts: { withContent: boolean; lockDossier: boolean },
  ): Promise<AvisWriteContext> {
    if (!UUID_RE.test(id)) throw AppError.notFound('Avis introuvable.');
    const ctx = await this.repo.writeContext(this.scoped(tx, user).andWhere('a.id = :id', { id }), opts);
    if (!ctx) throw AppError.notFound('Avis introuvable.');
    if (ctx.avis.reviewerId !== user.id) throw AppError.forbidden('Seul le relecteur désigné peut rédiger, rendre ou décliner cet avis.');
    return ctx;
  }

  /**
   * The checks of a reviewer's write, in the order the API has always answered them — dossier closed
   * (AVIS_NOT_ALLOWED), stale version (VERSION_CONFLICT), status (AVIS_NOT_ALLOWED), then `prepare` (the content's
   * 400s) — and the write. On the avis as read, the write is one UPDATE applied only if the row is still at that
   * version and status; when a check fails or the row moved, the avis is locked and everything decided again on the
   * locked row, as before (so a refusal is always about the current row).
   */
  private async writeChecked(
    tx: EntityManager,
    ctx: AvisWriteContext,
    expectedVersion: number,
    action: 'save' | 'submit',
    prepare: (a: AvisEntity) => AvisWrite,
  ): Promise<AvisEntity> {
    const check = (a: AvisEntity): AvisWrite => {
      if (!avisWritable(ctx.dossier.state)) throw dossierClosed(ctx.dossier.state, a.status);
      if (expectedVersion !== a.version) throw avisVersionConflict(a.version);
      const refusal = notAllowed(a.status, action);
      if (refusal) throw refusal;
      return prepare(a);
    };
    let first: AvisWrite | null = null;
    try {
      first = check(ctx.avis);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
    }
    if (first) {
      const row = await this.repo.writeIfUnchanged(tx, ctx.avis.id, ctx.avis, first);
      if (row) return row;
    }
    const locked = await this.repo.lockAvis(tx, ctx.avis.id);
    if (!locked) throw AppError.notFound('Avis introuvable.');
    const row = await this.repo.writeIfUnchanged(tx, locked.id, locked, check(locked));
    // Locked since the read just above: it cannot have moved.
    if (!row) throw avisVersionConflict(locked.version);
    return row;
  }

  /** Declines (decline) or declares a conflict (conflict): the avis is released and another reviewer assigned. */
  async release(user: AuthUser, id: string, kind: 'decline' | 'conflict', dto: AvisReasonDto, requestId: string | null): Promise<AvisDto> {
    return this.db.transaction(async (tx) => {
      const { a, d } = await this.lockForWrite(tx, user, id, { writer: true, lockDossier: true });
      if (dto.expectedVersion !== undefined && dto.expectedVersion !== a.version) throw avisVersionConflict(a.version);
      const refusal = notAllowed(a.status, kind);
      if (refusal) throw refusal;
      if (kind === 'decline') {
        a.status = 'decline';
        a.declinedReason = dto.reason;
      } else {
        a.status = 'conflit';
        a.conflictReason = dto.reason;
      }
      a.version += 1;
      a.updatedAt = new Date();
      await tx.getRepository(AvisEntity).save(a);
      await recordAvisChange(
        this.journal,
        tx,
        d,
        user,
        {
          action: kind === 'decline' ? 'decliner_avis' : 'declarer_conflit',
          motif: dto.reason,
          data: { avisId: a.id, role: a.role },
          requestId,
        },
        { type: kind === 'decline' ? 'avis.decline' : 'avis.conflit', payload: { avisId: a.id, reviewerId: a.reviewerId, role: a.role } },
      );
      const replacement = await this.assignment.assignReplacement(tx, d, a, requestId);
      if (!replacement) await this.assignment.maybeMarkInstruit(tx, d.id, requestId);
      return this.toDto(tx, user, a);
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The instructeur's writes

  async reopen(user: AuthUser, id: string, dto: AvisReasonDto, requestId: string | null): Promise<AvisDto> {
    return this.db.transaction(async (tx) => {
      const { a, d } = await this.lockForWrite(tx, user, id, { writer: false, lockDossier: true });
      if (dto.expectedVersion !== undefined && dto.expectedVersion !== a.version) throw avisVersionConflict(a.version);
      const refusal = notAllowed(a.status, 'reopen');
      if (refusal) throw refusal;
      assertAssignable(d.state, 'rouvrir cet avis');
      a.status = 'brouillon';
      a.renderedAt = null;
      a.version += 1;
      a.updatedAt = new Date();
      await tx.getRepository(AvisEntity).save(a);
      await recordAvisChange(
        this.journal,
        tx,
        d,
        user,
        { action: 'rouvrir_avis', motif: dto.reason, data: { avisId: a.id, reviewerId: a.reviewerId, role: a.role }, requestId },
        { type: 'avis.rouvert', payload: { avisId: a.id, reviewerId: a.reviewerId, role: a.role, reason: dto.reason } },
      );
      return this.toDto(tx, user, a);
    });
  }

  /** Removes an assignment the reviewer has not started (status à rédiger). Answers the removed avis. */
  async unassign(user: AuthUser, id: string, reason: string | null, requestId: string | null): Promise<AvisDto> {
    return this.db.transaction(async (tx) => {
      const { a, d } = await this.lockForWrite(tx, user, id, { writer: false, lockDossier: true });
      if (a.status !== 'a_rediger') {
        throw AppError.conflict(
          'AVIS_NOT_ALLOWED',
          a.status === 'brouillon' || a.status === 'rendu'
            ? 'Le relecteur a déjà commencé cet avis : il ne peut plus être retiré (il peut le décliner, ou vous pouvez le rouvrir une fois rendu).'
            : 'Cet avis n’est plus attribué : il n’y a rien à retirer.',
          { status: a.status },
        );
      }
      const dto = await this.toDto(tx, user, a);
      await tx.getRepository(AvisEntity).delete({ id: a.id });
      await recordAvisChange(
        this.journal,
        tx,
        d,
        user,
        {
          action: 'retirer_avis',
          motif: reason,
          data: { avisId: a.id, reviewerId: a.reviewerId, reviewerName: dto.reviewerName, role: a.role },
          requestId,
        },
        { type: 'avis.retire', payload: { avisId: a.id, reviewerId: a.reviewerId, role: a.role } },
      );
      await this.assignment.maybeMarkInstruit(tx, d.id, requestId);
      return { ...dto, actions: [] };
    });
  }
}

function assertAssignable(state: DossierState, what: string): void {
  if (!ASSIGNABLE_DOSSIER_STATES.includes(state)) {
    throw AppError.conflict('AVIS_NOT_ALLOWED', `Impossible de ${what} : le dossier est à l’état « ${STATE_LABELS[state]} ».`, {
      dossierState: state,
    });
  }
}
