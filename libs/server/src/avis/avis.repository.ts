import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { AvisStatus, DossierState } from '@ptce/domain';
import type { AvisDossierSummary } from './avis.mapper';
import type { AvisEntity } from './avis.entity';
import { returnedRows } from '../database/returned-rows';

/** A reviewer as seen from one dossier: load, region, and what would stop an assignment. */
export interface ReviewerCandidate {
  id: string;
  fullName: string;
  email: string;
  roles: string[];
  regions: string[];
  organisationSiret: string | null;
  active: boolean;
  /** Open avis (à rédiger, brouillon) over every dossier: the load used to balance assignments. */
  openAvisCount: number;
  /** Already holds an open or rendered avis on this dossier. */
  alreadyAssigned: boolean;
  /** Declined an avis on this dossier. */
  declined: boolean;
  /** Reason given when they declared a conflict of interest on this dossier, or null. */
  declaredConflictReason: string | null;
}

/** One avis of a dossier as the synthesis reads it (with the reviewer's name). */
export interface SynthesisAvisRow {
  id: string;
  reviewerId: string;
  reviewerName: string | null;
  role: string;
  status: string;
  required: boolean;
  content: unknown;
  dueAt: Date | null;
  renderedAt: Date | null;
}

/** An avis cancelled or restored in bulk: `status` is the one it had before the cancellation. */
export interface CancelledAvisRow {
  id: string;
  reviewer_id: string;
  reviewer_name: string | null;
  role: string;
  status: string;
}

/** A new avis (status à rédiger, empty content, version 1). */
export interface AvisInsert {
  dossierId: string;
  reviewerId: string;
  role: string;
  required: boolean;
  dueAt: Date;
  assignedBy: string | null;
  assignmentOverrideReason: string | null;
  updatedAt: Date;
}

/** The dossier of an avis as a reviewer's write needs it: the answer's summary, and what the journal row records. */
export interface AvisWriteDossier extends AvisDossierSummary {
  version: number;
}

/** What a reviewer's write reads in one statement: the avis, its dossier, the reviewer's name (for the answer). */
export interface AvisWriteContext {
  avis: AvisEntity;
  dossier: AvisWriteDossier;
  reviewerName: string | null;
}

/** A reviewer's write of their avis: the new status, the content when it changes, the render time when rendered. */
export interface AvisWrite {
  status: AvisStatus;
  content?: { content: Record<string, unknown>; recommendation: string | null; maturity: string | null };
  renderedAt?: Date;
  updatedAt: Date;
}

/** Every avis column but `content`, aliased as AvisEntity names them (for a query builder's select). */
const AVIS_SELECT: readonly [string, string][] = [
  ['id', 'id'],
  ['dossier_id', 'dossierId'],
  ['reviewer_id', 'reviewerId'],
  ['role', 'role'],
  ['status', 'status'],
  ['required', 'required'],
  ['due_at', 'dueAt'],
  ['reminded_at', 'remindedAt'],
  ['reminder_count', 'reminderCount'],
  ['recommendation', 'recommendation'],
  ['maturity', 'maturity'],
  ['rendered_at', 'renderedAt'],
  ['declined_reason', 'declinedReason'],
  ['conflict_reason', 'conflictReason'],
  ['cancelled_reason', 'cancelledReason'],
  ['cancelled_from', 'cancelledFrom'],
  ['cancelled_at', 'cancelledAt'],
  ['assigned_by', 'assignedBy'],
  ['assignment_override_reason', 'assignmentOverrideReason'],
  ['version', 'version'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
];

/** The dossier's columns a reviewer's write reads (as AvisWriteDossier names them, prefixed). */
const DOSSIER_SELECT: readonly [string, string][] = [
  ['campaign_id', 'd_campaignId'],
  ['phase', 'd_phase'],
  ['project_name', 'd_projectName'],
  ['structure_name', 'd_structureName'],
  ['region', 'd_region'],
  ['state', 'd_state'],
  ['version', 'd_version'],
];

/** Every column of an avis, as AvisEntity names them. */
const AVIS_COLUMNS = `id, dossier_id AS "dossierId", reviewer_id AS "reviewerId", role, status, required, due_at AS "dueAt",
  reminded_at AS "remindedAt", reminder_count AS "reminderCount", content, recommendation, maturity, rendered_at AS "renderedAt",
  declined_reason AS "declinedReason", conflict_reason AS "conflictReason", cancelled_reason AS "cancelledReason",
  cancelled_from AS "cancelledFrom", cancelled_at AS "cancelledAt", assigned_by AS "assignedBy",
  assignment_override_reason AS "assignmentOverrideReason", version, created_at AS "createdAt", updated_at AS "updatedAt"`;

const CANDIDATE_SQL = `
  SELECT u.id, u.full_name AS "fullName", u.email, u.roles, u.regions, u.organisation_siret AS "organisationSiret", u.active,
         (SELECT count(*)::int FROM avis l JOIN dossier ld ON ld.id = l.dossier_id
            WHERE l.reviewer_id = u.id AND l.status IN ('a_rediger','brouillon')
              AND ld.state NOT IN ('laureat','non_retenu','ineligible','sans_suite')) AS "openAvisCount",
         EXISTS (SELECT 1 FROM avis x WHERE x.reviewer_id = u.id AND x.dossier_id = $1 AND x.status IN ('a_rediger','brouillon','rendu')) AS "alreadyAssigned",
         EXISTS (SELECT 1 FROM avis x WHERE x.reviewer_id = u.id AND x.dossier_id = $1 AND x.status = 'decline') AS "declined",
         (SELECT coalesce(x.conflict_reason, 'conflit déclaré') FROM avis x WHERE x.reviewer_id = u.id AND x.dossier_id = $1 AND x.status = 'conflit' LIMIT 1) AS "declaredConflictReason"
    FROM app_user u`;

/** The avis area's SQL (avis rows, and the reviewers and dossiers they are read with). */
@Injectable()
export class AvisRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async reviewerNames(m: EntityManager, ids: string[]): Promise<{ id: string; full_name: string }[]> {
    return m.query(`SELECT id, full_name FROM app_user WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  async dossierSummaries(m: EntityManager, ids: string[]): Promise<AvisDossierSummary[]> {
    return m.query(
      `SELECT id, campaign_id AS "campaignId", phase, project_name AS "projectName", structure_name AS "structureName", region, state
         FROM dossier WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
  }

  /** Every avis of the dossier, in the synthesis' order (roles as given, then rendered first, then oldest). */
  async synthesisRows(dossierId: string, roleOrder: string[], m: EntityManager = this.db.manager): Promise<SynthesisAvisRow[]> {
    return m.query(
      `SELECT a.id, a.reviewer_id AS "reviewerId", u.full_name AS "reviewerName", a.role, a.status, a.required, a.content, a.due_at AS "dueAt", a.rendered_at AS "renderedAt"
           FROM avis a LEFT JOIN app_user u ON u.id = a.reviewer_id
          WHERE a.dossier_id = $1
          ORDER BY array_position($2::text[], a.role::text), a.rendered_at NULLS LAST, a.created_at, a.id`,
      [dossierId, roleOrder],
    );
  }

  /**
   * One read for a reviewer's write, on the caller's scoped query (`a` the avis, `d` its dossier, the caller's
   * visibility already applied): every avis column (`content` only when asked: a draft or a submit with content sends
   * its own), the dossier's few columns instead of its whole row (its `sections` alone are ~20 KB), the reviewer's
   * name. `lockDossier`: the dossier row is locked by this same statement (FOR UPDATE OF d; the avis is not locked).
   */
  async writeContext(
    qb: SelectQueryBuilder<AvisEntity>,
    opts: { withContent: boolean; lockDossier: boolean },
  ): Promise<AvisWriteContext | undefined> {
    // "x AS alias" strings: raw columns under our names (a bare `d.phase` would be taken for an entity property).
    qb.select([
      ...AVIS_SELECT.map(([col, alias]) => `a.${col} AS "${alias}"`),
      opts.withContent ? 'a.content AS "content"' : `'{}'::jsonb AS "content"`,
      ...DOSSIER_SELECT.map(([col, alias]) => `d.${col} AS "${alias}"`),
      'u.full_name AS "reviewerName"',
    ]).leftJoin('app_user', 'u', 'u.id = a.reviewer_id');
    if (opts.lockDossier) qb.setLock('pessimistic_write', undefined, ['d']);
    const r = await qb.getRawOne<Record<string, unknown>>();
    if (!r) return undefined;
    const avis = {} as Record<string, unknown>;
    for (const [, alias] of AVIS_SELECT) avis[alias] = r[alias];
    avis.content = r.content;
    return {
      avis: avis as unknown as AvisEntity,
      dossier: {
        id: avis.dossierId as string,
        campaignId: r.d_campaignId as string,
        phase: r.d_phase as 1 | 2,
        projectName: r.d_projectName as string,
        structureName: r.d_structureName as string,
        region: r.d_region as string,
        state: r.d_state as DossierState,
        version: r.d_version as number,
      },
      reviewerName: (r.reviewerName as string | null) ?? null,
    };
  }

  /** The avis row locked (FOR UPDATE), every column. */
  async lockAvis(m: EntityManager, id: string): Promise<AvisEntity | undefined> {
    const [a]: AvisEntity[] = await m.query(`SELECT ${AVIS_COLUMNS} FROM avis WHERE id = $1 FOR UPDATE`, [id]);
    return a;
  }

  /**
   * A reviewer's write in one statement, applied only if the avis is still at `seen` (version and status): answers the
   * row as written, or nothing when it moved in the meantime. The version goes up by one.
   */
  async writeIfUnchanged(
    m: EntityManager,
    id: string,
    seen: { version: number; status: string },
    w: AvisWrite,
  ): Promise<AvisEntity | undefined> {
    const params: unknown[] = [id, seen.version, seen.status, w.status, w.updatedAt];
    const set = ['status = $4', 'updated_at = $5', 'version = version + 1'];
    if (w.content) {
      params.push(JSON.stringify(w.content.content), w.content.recommendation, w.content.maturity);
      set.push(`content = $${params.length - 2}::jsonb`, `recommendation = $${params.length - 1}`, `maturity = $${params.length}`);
    }
    if (w.renderedAt) {
      params.push(w.renderedAt);
      set.push(`rendered_at = $${params.length}`);
    }
    const res = await m.query(
      `UPDATE avis SET ${set.join(', ')} WHERE id = $1 AND version = $2 AND status = $3 RETURNING ${AVIS_COLUMNS}`,
      params,
    );
    return returnedRows<AvisEntity>(res)[0];
  }

  async dossierProgress(m: EntityManager, dossierId: string): Promise<{ state: DossierState; eligibility: string } | undefined> {
    const [d] = await m.query(`SELECT state, eligibility FROM dossier WHERE id = $1`, [dossierId]);
    return d;
  }

  /**
   * New avis in one statement, answered as written (ids and created_at from the database), in the order given. A
   * reviewer who already holds an open or rendered avis on the dossier makes it fail (unique violation, 23505).
   */
  async insertAvis(m: EntityManager, rows: readonly AvisInsert[]): Promise<AvisEntity[]> {
    if (rows.length === 0) return [];
    const params: unknown[] = [];
    const values = rows.map((a) => {
      params.push(a.dossierId, a.reviewerId, a.role, a.required, a.dueAt, a.assignedBy, a.assignmentOverrideReason, a.updatedAt);
      const n = params.length - 8;
      return `($${n + 1},$${n + 2},$${n + 3},'a_rediger',$${n + 4},$${n + 5},NULL,0,'{}',NULL,NULL,NULL,NULL,NULL,$${n + 6},$${n + 7},1,$${n + 8})`;
    });
    const res = await m.query(
      `INSERT INTO avis (dossier_id, reviewer_id, role, status, required, due_at, reminded_at, reminder_count, content, recommendation,
                         maturity, rendered_at, declined_reason, conflict_reason, assigned_by, assignment_override_reason, version, updated_at)
       VALUES ${values.join(',')} RETURNING ${AVIS_COLUMNS}`,
      params,
    );
    const written = returnedRows<AvisEntity>(res);
    // RETURNING follows the VALUES order in practice; matched by reviewer (one open avis each per dossier) regardless.
    return rows.map((r) => written.find((w) => w.reviewerId === r.reviewerId && w.dossierId === r.dossierId)!);
  }

  /** Required avis still counting (à rédiger, brouillon, rendu) of the dossier, by role. */
  async countRequiredByRole(m: EntityManager, dossierId: string): Promise<{ role: string; n: number }[]> {
    return m.query(
      `SELECT role, count(*)::int AS n FROM avis WHERE dossier_id = $1 AND required AND status IN ('a_rediger','brouillon','rendu') GROUP BY role`,
      [dossierId],
    );
  }

  /**
   * Active reviewers holding one of `roles`, either of a national role (`nationalRoles`) or of the dossier's region,
   * with their load and their history on the dossier, in one query.
   */
  async candidatesForRoles(
    m: EntityManager,
    dossierId: string,
    roles: string[],
    nationalRoles: string[],
    region: string,
  ): Promise<ReviewerCandidate[]> {
    // The load of every candidate in one grouped join (a correlated count per reviewer made PostgreSQL hash-join the
    // whole dossier table once per candidate: ~100 ms at 6,000 dossiers, against ~5 ms here).
    return m.query(
      `WITH c AS (SELECT * FROM app_user u WHERE u.active AND u.roles && $2::text[] AND (u.roles && $3::text[] OR $4 = ANY(u.regions))),
            load AS (SELECT l.reviewer_id, count(*)::int AS n FROM avis l JOIN dossier ld ON ld.id = l.dossier_id
                      WHERE l.reviewer_id IN (SELECT id FROM c) AND l.status IN ('a_rediger','brouillon')
                        AND ld.state NOT IN ('laureat','non_retenu','ineligible','sans_suite')
                      GROUP BY l.reviewer_id),
            mine AS (SELECT x.reviewer_id, x.status, x.conflict_reason FROM avis x WHERE x.dossier_id = $1)
       SELECT c.id, c.full_name AS "fullName", c.email, c.roles, c.regions, c.organisation_siret AS "organisationSiret", c.active,
              coalesce(load.n, 0) AS "openAvisCount",
              EXISTS (SELECT 1 FROM mine WHERE mine.reviewer_id = c.id AND mine.status IN ('a_rediger','brouillon','rendu')) AS "alreadyAssigned",
              EXISTS (SELECT 1 FROM mine WHERE mine.reviewer_id = c.id AND mine.status = 'decline') AS "declined",
              (SELECT coalesce(mine.conflict_reason, 'conflit déclaré') FROM mine WHERE mine.reviewer_id = c.id AND mine.status = 'conflit' LIMIT 1) AS "declaredConflictReason"
         FROM c LEFT JOIN load ON load.reviewer_id = c.id`,
      [dossierId, roles, nationalRoles, region],
    );
  }

  /** Active reviewers of the role, of the given region only when `region` is not null, seen from the dossier. */
  async candidatesForRole(m: EntityManager, dossierId: string, role: string, region: string | null): Promise<ReviewerCandidate[]> {
    return m.query(
      `${CANDIDATE_SQL} WHERE u.active AND $2 = ANY(u.roles) ${region !== null ? 'AND $3 = ANY(u.regions)' : ''}`,
      region !== null ? [dossierId, role, region] : [dossierId, role],
    );
  }

  /** One user as a candidate for the dossier (whatever their roles and state: the caller checks them). */
  async candidate(m: EntityManager, dossierId: string, userId: string): Promise<ReviewerCandidate | undefined> {
    const [r]: ReviewerCandidate[] = await m.query(`${CANDIDATE_SQL} WHERE u.id = $2`, [dossierId, userId]);
    return r;
  }

  /** The dossier's open avis (à rédiger, brouillon) become `annule` with the reason; answers them. */
  async cancelOpen(m: EntityManager, dossierId: string, reason: string): Promise<CancelledAvisRow[]> {
    return returnedRows<CancelledAvisRow>(
      await m.query(
        `UPDATE avis a SET cancelled_from = a.status, status = 'annule', cancelled_reason = $2, cancelled_at = now(),
              version = a.version + 1, updated_at = now()
         FROM avis b LEFT JOIN app_user u ON u.id = b.reviewer_id
        WHERE b.id = a.id AND a.dossier_id = $1 AND a.status IN ('a_rediger', 'brouillon')
        RETURNING a.id, a.reviewer_id, u.full_name AS reviewer_name, a.role, a.cancelled_from AS status`,
        [dossierId, reason],
      ),
    );
  }

  /** The dossier's cancelled avis get their former status back, unless the reviewer has another one in the meantime. */
  async restoreCancelled(m: EntityManager, dossierId: string): Promise<CancelledAvisRow[]> {
    return returnedRows<CancelledAvisRow>(
      await m.query(
        `UPDATE avis a SET status = a.cancelled_from, cancelled_from = NULL, cancelled_reason = NULL, cancelled_at = NULL,
              version = a.version + 1, updated_at = now()
         FROM avis b LEFT JOIN app_user u ON u.id = b.reviewer_id
        WHERE b.id = a.id AND a.dossier_id = $1 AND a.status = 'annule'
          AND NOT EXISTS (SELECT 1 FROM avis o WHERE o.dossier_id = a.dossier_id AND o.reviewer_id = a.reviewer_id
                             AND o.status IN ('a_rediger', 'brouillon', 'rendu'))
        RETURNING a.id, a.reviewer_id, u.full_name AS reviewer_name, a.role, a.status`,
        [dossierId],
      ),
    );
  }
}
