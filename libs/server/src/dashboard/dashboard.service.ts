import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CALENDAR_FIELD_LABELS, CALENDAR_FIELDS, DOSSIER_STATES, isReviewerRole, regionName } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { UUID_RE } from '../common/list-query';
import { applyDossierScope } from '../dossiers/dossier-scope';
import { COMPLEMENTS_OVERDUE_SQL } from '../dossiers/dossier-filters';

const NATIONAL = ['instructeur', 'admin', 'cabinet'];

type Params = unknown[];

/**
 * GET /api/dashboard: the caller's figures for one campaign (the given one, else the latest), each computed in SQL over
 * the dossiers the caller may see (the lists' own scope), one section per role the caller holds. Each figure has a
 * matching list filter, so that the UI links it to the filtered list.
 */
@Injectable()
export class DashboardService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forUser(user: AuthUser, campaignIdRaw: unknown) {
    const campaign = await this.campaign(campaignIdRaw);
    const national = user.roles.some((r) => NATIONAL.includes(r));
    const reviewer = user.roles.some((r) => isReviewerRole(r));
    if (!campaign) {
      return {
        campaign: null,
        roles: user.roles,
        pipeline: [],
        avisCompletion: [],
        instructeur: null,
        reviewer: null,
        cabinet: null,
        admin: null,
      };
    }
    // The scoped dossiers of the campaign as a CTE (the scope's own query builder, never a copy of its rule).
    const qb = this.db
      .createQueryBuilder()
      .select('d.id', 'id')
      .from('dossier', 'd')
      .where('d.campaign_id = :campaignId', { campaignId: campaign.id });
    applyDossierScope(qb, user, 'd');
    const [scopeSql, scopeParams] = qb.getQueryAndParameters();
    const q = <T = Record<string, unknown>>(sql: string, params: Params = []): Promise<T[]> =>
      this.db.query(`WITH scoped AS (${scopeSql}) ${sql.replace(/\$(\d+)/g, (_m, n) => `$${Number(n) + scopeParams.length}`)}`, [
        ...scopeParams,
        ...params,
      ]);

    const pipelineRows = await q<{ phase: number; state: string; n: number }>(
      `SELECT d.phase, d.state, count(*)::int AS n FROM dossier d JOIN scoped s ON s.id = d.id GROUP BY d.phase, d.state`,
    );
    const pipeline = [1, 2].map((phase) => {
      const byState = Object.fromEntries(DOSSIER_STATES.map((s) => [s, 0])) as Record<string, number>;
      for (const r of pipelineRows) if (r.phase === phase) byState[r.state] = r.n;
      return { phase, total: Object.values(byState).reduce((a, b) => a + b, 0), byState };
    });
    const completion = await q<{ region: string; expected: number; rendered: number; overdue: number }>(
      `SELECT d.region, count(*)::int AS expected, count(*) FILTER (WHERE a.status = 'rendu')::int AS rendered,
              count(*) FILTER (WHERE a.status IN ('a_rediger','brouillon') AND a.due_at < now())::int AS overdue
         FROM avis a JOIN dossier d ON d.id = a.dossier_id JOIN scoped s ON s.id = d.id
        WHERE a.status IN ('a_rediger','brouillon','rendu')
        GROUP BY d.region ORDER BY d.region`,
    );
    const avisCompletion = completion.map((r) => ({ ...r, regionLabel: regionName(r.region) ?? r.region }));

    return {
      campaign,
      roles: user.roles,
      pipeline,
      avisCompletion,
      instructeur: user.roles.some((r) => r === 'instructeur' || r === 'admin') ? await this.instructeur(q, campaign.id) : null,
      reviewer: reviewer ? await this.reviewer(user, campaign.id) : null,
      cabinet: user.roles.includes('cabinet') ? await this.cabinet(q, campaign) : null,
      admin: user.roles.includes('admin') ? await this.admin(campaign) : null,
      national,
    };
  }

  private async campaign(raw: unknown) {
    if (raw !== undefined && raw !== '' && (typeof raw !== 'string' || !UUID_RE.test(raw)))
      throw AppError.validation({ campaignId: 'Campagne invalide.' });
    const rows = await this.db.query(
      `SELECT id, name, envelope_cents::bigint AS "envelopeCents", phase1_arrete_at AS "phase1ArreteAt", phase2_arrete_at AS "phase2ArreteAt",
              published_at, phase1_deposit_deadline, phase1_announcement_at, phase2_invitation_at, phase2_deposit_deadline, phase2_announcement_at
         FROM campaign ${raw ? 'WHERE id = $1' : 'ORDER BY published_at DESC, created_at DESC LIMIT 1'}`,
      raw ? [raw] : [],
    );
    if (!rows.length) {
      if (raw) throw AppError.notFound('Campagne introuvable.');
      return null;
    }
    const c = rows[0];
    const at = (v: Date | null) => (v ? new Date(v).toISOString() : null);
    return {
      id: c.id as string,
      name: c.name as string,
      envelopeCents: Number(c.envelopeCents),
      phase1ArreteAt: at(c.phase1ArreteAt),
      phase2ArreteAt: at(c.phase2ArreteAt),
      calendar: {
        publishedAt: at(c.published_at),
        phase1DepositDeadline: at(c.phase1_deposit_deadline),
        phase1AnnouncementAt: at(c.phase1_announcement_at),
        phase2InvitationAt: at(c.phase2_invitation_at),
        phase2DepositDeadline: at(c.phase2_deposit_deadline),
        phase2AnnouncementAt: at(c.phase2_announcement_at),
      } as Record<string, string | null>,
    };
  }

  private async instructeur(q: <T>(sql: string, p?: Params) => Promise<T[]>, campaignId: string) {
    const [c] = await q<Record<string, number>>(
      `SELECT count(*) FILTER (WHERE d.state = 'depose')::int AS "toOpen",
              count(*) FILTER (WHERE d.state = 'en_instruction' AND d.eligibility = 'a_verifier')::int AS "eligibilityToDecide",
              count(*) FILTER (WHERE ${COMPLEMENTS_OVERDUE_SQL('d')})::int AS "complementsOverdue",
              count(*) FILTER (WHERE d.state = 'en_attente_complements')::int AS "complementsPending",
              count(*) FILTER (WHERE d.state = 'instruit')::int AS "readyForCabinet"
         FROM dossier d JOIN scoped s ON s.id = d.id`,
    );
    const overdue = await q<{ region: string; role: string; count: number }>(
      `SELECT d.region, a.role, count(*)::int AS count
         FROM avis a JOIN dossier d ON d.id = a.dossier_id JOIN scoped s ON s.id = d.id
        WHERE a.status IN ('a_rediger','brouillon') AND a.due_at < now()
        GROUP BY d.region, a.role ORDER BY count DESC, d.region, a.role`,
    );
    const [lastImport] = await this.db.query(
      `SELECT id, kind, phase, status, created_at AS "createdAt", finished_at AS "finishedAt", created, updated, skipped,
              jsonb_array_length(errors)::int AS "errorCount"
         FROM import_run WHERE campaign_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [campaignId],
    );
    const [{ failed }] = await this.db.query(`SELECT count(*)::int AS failed FROM notification WHERE status = 'failed'`);
    return {
      ...c,
      avisOverdue: overdue.reduce((n, r) => n + r.count, 0),
      avisOverdueByRegionRole: overdue.map((r) => ({ ...r, regionLabel: regionName(r.region) ?? r.region })),
      lastImport: lastImport ? { ...lastImport, createdAt: iso(lastImport.createdAt), finishedAt: iso(lastImport.finishedAt) } : null,
      failedEmails: failed as number,
    };
  }

  private async reviewer(user: AuthUser, campaignId: string) {
    const mine = `FROM avis a JOIN dossier d ON d.id = a.dossier_id WHERE a.reviewer_id = $1 AND d.campaign_id = $2`;
    const [c] = await this.db.query(
      `SELECT count(*) FILTER (WHERE a.status = 'a_rediger')::int AS "toWrite",
              count(*) FILTER (WHERE a.status = 'brouillon')::int AS "drafts",
              count(*) FILTER (WHERE a.status IN ('a_rediger','brouillon') AND a.due_at < now())::int AS "overdue",
              count(*) FILTER (WHERE a.status = 'rendu'
                AND a.rendered_at >= (date_trunc('week', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris'))::int AS "renderedThisWeek",
              count(*) FILTER (WHERE a.status = 'rendu')::int AS "rendered"
         ${mine}`,
      [user.id, campaignId],
    );
    const next = await this.db.query(
      `SELECT a.id, a.dossier_id AS "dossierId", d.project_name AS "projectName", d.region, a.role, a.status, a.due_at AS "dueAt",
              (a.due_at IS NOT NULL AND a.due_at < now()) AS overdue
         ${mine} AND a.status IN ('a_rediger','brouillon')
        ORDER BY (a.due_at IS NOT NULL AND a.due_at < now()) DESC, a.due_at ASC NULLS LAST, a.id LIMIT 10`,
      [user.id, campaignId],
    );
    return { ...c, next: next.map((r: { dueAt: Date | null }) => ({ ...r, dueAt: iso(r.dueAt) })) };
  }

  private async cabinet(
    q: <T>(sql: string, p?: Params) => Promise<T[]>,
    campaign: { envelopeCents: number; phase1ArreteAt: string | null; phase2ArreteAt: string | null },
  ) {
    const rows = await q<{ phase: number; awaiting: number; laureat: number; nonRetenu: number; usedCents: string }>(
      `SELECT d.phase, count(*) FILTER (WHERE d.state = 'instruit')::int AS awaiting,
              count(*) FILTER (WHERE d.state = 'laureat')::int AS laureat,
              count(*) FILTER (WHERE d.state = 'non_retenu')::int AS "nonRetenu",
              coalesce(sum(d.decision_amount_cents) FILTER (WHERE d.state = 'laureat'), 0)::bigint AS "usedCents"
         FROM dossier d JOIN scoped s ON s.id = d.id GROUP BY d.phase`,
    );
    const phases = [1, 2].map((phase) => {
      const r = rows.find((x) => x.phase === phase);
      return {
        phase,
        awaitingDecision: r?.awaiting ?? 0,
        laureat: r?.laureat ?? 0,
        nonRetenu: r?.nonRetenu ?? 0,
        arreteAt: phase === 1 ? campaign.phase1ArreteAt : campaign.phase2ArreteAt,
      };
    });
    const used = Number(rows.find((x) => x.phase === 2)?.usedCents ?? 0);
    return {
      awaitingDecision: phases.reduce((n, p) => n + p.awaitingDecision, 0),
      decided: phases.reduce((n, p) => n + p.laureat + p.nonRetenu, 0),
      phases,
      envelope: { envelopeCents: campaign.envelopeCents, usedCents: used, leftCents: campaign.envelopeCents - used },
    };
  }

  private async admin(campaign: { id: string; calendar: Record<string, string | null> }) {
    const [imports] = await this.db.query(
      `SELECT count(*) FILTER (WHERE status IN ('queued','running'))::int AS running,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*)::int AS total
         FROM import_run WHERE campaign_id = $1`,
      [campaign.id],
    );
    const [{ n }] = await this.db.query(
      `SELECT count(*)::int AS n FROM app_user
        WHERE active AND (roles && ARRAY['cress','correspondant_ess']::text[]) AND coalesce(array_length(regions, 1), 0) = 0`,
    );
    const now = Date.now();
    const calendar = CALENDAR_FIELDS.map((field) => ({
      field,
      label: CALENDAR_FIELD_LABELS[field],
      at: campaign.calendar[field] ?? null,
    })).map((e) => ({ ...e, past: e.at !== null && new Date(e.at).getTime() < now }));
    return { imports, usersWithoutRegion: n as number, calendar, nextDate: calendar.find((e) => e.at && !e.past) ?? null };
  }
}

function iso(v: Date | string | null | undefined): string | null {
  return v ? new Date(v).toISOString() : null;
}
