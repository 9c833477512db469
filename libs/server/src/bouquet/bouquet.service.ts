import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { filterUuid, filterValues, idsFilter, parseListQuery, UUID_RE, type ListSpec } from '../common/list-query';
import { DossiersService } from '../dossiers/dossiers.service';
import {
  ALLOCATION_SORT_COLUMNS,
  BouquetRepository,
  SERVICE_SORT_COLUMNS,
  type AllocationListFilter,
  type ServiceListFilter,
} from './bouquet.repository';
import { indicatorsFromSection, validateConvention } from './convention-rules';

/**
 * The phase-1 outcome, seed 001: "Soutenir les dynamiques émergentes par un bouquet de services" — phase-1 lauréats
 * receive the "bouquet de services « spécifique émergence »", published with the lauréats on 19 July. A campaign has
 * a catalogue of services (title, provider, description, capacity); the instructeur allocates services to lauréats
 * (in bulk) and follows each allocation (planned, started, done, with a note). Phase-2 lauréats get a convention.
 */
export const ALLOCATION_STATUSES = ['planned', 'started', 'done'] as const;
export type AllocationStatus = (typeof ALLOCATION_STATUSES)[number];
export const ALLOCATION_STATUS_LABELS: Record<AllocationStatus, string> = { planned: 'Prévu', started: 'En cours', done: 'Réalisé' };

const SERVICE_LIST: ListSpec = {
  sortable: SERVICE_SORT_COLUMNS,
  filters: ['campaignId', 'q', 'id'],
  defaultSort: { field: 'title', order: 'ASC' },
};
const ALLOCATION_LIST: ListSpec = {
  sortable: ALLOCATION_SORT_COLUMNS,
  filters: ['campaignId', 'dossierId', 'serviceId', 'status', 'id'],
  defaultSort: { field: 'projectName', order: 'ASC' },
};

interface ServiceBody {
  campaignId?: unknown;
  title?: unknown;
  provider?: unknown;
  description?: unknown;
  capacity?: unknown;
}

function text(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null;
}

function checkService(b: ServiceBody, creating: boolean) {
  const errors: Record<string, string> = {};
  for (const k of Object.keys(b))
    if (!['campaignId', 'title', 'provider', 'description', 'capacity'].includes(k)) errors[k] = 'Champ non autorisé.';
  if (creating && (typeof b.campaignId !== 'string' || !UUID_RE.test(b.campaignId))) errors.campaignId = 'La campagne est obligatoire.';
  if ((creating || b.title !== undefined) && !text(b.title, 200)) errors.title = 'Le titre du service est obligatoire.';
  if ((creating || b.provider !== undefined) && !text(b.provider, 200)) errors.provider = 'Le prestataire est obligatoire.';
  if (b.description !== undefined && b.description !== null && typeof b.description !== 'string') errors.description = 'Texte attendu.';
  if (
    b.capacity !== undefined &&
    b.capacity !== null &&
    (!Number.isInteger(b.capacity) || (b.capacity as number) < 1 || (b.capacity as number) > 100000)
  )
    errors.capacity = 'La capacité est un nombre entier de lauréats (1 ou plus), ou vide.';
  if (Object.keys(errors).length) throw AppError.validation(errors);
}

@Injectable()
export class BouquetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dossiers: DossiersService,
    private readonly repo: BouquetRepository,
  ) {}

  // ----- catalogue -----

  async listServices(query: Record<string, unknown>) {
    const q = parseListQuery(query, SERVICE_LIST);
    const filter: ServiceListFilter = {};
    const ids = idsFilter(q.filter);
    if (ids) filter.ids = ids.filter((i) => UUID_RE.test(i));
    if (q.filter.campaignId !== undefined) filter.campaignId = filterUuid('campaignId', q.filter.campaignId);
    if (typeof q.filter.q === 'string' && q.filter.q.trim()) filter.text = q.filter.q.trim();
    const { rows, total } = await this.repo.listServices(filter, q);
    return { rows, total, offset: q.offset };
  }

  async getService(id: string, m: EntityManager = this.db.manager) {
    if (!UUID_RE.test(id)) throw AppError.notFound('Service introuvable.');
    const row = await this.repo.findService(id, m);
    if (!row) throw AppError.notFound('Service introuvable.');
    return row;
  }

  async createService(body: ServiceBody) {
    checkService(body, true);
    if (!(await this.repo.campaignExists(body.campaignId as string))) throw AppError.validation({ campaignId: 'Campagne inconnue.' });
    const id = await this.repo.insertService({
      campaignId: body.campaignId as string,
      title: text(body.title, 200),
      provider: text(body.provider, 200),
      description: typeof body.description === 'string' ? body.description.trim() : '',
      capacity: (body.capacity as number | null | undefined) ?? null,
    });
    return this.getService(id);
  }

  async updateService(id: string, body: ServiceBody) {
    const current = await this.getService(id);
    if (body.campaignId !== undefined && body.campaignId !== current.campaignId)
      throw AppError.validation({ campaignId: 'Un service ne change pas de campagne.' });
    const { campaignId: _c, ...rest } = body;
    checkService(rest, false);
    if (rest.capacity !== undefined && rest.capacity !== null && (rest.capacity as number) < current.allocated)
      throw AppError.conflict(
        'SERVICE_CAPACITY_EXCEEDED',
        `Ce service est déjà attribué à ${current.allocated} lauréats : la capacité ne peut pas descendre en dessous.`,
        {
          allocated: current.allocated,
        },
      );
    await this.repo.updateService(id, {
      title: text(rest.title, 200),
      provider: text(rest.provider, 200),
      description: rest.description === undefined ? undefined : typeof rest.description === 'string' ? rest.description.trim() : '',
      capacity: rest.capacity === undefined ? undefined : ((rest.capacity as number | null) ?? null),
    });
    return this.getService(id);
  }

  async deleteService(id: string) {
    const s = await this.getService(id);
    if (s.allocated > 0)
      throw AppError.conflict('SERVICE_IN_USE', `Ce service est attribué à ${s.allocated} lauréat(s) : retirez d’abord les attributions.`);
    await this.repo.deleteService(id);
    return s;
  }

  // ----- allocations -----

  async listAllocations(query: Record<string, unknown>) {
    const q = parseListQuery(query, ALLOCATION_LIST);
    const filter: AllocationListFilter = {};
    const ids = idsFilter(q.filter);
    if (ids) filter.ids = ids.filter((i) => UUID_RE.test(i));
    for (const name of ['campaignId', 'dossierId', 'serviceId'] as const) {
      if (q.filter[name] !== undefined) filter[name] = filterUuid(name, q.filter[name]);
    }
    if (q.filter.status !== undefined) filter.statuses = filterValues('status', q.filter.status, ALLOCATION_STATUSES);
    const { rows, total } = await this.repo.listAllocations(filter, q);
    return { rows: rows.map(withStatusLabel), total, offset: q.offset };
  }

  async getAllocation(id: string, m: EntityManager = this.db.manager) {
    if (!UUID_RE.test(id)) throw AppError.notFound('Attribution introuvable.');
    const row = await this.repo.findAllocation(id, m);
    if (!row) throw AppError.notFound('Attribution introuvable.');
    return withStatusLabel(row);
  }

  /**
   * Allocates every service to every dossier (all or nothing). The dossiers must be phase-1 lauréats of the services'
   * campaign; a service's capacity counts the lauréats it already serves; a pair already allocated is left as it is.
   */
  async allocate(user: AuthUser, body: { serviceIds?: unknown; dossierIds?: unknown }) {
    const errors: Record<string, string> = {};
    const list = (v: unknown, name: string) => {
      if (!Array.isArray(v) || v.length === 0 || v.length > 1000 || !v.every((x) => typeof x === 'string' && UUID_RE.test(x))) {
        errors[name] = 'Liste d’identifiants attendue (1 à 1 000).';
        return [];
      }
      return [...new Set(v as string[])];
    };
    const serviceIds = list(body.serviceIds, 'serviceIds');
    const dossierIds = list(body.dossierIds, 'dossierIds');
    if (Object.keys(errors).length) throw AppError.validation(errors);
    return this.db.transaction(async (tx) => {
      // Lock the services: two bulk allocations cannot both pass the capacity check.
      const services = await this.repo.lockServices(tx, serviceIds);
      if (services.length !== serviceIds.length) throw AppError.validation({ serviceIds: 'Service inconnu.' });
      const campaignIds = new Set(services.map((s) => s.campaign_id));
      if (campaignIds.size > 1) throw AppError.validation({ serviceIds: 'Les services doivent appartenir à la même campagne.' });
      const [campaignId] = [...campaignIds];
      const dossiers = await this.repo.allocationCandidates(tx, dossierIds);
      if (dossiers.length !== dossierIds.length) throw AppError.validation({ dossierIds: 'Dossier inconnu.' });
      const notLaureat = dossiers.filter((d) => d.campaign_id !== campaignId || Number(d.phase) !== 1 || d.state !== 'laureat');
      if (notLaureat.length)
        throw AppError.conflict('NOT_LAUREAT', 'Le bouquet de services est réservé aux lauréats de la phase 1 de la campagne.', {
          dossiers: notLaureat.map((d) => ({ id: d.id, projectName: d.project_name })),
        });
      const existing = await this.repo.allocatedPairs(tx, serviceIds);
      const pairs: [string, string][] = [];
      let skipped = 0;
      for (const s of services) {
        const already = new Set(existing.filter((e) => e.service_id === s.id).map((e) => e.dossier_id));
        const fresh = dossierIds.filter((d) => !already.has(d));
        skipped += dossierIds.length - fresh.length;
        if (s.capacity !== null && already.size + fresh.length > s.capacity)
          throw AppError.conflict(
            'SERVICE_CAPACITY_EXCEEDED',
            `Le service « ${s.title} » ne peut accompagner que ${s.capacity} lauréats (déjà ${already.size}).`,
            {
              serviceId: s.id,
              capacity: s.capacity,
              allocated: already.size,
              requested: fresh.length,
            },
          );
        for (const d of fresh) pairs.push([s.id, d]);
      }
      if (pairs.length) await this.repo.insertAllocations(tx, pairs, user.id);
      return { created: pairs.length, skipped };
    });
  }

  async updateAllocation(id: string, body: { status?: unknown; note?: unknown }) {
    const errors: Record<string, string> = {};
    for (const k of Object.keys(body ?? {})) if (!['status', 'note', 'id'].includes(k)) errors[k] = 'Champ non autorisé.';
    if (body.status !== undefined && !(ALLOCATION_STATUSES as readonly unknown[]).includes(body.status))
      errors.status = 'Statut attendu : planned (prévu), started (en cours) ou done (réalisé).';
    if (body.note !== undefined && body.note !== null && (typeof body.note !== 'string' || body.note.length > 5000))
      errors.note = 'La note est un texte de 5 000 caractères au plus.';
    if (Object.keys(errors).length) throw AppError.validation(errors);
    await this.getAllocation(id);
    await this.repo.updateAllocation(id, {
      status: (body.status as AllocationStatus | undefined) ?? null,
      note: body.note === undefined ? undefined : typeof body.note === 'string' ? body.note.trim() || null : null,
    });
    return this.getAllocation(id);
  }

  async deleteAllocation(id: string) {
    const a = await this.getAllocation(id);
    await this.repo.deleteAllocation(id);
    return a;
  }

  // ----- convention (phase 2) -----

  private async conventionOf(m: EntityManager, dossierId: string) {
    const row = await this.repo.findConvention(m, dossierId);
    if (!row) return null;
    const paid = row.instalments.filter((i) => i.paidAt);
    return { ...row, paidCents: paid.reduce((n, i) => n + i.amountCents, 0) };
  }

  async getConvention(user: AuthUser, dossierId: string) {
    const d = await this.dossiers.findScoped(this.db.manager, user, dossierId);
    const c = await this.conventionOf(this.db.manager, d.id);
    if (!c) throw AppError.notFound('Aucune convention pour ce dossier.');
    return c;
  }

  async putConvention(user: AuthUser, dossierId: string, body: Record<string, unknown>) {
    return this.db.transaction(async (tx) => {
      const d = await this.dossiers.findScoped(tx, user, dossierId, true);
      if (d.phase !== 2 || d.state !== 'laureat')
        throw AppError.conflict('NOT_LAUREAT', 'Une convention n’est établie que pour un lauréat de la phase 2.');
      const current = await this.conventionOf(tx, d.id);
      if (current && body.expectedVersion !== undefined && body.expectedVersion !== current.version)
        throw AppError.conflict('VERSION_CONFLICT', 'La convention a été modifiée entre-temps : rechargez-la avant de recommencer.', {
          currentVersion: current.version,
        });
      const { value, errors } = validateConvention(body, {
        amountCents: current?.amountCents ?? d.decisionAmountCents,
        indicators: current?.indicators ?? indicatorsFromSection(d.sections?.indicateurs),
        durationMonths: current?.durationMonths,
        signedAt: current?.signedAt,
        instalments: current?.instalments,
      });
      if (!value) throw AppError.validation(errors, 'La convention est invalide.');
      await this.repo.upsertConvention(tx, d.id, value, user.id);
      return this.conventionOf(tx, d.id);
    });
  }
}

function withStatusLabel<T extends { status: AllocationStatus }>(row: T): T & { statusLabel: string } {
  return { ...row, statusLabel: ALLOCATION_STATUS_LABELS[row.status] ?? row.status };
}
