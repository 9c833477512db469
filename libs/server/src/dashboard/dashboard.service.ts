import { Injectable } from '@nestjs/common';
import { CALENDAR_FIELD_LABELS, CALENDAR_FIELDS, DOSSIER_STATES, isReviewerRole, regionName } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { UUID_RE } from '../common/list-query';
import { DashboardRepository, ScopedDossiers } from './dashboard.repository';

const NATIONAL = ['instructeur', 'admin', 'cabinet'];

/**
 * GET /api/dashboard: the caller's figures for one campaign (the given one, else the latest), each computed in SQL over
 * the dossiers the caller may see (the lists' own scope), one section per role the caller holds. Each figure has a
 * matching list filter, so that the UI links it to the filtered list.
 */
@Injectable()
export class DashboardService {
  constructor(private readonly repo: DashboardRepository) {}

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
    const scope = this.repo.scopedDossiers(user, campaign.id);
    const pipelineRows = await this.repo.pipelineCounts(scope);
    const pipeline = [1, 2].map((phase) => {
      const byState = Object.fromEntries(DOSSIER_STATES.map((s) => [s, 0])) as Record<string, number>;
      for (const r of pipelineRows) if (r.phase === phase) byState[r.state] = r.n;
      return { phase, total: Object.values(byState).reduce((a, b) => a + b, 0), byState };
    });
    const completion = await this.repo.avisCompletionByRegion(scope);
    const avisCompletion = completion.map((r) => ({ ...r, regionLabel: regionName(r.region) ?? r.region }));

    return {
      campaign,
      roles: user.roles,
      pipeline,
      avisCompletion,
      instructeur: user.roles.some((r) => r === 'instructeur' || r === 'admin') ? await this.instructeur(scope, campaign.id) : null,
      reviewer: reviewer ? await this.reviewer(user, campaign.id) : null,
      cabinet: user.roles.includes('cabinet') ? await this.cabinet(scope, campaign) : null,
      admin: user.roles.includes('admin') ? await this.admin(campaign) : null,
      national,
    };
  }

  private async campaign(raw: unknown) {
    if (raw !== undefined && raw !== '' && (typeof raw !== 'string' || !UUID_RE.test(raw)))
      throw AppError.validation({ campaignId: 'Campagne invalide.' });
    const c = await this.repo.findCampaign(raw ? (raw as string) : undefined);
    if (!c) {
      if (raw) throw AppError.notFound('Campagne introuvable.');
      return null;
    }
    const at = (v: Date | null) => (v ? new Date(v).toISOString() : null);
    return {
      id: c.id,
      name: c.name,
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

  private async instructeur(scope: ScopedDossiers, campaignId: string) {
    const c = await this.repo.instructeurCounts(scope);
    const overdue = await this.repo.countOverdueAvisByRegionRole(scope);
    const lastImport = await this.repo.lastImport(campaignId);
    const failed = await this.repo.countFailedNotifications();
    return {
      ...c,
      avisOverdue: overdue.reduce((n, r) => n + r.count, 0),
      avisOverdueByRegionRole: overdue.map((r) => ({ ...r, regionLabel: regionName(r.region) ?? r.region })),
      lastImport: lastImport ? { ...lastImport, createdAt: iso(lastImport.createdAt), finishedAt: iso(lastImport.finishedAt) } : null,
      failedEmails: failed,
    };
  }

  private async reviewer(user: AuthUser, campaignId: string) {
    const c = await this.repo.reviewerCounts(user.id, campaignId);
    const next = await this.repo.reviewerNext(user.id, campaignId);
    return { ...c, next: next.map((r) => ({ ...r, dueAt: iso(r.dueAt) })) };
  }

  private async cabinet(
    scope: ScopedDossiers,
    campaign: { envelopeCents: number; phase1ArreteAt: string | null; phase2ArreteAt: string | null },
  ) {
    const rows = await this.repo.cabinetByPhase(scope);
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
    const imports = await this.repo.importCounts(campaign.id);
    const n = await this.repo.countRegionalUsersWithoutRegion();
    const now = Date.now();
    const calendar = CALENDAR_FIELDS.map((field) => ({
      field,
      label: CALENDAR_FIELD_LABELS[field],
      at: campaign.calendar[field] ?? null,
    })).map((e) => ({ ...e, past: e.at !== null && new Date(e.at).getTime() < now }));
    return { imports, usersWithoutRegion: n, calendar, nextDate: calendar.find((e) => e.at && !e.past) ?? null };
  }
}

function iso(v: Date | string | null | undefined): string | null {
  return v ? new Date(v).toISOString() : null;
}
