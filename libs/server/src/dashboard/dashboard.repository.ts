import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators';
import { COMPLEMENTS_OVERDUE_SQL } from '../dossiers/dossier-filters';
import { applyDossierScope } from '../dossiers/dossier-scope';

/** A reviewer's avis of a campaign ($1 the reviewer, $2 the campaign). */
const REVIEWER_AVIS = `FROM avis a JOIN dossier d ON d.id = a.dossier_id WHERE a.reviewer_id = $1 AND d.campaign_id = $2`;

/** The dossiers of one campaign a user may see, as SQL and parameters (the lists' own scope, never a copy of its rule). */
export interface ScopedDossiers {
  sql: string;
  params: unknown[];
}

export interface DashboardCampaignRow {
  id: string;
  name: string;
  envelopeCents: string | number;
  phase1ArreteAt: Date | null;
  phase2ArreteAt: Date | null;
  published_at: Date | null;
  phase1_deposit_deadline: Date | null;
  phase1_announcement_at: Date | null;
  phase2_invitation_at: Date | null;
  phase2_deposit_deadline: Date | null;
  phase2_announcement_at: Date | null;
}

export interface PipelineCountRow {
  phase: number;
  state: string;
  n: number;
}

export interface AvisCompletionRow {
  region: string;
  expected: number;
  rendered: number;
  overdue: number;
}

export interface InstructeurCountsRow {
  toOpen: number;
  eligibilityToDecide: number;
  complementsOverdue: number;
  complementsPending: number;
  readyForCabinet: number;
}

export interface OverdueAvisRow {
  region: string;
  role: string;
  count: number;
}

export interface LastImportRow {
  id: string;
  kind: string;
  phase: number;
  status: string;
  createdAt: Date;
  finishedAt: Date | null;
  created: number;
  updated: number;
  skipped: number;
  errorCount: number;
}

export interface ReviewerCountsRow {
  toWrite: number;
  drafts: number;
  overdue: number;
  renderedThisWeek: number;
  rendered: number;
}

export interface ReviewerNextRow {
  id: string;
  dossierId: string;
  projectName: string;
  region: string;
  role: string;
  status: string;
  dueAt: Date | null;
  overdue: boolean;
}

export interface CabinetPhaseRow {
  phase: number;
  awaiting: number;
  laureat: number;
  nonRetenu: number;
  usedCents: string;
}

export interface ImportCountsRow {
  running: number;
  failed: number;
  total: number;
}

/** The dashboard's reads: each figure computed in SQL, the scoped ones over the caller's dossiers of the campaign. */
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The campaign asked for, else the latest published one (undefined when there is none). */
  async findCampaign(id: string | undefined, m: EntityManager = this.db.manager): Promise<DashboardCampaignRow | undefined> {
    const rows: DashboardCampaignRow[] = await m.query(
      `SELECT id, name, envelope_cents::bigint AS "envelopeCents", phase1_arrete_at AS "phase1ArreteAt", phase2_arrete_at AS "phase2ArreteAt",
              published_at, phase1_deposit_deadline, phase1_announcement_at, phase2_invitation_at, phase2_deposit_deadline, phase2_announcement_at
         FROM campaign ${id ? 'WHERE id = $1' : 'ORDER BY published_at DESC, created_at DESC LIMIT 1'}`,
      id ? [id] : [],
    );
    return rows[0];
  }

  /** The scope as a CTE: the scope's own query builder over the campaign's dossiers. */
  scopedDossiers(user: AuthUser, campaignId: string): ScopedDossiers {
    const qb = this.db.createQueryBuilder().select('d.id', 'id').from('dossier', 'd').where('d.campaign_id = :campaignId', { campaignId });
    applyDossierScope(qb, user, 'd');
    const [sql, params] = qb.getQueryAndParameters();
    return { sql, params };
  }

  async pipelineCounts(scope: ScopedDossiers): Promise<PipelineCountRow[]> {
    return this.scoped(
      scope,
      `SELECT d.phase, d.state, count(*)::int AS n FROM dossier d JOIN scoped s ON s.id = d.id GROUP BY d.phase, d.state`,
    );
  }

  async avisCompletionByRegion(scope: ScopedDossiers): Promise<AvisCompletionRow[]> {
    return this.scoped(
      scope,
      `SELECT d.region, count(*)::int AS expected, count(*) FILTER (WHERE a.status = 'rendu')::int AS rendered,
              count(*) FILTER (WHERE a.status IN ('a_rediger','brouillon') AND a.due_at < now())::int AS overdue
         FROM avis a JOIN dossier d ON d.id = a.dossier_id JOIN scoped s ON s.id = d.id
        WHERE a.status IN ('a_rediger','brouillon','rendu')
        GROUP BY d.region ORDER BY d.region`,
    );
  }

  async instructeurCounts(scope: ScopedDossiers): Promise<InstructeurCountsRow> {
    const [c] = await this.scoped<InstructeurCountsRow>(
      scope,
      `SELECT count(*) FILTER (WHERE d.state = 'depose')::int AS "toOpen",
              count(*) FILTER (WHERE d.state = 'en_instruction' AND d.eligibility = 'a_verifier')::int AS "eligibilityToDecide",
              count(*) FILTER (WHERE ${COMPLEMENTS_OVERDUE_SQL('d')})::int AS "complementsOverdue",
              count(*) FILTER (WHERE d.state = 'en_attente_complements')::int AS "complementsPending",
              count(*) FILTER (WHERE d.state = 'instruit')::int AS "readyForCabinet"
         FROM dossier d JOIN scoped s ON s.id = d.id`,
    );
    return c;
  }

  async countOverdueAvisByRegionRole(scope: ScopedDossiers): Promise<OverdueAvisRow[]> {
    return this.scoped(
      scope,
      `SELECT d.region, a.role, count(*)::int AS count
         FROM avis a JOIN dossier d ON d.id = a.dossier_id JOIN scoped s ON s.id = d.id
        WHERE a.status IN ('a_rediger','brouillon') AND a.due_at < now()
        GROUP BY d.region, a.role ORDER BY count DESC, d.region, a.role`,
    );
  }

  async cabinetByPhase(scope: ScopedDossiers): Promise<CabinetPhaseRow[]> {
    return this.scoped(
      scope,
      `SELECT d.phase, count(*) FILTER (WHERE d.state = 'instruit')::int AS awaiting,
              count(*) FILTER (WHERE d.state = 'laureat')::int AS laureat,
              count(*) FILTER (WHERE d.state = 'non_retenu')::int AS "nonRetenu",
              coalesce(sum(d.decision_amount_cents) FILTER (WHERE d.state = 'laureat'), 0)::bigint AS "usedCents"
         FROM dossier d JOIN scoped s ON s.id = d.id GROUP BY d.phase`,
    );
  }

  async lastImport(campaignId: string, m: EntityManager = this.db.manager): Promise<LastImportRow | undefined> {
    const [row] = await m.query(
      `SELECT id, kind, phase, status, created_at AS "createdAt", finished_at AS "finishedAt", created, updated, skipped,
              jsonb_array_length(errors)::int AS "errorCount"
         FROM import_run WHERE campaign_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [campaignId],
    );
    return row;
  }

  async countFailedNotifications(m: EntityManager = this.db.manager): Promise<number> {
    const [{ failed }] = await m.query(`SELECT count(*)::int AS failed FROM notification WHERE status = 'failed'`);
    return failed;
  }

  async reviewerCounts(reviewerId: string, campaignId: string, m: EntityManager = this.db.manager): Promise<ReviewerCountsRow> {
    const [c] = await m.query(
      `SELECT count(*) FILTER (WHERE a.status = 'a_rediger')::int AS "toWrite",
              count(*) FILTER (WHERE a.status = 'brouillon')::int AS "drafts",
              count(*) FILTER (WHERE a.status IN ('a_rediger','brouillon') AND a.due_at < now())::int AS "overdue",
              count(*) FILTER (WHERE a.status = 'rendu'
                AND a.rendered_at >= (date_trunc('week', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris'))::int AS "renderedThisWeek",
              count(*) FILTER (WHERE a.status = 'rendu')::int AS "rendered"
         ${REVIEWER_AVIS}`,
      [reviewerId, campaignId],
    );
    return c;
  }

  /** The reviewer's next ten open avis: overdue first, then by due date. */
  async reviewerNext(reviewerId: string, campaignId: string, m: EntityManager = this.db.manager): Promise<ReviewerNextRow[]> {
    return m.query(
      `SELECT a.id, a.dossier_id AS "dossierId", d.project_name AS "projectName", d.region, a.role, a.status, a.due_at AS "dueAt",
              (a.due_at IS NOT NULL AND a.due_at < now()) AS overdue
         ${REVIEWER_AVIS} AND a.status IN ('a_rediger','brouillon')
        ORDER BY (a.due_at IS NOT NULL AND a.due_at < now()) DESC, a.due_at ASC NULLS LAST, a.id LIMIT 10`,
      [reviewerId, campaignId],
    );
  }

  async importCounts(campaignId: string, m: EntityManager = this.db.manager): Promise<ImportCountsRow> {
    const [imports] = await m.query(
      `SELECT count(*) FILTER (WHERE status IN ('queued','running'))::int AS running,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*)::int AS total
         FROM import_run WHERE campaign_id = $1`,
      [campaignId],
    );
    return imports;
  }

  /** Active regional accounts (CRESS, correspondant ESS) with no region: they see nothing. */
  async countRegionalUsersWithoutRegion(m: EntityManager = this.db.manager): Promise<number> {
    const [{ n }] = await m.query(
      `SELECT count(*)::int AS n FROM app_user
        WHERE active AND (roles && ARRAY['cress','correspondant_ess']::text[]) AND coalesce(array_length(regions, 1), 0) = 0`,
    );
    return n;
  }

  /** Runs `sql` with the scope as the CTE `scoped`, its own $n shifted after the scope's parameters. */
  private scoped<T>(scope: ScopedDossiers, sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query(`WITH scoped AS (${scope.sql}) ${sql.replace(/\$(\d+)/g, (_m, n) => `$${Number(n) + scope.params.length}`)}`, [
      ...scope.params,
      ...params,
    ]);
  }
}
