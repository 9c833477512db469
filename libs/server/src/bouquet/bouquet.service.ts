import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { filterUuid, filterValues, idsFilter, parseListQuery, UUID_RE, type ListSpec } from '../common/list-query';
import { DossiersService } from '../dossiers/dossiers.service';
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
  sortable: { title: 's.title', provider: 's.provider', createdAt: 's.created_at', capacity: 's.capacity' },
  filters: ['campaignId', 'q', 'id'],
  defaultSort: { field: 'title', order: 'ASC' },
};
const ALLOCATION_LIST: ListSpec = {
  sortable: {
    projectName: 'd.project_name',
    serviceTitle: 's.title',
    status: 'a.status',
    allocatedAt: 'a.allocated_at',
    updatedAt: 'a.updated_at',
  },
  filters: ['campaignId', 'dossierId', 'serviceId', 'status', 'id'],
  defaultSort: { field: 'projectName', order: 'ASC' },
};

const SERVICE_COLUMNS = `s.id, s.campaign_id AS "campaignId", s.title, s.provider, s.description, s.capacity,
  (SELECT count(*)::int FROM service_allocation x WHERE x.service_id = s.id) AS allocated,
  s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;
const ALLOCATION_COLUMNS = `a.id, a.service_id AS "serviceId", a.dossier_id AS "dossierId", a.status, a.note,
  a.allocated_at AS "allocatedAt", a.updated_at AS "updatedAt", s.title AS "serviceTitle", s.provider AS "serviceProvider",
  s.campaign_id AS "campaignId", d.project_name AS "projectName", d.structure_name AS "structureName", d.region`;

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
  ) {}

  // ----- catalogue -----

  async listServices(query: Record<string, unknown>) {
    const q = parseListQuery(query, SERVICE_LIST);
    const where: string[] = [];
    const args: unknown[] = [];
    const ids = idsFilter(q.filter);
    if (ids) {
      args.push(ids.filter((i) => UUID_RE.test(i)));
      where.push(`s.id = ANY($${args.length}::uuid[])`);
    }
    if (q.filter.campaignId !== undefined) {
      args.push(filterUuid('campaignId', q.filter.campaignId));
      where.push(`s.campaign_id = $${args.length}`);
    }
    if (typeof q.filter.q === 'string' && q.filter.q.trim()) {
      args.push(`%${q.filter.q.trim().replace(/[%_\\]/g, '\\$&')}%`);
      where.push(`(s.title ILIKE $${args.length} OR s.provider ILIKE $${args.length})`);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM campaign_service s ${w}`, args);
    const rows = await this.db.query(
      `SELECT ${SERVICE_COLUMNS} FROM campaign_service s ${w} ORDER BY ${q.sortSql} ${q.sort.order}, s.id LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { rows, total: total as number, offset: q.offset };
  }

  async getService(id: string, m: EntityManager = this.db.manager) {
    if (!UUID_RE.test(id)) throw AppError.notFound('Service introuvable.');
    const [row] = await m.query(`SELECT ${SERVICE_COLUMNS} FROM campaign_service s WHERE s.id = $1`, [id]);
    if (!row) throw AppError.notFound('Service introuvable.');
    return row;
  }

  async createService(body: ServiceBody) {
    checkService(body, true);
    const [c] = await this.db.query(`SELECT id FROM campaign WHERE id = $1`, [body.campaignId]);
    if (!c) throw AppError.validation({ campaignId: 'Campagne inconnue.' });
    const [row] = await this.db.query(
      `INSERT INTO campaign_service (campaign_id, title, provider, description, capacity) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
      [
        body.campaignId,
        text(body.title, 200),
        text(body.provider, 200),
        typeof body.description === 'string' ? body.description.trim() : '',
        body.capacity ?? null,
      ],
    );
    return this.getService(row.id);
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
    await this.db.query(
      `UPDATE campaign_service SET title = coalesce($2, title), provider = coalesce($3, provider),
              description = CASE WHEN $4::boolean THEN $5 ELSE description END,
              capacity = CASE WHEN $6::boolean THEN $7::int ELSE capacity END, updated_at = now()
        WHERE id = $1`,
      [
        id,
        text(rest.title, 200),
        text(rest.provider, 200),
        rest.description !== undefined,
        typeof rest.description === 'string' ? rest.description.trim() : '',
        rest.capacity !== undefined,
        rest.capacity ?? null,
      ],
    );
    return this.getService(id);
  }

  async deleteService(id: string) {
    const s = await this.getService(id);
    if (s.allocated > 0)
      throw AppError.conflict('SERVICE_IN_USE', `Ce service est attribué à ${s.allocated} lauréat(s) : retirez d’abord les attributions.`);
    await this.db.query(`DELETE FROM campaign_service WHERE id = $1`, [id]);
    return s;
  }

  // ----- allocations -----

  async listAllocations(query: Record<string, unknown>) {
    const q = parseListQuery(query, ALLOCATION_LIST);
    const where: string[] = [];
    const args: unknown[] = [];
    const ids = idsFilter(q.filter);
    if (ids) {
      args.push(ids.filter((i) => UUID_RE.test(i)));
      where.push(`a.id = ANY($${args.length}::uuid[])`);
    }
    for (const [name, col] of [
      ['campaignId', 's.campaign_id'],
      ['dossierId', 'a.dossier_id'],
      ['serviceId', 'a.service_id'],
    ] as const) {
      if (q.filter[name] === undefined) continue;
      args.push(filterUuid(name, q.filter[name]));
      where.push(`${col} = $${args.length}`);
    }
    if (q.filter.status !== undefined) {
      args.push(filterValues('status', q.filter.status, ALLOCATION_STATUSES));
      where.push(`a.status = ANY($${args.length})`);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM service_allocation a JOIN campaign_service s ON s.id = a.service_id JOIN dossier d ON d.id = a.dossier_id`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total ${from} ${w}`, args);
    const rows = await this.db.query(
      `SELECT ${ALLOCATION_COLUMNS} ${from} ${w} ORDER BY ${q.sortSql} ${q.sort.order}, a.id LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { rows: rows.map(withStatusLabel), total: total as number, offset: q.offset };
  }

  async getAllocation(id: string, m: EntityManager = this.db.manager) {
    if (!UUID_RE.test(id)) throw AppError.notFound('Attribution introuvable.');
    const [row] = await m.query(
      `SELECT ${ALLOCATION_COLUMNS} FROM service_allocation a JOIN campaign_service s ON s.id = a.service_id JOIN dossier d ON d.id = a.dossier_id WHERE a.id = $1`,
      [id],
    );
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
      const services: { id: string; campaign_id: string; title: string; capacity: number | null }[] = await tx.query(
        `SELECT id, campaign_id, title, capacity FROM campaign_service WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [serviceIds],
      );
      if (services.length !== serviceIds.length) throw AppError.validation({ serviceIds: 'Service inconnu.' });
      const campaignIds = new Set(services.map((s) => s.campaign_id));
      if (campaignIds.size > 1) throw AppError.validation({ serviceIds: 'Les services doivent appartenir à la même campagne.' });
      const [campaignId] = [...campaignIds];
      const dossiers: { id: string; campaign_id: string; phase: number; state: string; project_name: string }[] = await tx.query(
        `SELECT id, campaign_id, phase, state, project_name FROM dossier WHERE id = ANY($1::uuid[])`,
        [dossierIds],
      );
      if (dossiers.length !== dossierIds.length) throw AppError.validation({ dossierIds: 'Dossier inconnu.' });
      const notLaureat = dossiers.filter((d) => d.campaign_id !== campaignId || Number(d.phase) !== 1 || d.state !== 'laureat');
      if (notLaureat.length)
        throw AppError.conflict('NOT_LAUREAT', 'Le bouquet de services est réservé aux lauréats de la phase 1 de la campagne.', {
          dossiers: notLaureat.map((d) => ({ id: d.id, projectName: d.project_name })),
        });
      const existing: { service_id: string; dossier_id: string }[] = await tx.query(
        `SELECT service_id, dossier_id FROM service_allocation WHERE service_id = ANY($1::uuid[])`,
        [serviceIds],
      );
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
      if (pairs.length)
        await tx.query(
          `INSERT INTO service_allocation (service_id, dossier_id, allocated_by)
           SELECT t.s, t.d, $3 FROM unnest($1::uuid[], $2::uuid[]) AS t(s, d)`,
          [pairs.map((p) => p[0]), pairs.map((p) => p[1]), user.id],
        );
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
    await this.db.query(
      `UPDATE service_allocation SET status = coalesce($2, status), note = CASE WHEN $3::boolean THEN $4 ELSE note END, updated_at = now() WHERE id = $1`,
      [id, body.status ?? null, body.note !== undefined, typeof body.note === 'string' ? body.note.trim() || null : null],
    );
    return this.getAllocation(id);
  }

  async deleteAllocation(id: string) {
    const a = await this.getAllocation(id);
    await this.db.query(`DELETE FROM service_allocation WHERE id = $1`, [id]);
    return a;
  }

  // ----- convention (phase 2) -----

  private async conventionOf(m: EntityManager, dossierId: string) {
    const [row] = await m.query(
      `SELECT id, dossier_id AS "dossierId", amount_cents::float8 AS "amountCents", duration_months AS "durationMonths",
              to_char(signed_at, 'YYYY-MM-DD') AS "signedAt", instalments, indicators, version,
              created_at AS "createdAt", updated_at AS "updatedAt"
         FROM convention WHERE dossier_id = $1`,
      [dossierId],
    );
    if (!row) return null;
    const paid = (row.instalments as { amountCents: number; paidAt: string | null }[]).filter((i) => i.paidAt);
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
      await tx.query(
        `INSERT INTO convention (dossier_id, amount_cents, duration_months, signed_at, instalments, indicators, created_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (dossier_id) DO UPDATE SET amount_cents = EXCLUDED.amount_cents, duration_months = EXCLUDED.duration_months,
           signed_at = EXCLUDED.signed_at, instalments = EXCLUDED.instalments, indicators = EXCLUDED.indicators,
           version = convention.version + 1, updated_at = now()`,
        [
          d.id,
          value.amountCents,
          value.durationMonths,
          value.signedAt,
          JSON.stringify(value.instalments),
          JSON.stringify(value.indicators),
          user.id,
        ],
      );
      return this.conventionOf(tx, d.id);
    });
  }
}

function withStatusLabel<T extends { status: AllocationStatus }>(row: T): T & { statusLabel: string } {
  return { ...row, statusLabel: ALLOCATION_STATUS_LABELS[row.status] ?? row.status };
}
