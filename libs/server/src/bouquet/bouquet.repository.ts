import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ListQuery } from '../common/list-query';
import type { AllocationStatus } from './bouquet.service';
import type { ConventionInput, Indicator, Instalment } from './convention-rules';

/** A catalogue service as the API returns it. */
export interface ServiceRow {
  id: string;
  campaignId: string;
  title: string;
  provider: string;
  description: string;
  capacity: number | null;
  /** Lauréats it is allocated to. */
  allocated: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An allocation as the API returns it (before its status label). */
export interface AllocationRow {
  id: string;
  serviceId: string;
  dossierId: string;
  status: AllocationStatus;
  note: string | null;
  allocatedAt: Date;
  updatedAt: Date;
  serviceTitle: string;
  serviceProvider: string;
  campaignId: string;
  projectName: string;
  structureName: string;
  region: string;
}

export interface ServiceListFilter {
  ids?: string[];
  campaignId?: string;
  /** Searched in title and provider (ILIKE, the text taken literally). */
  text?: string;
}

export interface AllocationListFilter {
  ids?: string[];
  campaignId?: string;
  dossierId?: string;
  serviceId?: string;
  statuses?: AllocationStatus[];
}

export interface NewService {
  campaignId: string;
  title: string | null;
  provider: string | null;
  description: string;
  capacity: number | null;
}

/** A change of a service: null title/provider keep theirs; undefined description/capacity keep theirs. */
export interface ServicePatch {
  title: string | null;
  provider: string | null;
  description?: string;
  capacity?: number | null;
}

/** A change of an allocation: null status keeps it; undefined note keeps it. */
export interface AllocationPatch {
  status: AllocationStatus | null;
  note?: string | null;
}

export interface LockedService {
  id: string;
  campaign_id: string;
  title: string;
  capacity: number | null;
}

export interface AllocationCandidate {
  id: string;
  campaign_id: string;
  phase: number;
  state: string;
  project_name: string;
}

export interface AllocatedPair {
  service_id: string;
  dossier_id: string;
}

export interface ConventionRow {
  id: string;
  dossierId: string;
  amountCents: number;
  durationMonths: number;
  signedAt: string | null;
  instalments: Instalment[];
  indicators: Indicator[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

const SERVICE_COLUMNS = `s.id, s.campaign_id AS "campaignId", s.title, s.provider, s.description, s.capacity,
  (SELECT count(*)::int FROM service_allocation x WHERE x.service_id = s.id) AS allocated,
  s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;
const ALLOCATION_COLUMNS = `a.id, a.service_id AS "serviceId", a.dossier_id AS "dossierId", a.status, a.note,
  a.allocated_at AS "allocatedAt", a.updated_at AS "updatedAt", s.title AS "serviceTitle", s.provider AS "serviceProvider",
  s.campaign_id AS "campaignId", d.project_name AS "projectName", d.structure_name AS "structureName", d.region`;
const ALLOCATION_FROM = `FROM service_allocation a JOIN campaign_service s ON s.id = a.service_id JOIN dossier d ON d.id = a.dossier_id`;

/** The list specs' sort keys, as SQL (the list parser maps the client's sort field through them). */
export const SERVICE_SORT_COLUMNS = { title: 's.title', provider: 's.provider', createdAt: 's.created_at', capacity: 's.capacity' };
export const ALLOCATION_SORT_COLUMNS = {
  projectName: 'd.project_name',
  serviceTitle: 's.title',
  status: 'a.status',
  allocatedAt: 'a.allocated_at',
  updatedAt: 'a.updated_at',
};

/** The SQL of the bouquet de services (catalogue `campaign_service`, `service_allocation`) and the phase-2 `convention`. */
@Injectable()
export class BouquetRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ----- catalogue -----

  async listServices(filter: ServiceListFilter, q: ListQuery): Promise<Page<ServiceRow>> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.ids) {
      args.push(filter.ids);
      where.push(`s.id = ANY($${args.length}::uuid[])`);
    }
    if (filter.campaignId !== undefined) {
      args.push(filter.campaignId);
      where.push(`s.campaign_id = $${args.length}`);
    }
    if (filter.text !== undefined) {
      args.push(`%${filter.text.replace(/[%_\\]/g, '\\$&')}%`);
      where.push(`(s.title ILIKE $${args.length} OR s.provider ILIKE $${args.length})`);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM campaign_service s ${w}`, args);
    const rows = await this.db.query(
      `SELECT ${SERVICE_COLUMNS} FROM campaign_service s ${w} ORDER BY ${q.sortSql} ${q.sort.order}, s.id LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { rows, total };
  }

  async findService(id: string, m: EntityManager = this.db.manager): Promise<ServiceRow | undefined> {
    const [row] = await m.query(`SELECT ${SERVICE_COLUMNS} FROM campaign_service s WHERE s.id = $1`, [id]);
    return row;
  }

  async campaignExists(campaignId: string): Promise<boolean> {
    const [c] = await this.db.query(`SELECT id FROM campaign WHERE id = $1`, [campaignId]);
    return !!c;
  }

  async insertService(s: NewService): Promise<string> {
    const [row] = await this.db.query(
      `INSERT INTO campaign_service (campaign_id, title, provider, description, capacity) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
      [s.campaignId, s.title, s.provider, s.description, s.capacity],
    );
    return row.id;
  }

  async updateService(id: string, p: ServicePatch): Promise<void> {
    await this.db.query(
      `UPDATE campaign_service SET title = coalesce($2, title), provider = coalesce($3, provider),
              description = CASE WHEN $4::boolean THEN $5 ELSE description END,
              capacity = CASE WHEN $6::boolean THEN $7::int ELSE capacity END, updated_at = now()
        WHERE id = $1`,
      [id, p.title, p.provider, p.description !== undefined, p.description ?? '', p.capacity !== undefined, p.capacity ?? null],
    );
  }

  async deleteService(id: string): Promise<void> {
    await this.db.query(`DELETE FROM campaign_service WHERE id = $1`, [id]);
  }

  // ----- allocations -----

  async listAllocations(filter: AllocationListFilter, q: ListQuery): Promise<Page<AllocationRow>> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.ids) {
      args.push(filter.ids);
      where.push(`a.id = ANY($${args.length}::uuid[])`);
    }
    for (const [value, col] of [
      [filter.campaignId, 's.campaign_id'],
      [filter.dossierId, 'a.dossier_id'],
      [filter.serviceId, 'a.service_id'],
    ] as const) {
      if (value === undefined) continue;
      args.push(value);
      where.push(`${col} = $${args.length}`);
    }
    if (filter.statuses !== undefined) {
      args.push(filter.statuses);
      where.push(`a.status = ANY($${args.length})`);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total ${ALLOCATION_FROM} ${w}`, args);
    const rows = await this.db.query(
      `SELECT ${ALLOCATION_COLUMNS} ${ALLOCATION_FROM} ${w} ORDER BY ${q.sortSql} ${q.sort.order}, a.id LIMIT ${q.limit} OFFSET ${q.offset}`,
      args,
    );
    return { rows, total };
  }

  async findAllocation(id: string, m: EntityManager = this.db.manager): Promise<AllocationRow | undefined> {
    const [row] = await m.query(`SELECT ${ALLOCATION_COLUMNS} ${ALLOCATION_FROM} WHERE a.id = $1`, [id]);
    return row;
  }

  /** Locks the services (by id, a fixed order): two bulk allocations cannot both pass the capacity check. */
  lockServices(m: EntityManager, ids: string[]): Promise<LockedService[]> {
    return m.query(`SELECT id, campaign_id, title, capacity FROM campaign_service WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [
      ids,
    ]);
  }

  allocationCandidates(m: EntityManager, dossierIds: string[]): Promise<AllocationCandidate[]> {
    return m.query(`SELECT id, campaign_id, phase, state, project_name FROM dossier WHERE id = ANY($1::uuid[])`, [dossierIds]);
  }

  allocatedPairs(m: EntityManager, serviceIds: string[]): Promise<AllocatedPair[]> {
    return m.query(`SELECT service_id, dossier_id FROM service_allocation WHERE service_id = ANY($1::uuid[])`, [serviceIds]);
  }

  /** Inserts the (service, dossier) pairs. */
  async insertAllocations(m: EntityManager, pairs: readonly (readonly [string, string])[], allocatedBy: string): Promise<void> {
    await m.query(
      `INSERT INTO service_allocation (service_id, dossier_id, allocated_by)
           SELECT t.s, t.d, $3 FROM unnest($1::uuid[], $2::uuid[]) AS t(s, d)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1]), allocatedBy],
    );
  }

  async updateAllocation(id: string, p: AllocationPatch): Promise<void> {
    await this.db.query(
      `UPDATE service_allocation SET status = coalesce($2, status), note = CASE WHEN $3::boolean THEN $4 ELSE note END, updated_at = now() WHERE id = $1`,
      [id, p.status, p.note !== undefined, p.note ?? null],
    );
  }

  async deleteAllocation(id: string): Promise<void> {
    await this.db.query(`DELETE FROM service_allocation WHERE id = $1`, [id]);
  }

  // ----- convention (phase 2) -----

  async findConvention(m: EntityManager, dossierId: string): Promise<ConventionRow | undefined> {
    const [row] = await m.query(
      `SELECT id, dossier_id AS "dossierId", amount_cents::float8 AS "amountCents", duration_months AS "durationMonths",
              to_char(signed_at, 'YYYY-MM-DD') AS "signedAt", instalments, indicators, version,
              created_at AS "createdAt", updated_at AS "updatedAt"
         FROM convention WHERE dossier_id = $1`,
      [dossierId],
    );
    return row;
  }

  /** Creates the dossier's convention or replaces its terms (its version goes up). */
  async upsertConvention(m: EntityManager, dossierId: string, value: ConventionInput, createdBy: string): Promise<void> {
    await m.query(
      `INSERT INTO convention (dossier_id, amount_cents, duration_months, signed_at, instalments, indicators, created_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (dossier_id) DO UPDATE SET amount_cents = EXCLUDED.amount_cents, duration_months = EXCLUDED.duration_months,
           signed_at = EXCLUDED.signed_at, instalments = EXCLUDED.instalments, indicators = EXCLUDED.indicators,
           version = convention.version + 1, updated_at = now()`,
      [
        dossierId,
        value.amountCents,
        value.durationMonths,
        value.signedAt,
        JSON.stringify(value.instalments),
        JSON.stringify(value.indicators),
        createdBy,
      ],
    );
  }
}
