import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { InvalidStorageKey, objectStoreFor } from '../storage/object-store';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, WhereExpressionBuilder } from 'typeorm';
import {
  DOSSIER_STATES,
  ELIGIBILITIES,
  isLate,
  isRegionCode,
  isSectionKey,
  isValidSiret,
  legalCategoryOf,
  legalFormLabel,
  normaliseLegalFormCode,
  REVIEWER_VISIBLE_JOURNAL_ACTIONS,
  reviewerStateFilter,
  reviewerVisibleState,
  validateCharacterisation,
} from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { filterBoolean, filterUuid, filterValues, idsFilter, ListQuery, ListSpec, UUID_RE } from '../common/list-query';
import { CampaignEntity, phaseDeadline } from '../campaigns/campaign.entity';
import { DossierAttachmentEntity, DossierEntity } from './dossier.entity';
import { DossierListRaw, toDossierDto, toDossierListRow } from './dossier.mapper';
import { COMPLEMENTS_OVERDUE_SQL } from './dossier-filters';
import { applyDossierScope, canSeeAll } from './dossier-scope';
import { AttachmentDto, CreateDossierDto, UpdateDossierDto } from './dossiers.dto';
import { DossiersRepository } from './dossiers.repository';
import { JournalService } from './journal.service';

export const DOSSIER_LIST_SPEC: ListSpec = {
  sortable: {
    projectName: 'd.project_name',
    structureName: 'd.structure_name',
    region: 'd.region',
    state: 'd.state',
    eligibility: 'd.eligibility',
    depositedAt: 'd.deposited_at',
    updatedAt: 'd.updated_at',
    dsNumber: 'd.ds_number',
    lateDeposit: 'd.late_deposit',
    phase: 'd.phase',
    id: 'd.id',
  },
  filters: [
    'campaignId',
    'phase',
    'region',
    'state',
    'q',
    'eligibility',
    'lateDeposit',
    'assignedTo',
    'recommendation',
    'maturity',
    'source',
    'unlinked',
    'complementsOverdue',
  ],
  defaultSort: { field: 'depositedAt', order: 'DESC' },
};

const MAX_SECTION = 30000;

/** The dossier columns a list row shows (no sections, characterisation or eligibility decisions: see toDossierListRow). */
const DOSSIER_LIST_COLUMNS: (keyof DossierEntity)[] = [
  'id', 'campaignId', 'phase', 'parentDossierId', 'dsNumber', 'projectName', 'region', 'structureSiret', 'structureName',
  'structureLegalForm', 'structureLegalFormCode', 'structureLegalCategory', 'structureEsus', 'structureEsusDate',
  'referentName', 'referentEmail', 'referentPhone', 'memberSirets', 'amountRequestedCents', 'depositedAt', 'lateDeposit',
  'state', 'eligibility', 'invitedToPhase2At', 'decisionOutcome', 'decisionMotif', 'decisionAmountCents', 'source',
  'version', 'createdAt', 'updatedAt',
];
/** The same columns aliased by their property names, read raw: no entity hydration per row (issue 12, see toDossierListRow). */
let listSelect: [string, string][] | undefined;
function dossierListSelect(db: DataSource): [string, string][] {
  if (!listSelect) {
    const meta = db.getMetadata(DossierEntity);
    listSelect = DOSSIER_LIST_COLUMNS.map((c) => {
      const column = meta.findColumnWithPropertyName(c)!.databaseName;
      // A `date` as its text (YYYY-MM-DD), as TypeORM gives it; pg would make it a Date at local midnight.
      return [c === 'structureEsusDate' ? `d.${column}::text` : `d.${column}`, c];
    });
  }
  return listSelect;
}
/** From this offset on, a page is read by a deferred join (ids first) rather than OFFSET over whole rows. */
const DEEP_PAGE_OFFSET = 1000;

@Injectable()
export class DossiersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journal: JournalService,
    private readonly repo: DossiersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A stored attachment of a dossier the caller may see (the statuts, to check eligibility), streamed from storage. */
  async attachmentFile(user: AuthUser, id: string, attachmentId: string): Promise<StreamableFile> {
    await this.findScoped(this.db.manager, user, id);
    const a = UUID_RE.test(attachmentId)
      ? await this.db.getRepository(DossierAttachmentEntity).findOne({ where: { id: attachmentId, dossierId: id } })
      : null;
    if (!a) throw AppError.notFound('Pièce jointe introuvable.');
    const stream = a.storageKey
      ? await objectStoreFor(this.config)
          .get(a.storageKey)
          .catch((e) => (e instanceof InvalidStorageKey ? null : Promise.reject(e)))
      : null;
    if (!stream) {
      throw new AppError(
        404,
        'ATTACHMENT_NOT_STORED',
        'Ce fichier n’est pas conservé par la plateforme (pièce seulement déclarée, ou refusée à l’import).',
      );
    }
    return new StreamableFile(stream, {
      type: a.contentType ?? 'application/octet-stream',
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
    });
  }

  async list(user: AuthUser, q: ListQuery) {
    const qb = this.db.getRepository(DossierEntity).createQueryBuilder('d');
    applyDossierScope(qb, user);
    const f = q.filter;
    const ids = idsFilter(f);
    if (ids) qb.andWhere('d.id IN (:...ids)', { ids: ids.filter((i) => UUID_RE.test(i)).concat(['00000000-0000-0000-0000-000000000000']) });
    if (f.campaignId !== undefined) {
      qb.andWhere('d.campaign_id = :campaignId', { campaignId: filterUuid('campaignId', f.campaignId, 'Campagne invalide.') });
    }
    if (f.phase !== undefined) {
      const phase = Number(f.phase);
      if (phase !== 1 && phase !== 2) throw AppError.validation({ 'filter.phase': 'La phase vaut 1 ou 2.' });
      qb.andWhere('d.phase = :phase', { phase });
    }
    if (f.region !== undefined) {
      const regions = filterValues('region', f.region);
      if (!regions.every(isRegionCode)) throw AppError.validation({ 'filter.region': 'Code de région inconnu.' });
      qb.andWhere('d.region IN (:...regions)', { regions });
    }
    if (f.state !== undefined) {
      const asked = filterValues('state', f.state, DOSSIER_STATES);
      // A reviewer's filter matches the states they see (decisions show as instruit): it cannot probe a decision.
      const states = canSeeAll(user) ? asked : reviewerStateFilter(asked);
      if (states.length) qb.andWhere('d.state IN (:...states)', { states });
      else qb.andWhere('1 = 0');
    }
    if (f.eligibility !== undefined)
      qb.andWhere('d.eligibility IN (:...elig)', { elig: filterValues('eligibility', f.eligibility, ELIGIBILITIES) });
    if (f.source !== undefined)
      qb.andWhere('d.source IN (:...sources)', { sources: filterValues('source', f.source, ['manuel', 'ds', 'fichier']) });
    if (f.unlinked !== undefined) {
      // Phase-2 dossiers the import could not link to a phase-1 dossier by SIRET ("non rattachés"): for a manual link.
      if (typeof f.unlinked !== 'boolean') throw AppError.validation({ 'filter.unlinked': 'Valeur attendue : true ou false.' });
      qb.andWhere(f.unlinked ? 'd.phase = 2 AND d.parent_dossier_id IS NULL' : '(d.phase = 1 OR d.parent_dossier_id IS NOT NULL)');
    }
    if (f.complementsOverdue !== undefined) {
      const overdue = filterBoolean('complementsOverdue', f.complementsOverdue);
      qb.andWhere(overdue ? COMPLEMENTS_OVERDUE_SQL('d') : `NOT ${COMPLEMENTS_OVERDUE_SQL('d')}`);
    }
    if (f.lateDeposit !== undefined) {
      if (typeof f.lateDeposit !== 'boolean') throw AppError.validation({ 'filter.lateDeposit': 'Valeur attendue : true ou false.' });
      qb.andWhere('d.late_deposit = :late', { late: f.lateDeposit });
    }
    if (typeof f.q === 'string' && f.q.trim()) {
      applySearch(qb, f.q);
    } else if (f.q !== undefined && typeof f.q !== 'string') {
      throw AppError.validation({ 'filter.q': 'La recherche doit être un texte.' });
    }
    if (f.assignedTo !== undefined) {
      const who = f.assignedTo === 'me' ? user.id : filterUuid('assignedTo', f.assignedTo, 'Relecteur invalide.');
      qb.andWhere(
        `EXISTS (SELECT 1 FROM avis fa WHERE fa.dossier_id = d.id AND fa.reviewer_id = :assignee AND fa.status IN ('a_rediger','brouillon','rendu'))`,
        { assignee: who },
      );
    }
    if (f.recommendation !== undefined) {
      const recs = filterValues('recommendation', f.recommendation, ['favorable', 'favorable_reserves', 'defavorable']);
      qb.andWhere(`EXISTS (SELECT 1 FROM avis ra WHERE ra.dossier_id = d.id AND ra.status = 'rendu' AND ra.recommendation IN (:...recs))`, {
        recs,
      });
    }
    if (f.maturity !== undefined) {
      const mats = filterValues('maturity', f.maturity, ['emergent', 'en_developpement', 'historique']);
      qb.andWhere(`EXISTS (SELECT 1 FROM avis ma WHERE ma.dossier_id = d.id AND ma.status = 'rendu' AND ma.maturity IN (:...mats))`, {
        mats,
      });
    }
    // Every sortable column is NOT NULL but ds_number: a plain ORDER BY, which the (column, id) indexes serve.
    const nulls = q.sortSql === 'd.ds_number' ? (q.sort.order === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST') : undefined;
    qb.orderBy(q.sortSql, q.sort.order, nulls).addOrderBy('d.id', q.sort.order);
    const total = await this.repo.countList(qb);
    // List columns only: the sections and characterisation jsonb can weigh tens of kilobytes per dossier.
    const select = dossierListSelect(this.db);
    const selectList = (b: typeof qb) =>
      select.reduce((acc, [expr, alias], i) => (i ? acc.addSelect(expr, alias) : acc.select(expr, alias)), b);
    let rows: DossierListRaw[];
    if (q.offset < DEEP_PAGE_OFFSET) {
      rows = await selectList(qb).offset(q.offset).limit(q.limit).getRawMany<DossierListRaw>();
    } else {
      // Deferred join for deep pages: the page's ids first (narrow rows, index order), then those rows only.
      const pageIds = (await qb.clone().select('d.id', 'id').offset(q.offset).limit(q.limit).getRawMany<{ id: string }>()).map((r) => r.id);
      const byId = new Map(
        pageIds.length
          ? (
              await selectList(this.db.getRepository(DossierEntity).createQueryBuilder('d'))
                .where('d.id IN (:...pageIds)', { pageIds })
                .getRawMany<DossierListRaw>()
            ).map((d) => [d.id, d] as const)
          : [],
      );
      rows = pageIds.map((id) => byId.get(id)).filter((d): d is DossierListRaw => d !== undefined);
    }
    // Decisions stay provisional until the arrêt and are the cabinet's: reviewers never see them.
    const seeAll = canSeeAll(user);
    return {
      rows: rows.map((r) => {
        const dto = toDossierListRow(r);
        return seeAll ? dto : { ...dto, state: reviewerVisibleState(dto.state), decision: null };
      }),
      total: total.total,
      totalEstimated: total.estimated,
    };
  }

  /** Loads a dossier the caller may see, or 404 (existence is not leaked). `lock` takes the row lock. */
  async findScoped(tx: EntityManager, user: AuthUser | null, id: string, lock = false): Promise<DossierEntity> {
    if (!UUID_RE.test(id)) throw AppError.notFound('Dossier introuvable.');
    const qb = tx.getRepository(DossierEntity).createQueryBuilder('d').where('d.id = :id', { id });
    if (user) applyDossierScope(qb, user);
    if (lock) qb.setLock('pessimistic_write', undefined, ['d']);
    const d = await qb.getOne();
    if (!d) throw AppError.notFound('Dossier introuvable.');
    return d;
  }

  async get(user: AuthUser, id: string) {
    const d = await this.findScoped(this.db.manager, user, id);
    const attachments = await this.db
      .getRepository(DossierAttachmentEntity)
      .find({ where: { dossierId: id }, order: { createdAt: 'ASC' } });
    const dto = toDossierDto(d, attachments);
    // Reviewers judge the project, they do not contact the porteur: its referent's contact stays with the ministry.
    // Nor do they see the cabinet's decision (provisional until the arrêt).
    if (!canSeeAll(user))
      return {
        ...dto,
        state: reviewerVisibleState(dto.state),
        referent: { name: dto.referent.name, email: null, phone: null },
        decision: null,
      };
    return dto;
  }

  async journalOf(user: AuthUser, id: string) {
    await this.findScoped(this.db.manager, user, id);
    const rows = await this.journal.list(this.db.manager, id);
    // Reviewers see what the allow-list of the domain lib lets them see (a new action stays hidden until added there).
    return canSeeAll(user) ? rows : rows.filter((r: { action: string }) => REVIEWER_VISIBLE_JOURNAL_ACTIONS.has(r.action));
  }

  async create(user: AuthUser, dto: CreateDossierDto, requestId: string | null) {
    const missing: Record<string, string> = {};
    if (!dto.projectName) missing.projectName = 'Le nom du projet est obligatoire.';
    if (!dto.region) missing.region = 'La région est obligatoire.';
    if (!dto.structure) missing['structure.name'] = 'Le nom de la structure porteuse est obligatoire.';
    if (Object.keys(missing).length) throw AppError.validation(missing);
    const campaign = await this.db.getRepository(CampaignEntity).findOne({ where: { id: dto.campaignId } });
    if (!campaign) throw AppError.validation({ campaignId: 'Campagne inconnue.' });
    return this.db.transaction(async (tx) => {
      let parent: DossierEntity | null = null;
      if (dto.phase === 2) {
        if (!dto.parentDossierId)
          throw AppError.validation({ parentDossierId: 'Un dossier de phase 2 est rattaché au dossier de phase 1 de la structure.' });
        parent = await tx.getRepository(DossierEntity).findOne({ where: { id: dto.parentDossierId } });
        if (!parent || parent.campaignId !== dto.campaignId || parent.phase !== 1)
          throw AppError.validation({ parentDossierId: 'Dossier de phase 1 introuvable dans cette campagne.' });
      }
      const depositedAt = dto.depositedAt ? new Date(dto.depositedAt) : new Date();
      const entity = tx.getRepository(DossierEntity).create({
        campaignId: dto.campaignId,
        phase: dto.phase,
        parentDossierId: parent?.id ?? null,
        dsNumber: dto.dsNumber ?? null,
        depositedAt,
        lateDeposit: isLate(depositedAt, phaseDeadline(campaign, dto.phase)),
        state: 'depose',
        eligibility: 'a_verifier',
        eligibilityDecisions: {},
        sections: {},
        characterisation: {},
        memberSirets: [],
        source: 'manuel',
        version: 1,
        updatedAt: new Date(),
      });
      applyContent(entity, dto);
      const saved = await tx.getRepository(DossierEntity).save(entity).catch(mapDsNumberConflict);
      await this.replaceAttachments(tx, saved.id, dto.attachments);
      await this.journal.append(tx, {
        dossierId: saved.id,
        actorId: user.id,
        actorRole: primaryRole(user),
        action: 'creer',
        fromState: null,
        toState: 'depose',
        data: { source: 'manuel' },
        requestId,
        version: 1,
      });
      await this.journal.publish(tx, saved.id, saved.campaignId, [{ type: 'dossier.depose', payload: { source: 'manuel' } }]);
      return toDossierDto(saved, await tx.getRepository(DossierAttachmentEntity).find({ where: { dossierId: saved.id } }));
    });
  }

  /** Content fields only: the state changes through transitions, never here. */
  async update(user: AuthUser, id: string, dto: UpdateDossierDto, requestId: string | null) {
    return this.db.transaction(async (tx) => {
      const d = await this.findScoped(tx, user, id, true);
      if (dto.expectedVersion !== d.version) throw versionConflict(d.version);
      const before = toDossierDto(d);
      applyContent(d, dto);
      d.version += 1;
      d.updatedAt = new Date();
      await tx.getRepository(DossierEntity).save(d);
      if (dto.attachments) await this.replaceAttachments(tx, id, dto.attachments);
      const after = toDossierDto(d);
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
        (k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]) && !['version', 'updatedAt'].includes(k),
      );
      if (dto.attachments) changed.push('attachments');
      await this.journal.append(tx, {
        dossierId: id,
        actorId: user.id,
        actorRole: primaryRole(user),
        action: 'modifier_contenu',
        fromState: d.state,
        toState: d.state,
        data: { fields: changed },
        requestId,
        version: d.version,
      });
      return toDossierDto(
        d,
        await tx.getRepository(DossierAttachmentEntity).find({ where: { dossierId: id }, order: { createdAt: 'ASC' } }),
      );
    });
  }

  private async replaceAttachments(tx: EntityManager, dossierId: string, attachments?: AttachmentDto[]): Promise<void> {
    if (!attachments) return;
    await this.repo.deleteDeclaredAttachments(tx, dossierId);
    for (const a of attachments) await this.repo.insertDeclaredAttachment(tx, dossierId, a);
  }
}

/** The largest DS number the integer column holds: a longer run of digits is a SIRET, never a DS number. */
const MAX_DS_NUMBER = 2_147_483_647;
const NAMES_SQL = `ptce_unaccent(lower(d.project_name || ' ' || d.structure_name || ' ' || coalesce(d.referent_name, '')))`;

/**
 * The list's search box: project, structure and referent names (case and accents ignored); and when the text is
 * digits (any spacing, dots or dashes between them), the DS number, the SIRET (14 digits) or the SIREN (its first 9).
 * A run of digits too long for a DS number is never compared with it (it used to overflow the integer: a 500).
 */
export function applySearch(qb: WhereExpressionBuilder, raw: string): void {
  const text = raw.trim().toLowerCase().slice(0, 200);
  const like = `%${text.replace(/[%_\\]/g, '\\$&')}%`;
  const digits = /^[\d\s.-]+$/.test(text) ? text.replace(/\D/g, '') : '';
  if (!digits) {
    qb.andWhere(`${NAMES_SQL} LIKE ptce_unaccent(:like)`, { like });
    return;
  }
  const or = [`${NAMES_SQL} LIKE ptce_unaccent(:like)`, `${NAMES_SQL} LIKE ptce_unaccent(:likeDigits)`];
  const params: Record<string, unknown> = { like, likeDigits: `%${digits}%` };
  if (digits.length <= 10 && Number(digits) <= MAX_DS_NUMBER) {
    or.push('d.ds_number = :dsNumber');
    params.dsNumber = Number(digits);
  }
  if (digits.length >= 9 && digits.length <= 14) {
    // SIREN (9 digits) or a SIRET's beginning.
    or.push(`d.structure_siret LIKE :siretPrefix`);
    params.siretPrefix = `${digits}%`;
  }
  qb.andWhere(`(${or.join(' OR ')})`, params);
}

export function primaryRole(user: AuthUser): string {
  const order = ['instructeur', 'cabinet', 'admin', 'correspondant_ess', 'cress', 'compagnon', 'expert'];
  return order.find((r) => user.roles.includes(r as never)) ?? user.roles[0] ?? 'inconnu';
}

export function versionConflict(current: number): AppError {
  return AppError.conflict('VERSION_CONFLICT', 'Le dossier a été modifié entre-temps : rechargez-le avant de recommencer.', {
    currentVersion: current,
  });
}

// Kept here: the global filter would answer a generic ALREADY_EXISTS, this unique index has its own code and message.
function mapDsNumberConflict(err: unknown): never {
  if ((err as { code?: string }).code === '23505')
    throw AppError.conflict(
      'DUPLICATE_DS_NUMBER',
      'Un dossier porte déjà ce numéro Démarches Simplifiées dans cette campagne et cette phase.',
    );
  throw err;
}

/** Applies validated content fields to the entity; refuses what class-validator cannot know (SIRET key, sections). */
function applyContent(d: DossierEntity, dto: Partial<CreateDossierDto>): void {
  const errors: Record<string, string> = {};
  if (dto.projectName !== undefined) d.projectName = dto.projectName;
  if (dto.region !== undefined) d.region = dto.region;
  if (dto.structure) {
    const s = dto.structure;
    if (s.siret && !isValidSiret(s.siret)) errors['structure.siret'] = 'SIRET invalide : la clé de contrôle (Luhn) ne correspond pas.';
    d.structureSiret = s.siret ?? null;
    d.structureName = s.name;
    const code = normaliseLegalFormCode(s.legalFormCode ?? null);
    d.structureLegalFormCode = code;
    d.structureLegalForm = s.legalForm ?? (code ? (legalFormLabel(code) ?? null) : null);
    d.structureLegalCategory = legalCategoryOf(code);
    if (s.esus !== undefined) d.structureEsus = s.esus;
    else d.structureEsus ??= false;
    d.structureEsusDate = s.esusDate ?? null;
  }
  if (dto.referent) {
    d.referentName = dto.referent.name ?? null;
    d.referentEmail = dto.referent.email ?? null;
    d.referentPhone = dto.referent.phone ?? null;
  }
  if (dto.sections) {
    const sections: Record<string, string | null> = { ...(d.sections ?? {}) };
    for (const [k, v] of Object.entries(dto.sections)) {
      if (!isSectionKey(k)) errors[`sections.${k}`] = 'Section inconnue.';
      else if (v !== null && typeof v !== 'string') errors[`sections.${k}`] = 'Une section est un texte.';
      else if (typeof v === 'string' && v.length > MAX_SECTION)
        errors[`sections.${k}`] = `Section trop longue (${MAX_SECTION} caractères au plus).`;
      else sections[k] = typeof v === 'string' ? v.trim() || null : null;
    }
    d.sections = sections;
  }
  if (dto.characterisation) {
    Object.assign(errors, validateCharacterisation(dto.characterisation));
    d.characterisation = { ...(d.characterisation ?? {}), ...dto.characterisation };
  }
  if (dto.memberSirets) d.memberSirets = [...new Set(dto.memberSirets)];
  if (dto.amountRequestedCents !== undefined) d.amountRequestedCents = dto.amountRequestedCents ?? null;
  if (Object.keys(errors).length) throw AppError.validation(errors);
}
