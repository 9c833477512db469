import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ApplicabilityFacts,
  currentReminderWindow,
  formatEuros,
  formatParis,
  formatParisDate,
  isNotificationTemplate,
  NotificationTemplate,
  parisIsoWeek,
  regionName,
  STATE_LABELS,
  type DossierState,
} from '@ptce/domain';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DEFAULT_TEMPLATES } from './default-templates';
import { EmailTemplateEntity } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';
import { renderMail, RenderedMail, TemplateTexts } from './template-renderer';

export interface ContentSource {
  id?: string;
  template: string;
  campaignId: string | null;
  dossierId: string | null;
  avisId: string | null;
  phase: number | null;
  recipientName: string | null;
  recipientUserId: string | null;
  variables: Record<string, unknown>;
  /** The DOSSIER_FACTS_COLUMNS (notifications.repository.ts) of the dossier, when the caller already read them. */
  dossierFacts?: Record<string, unknown> | null;
}

const OPEN_AVIS = ['a_rediger', 'brouillon'];

/**
 * What an e-mail says: its variables, read fresh from the database at send time (a moved date or a corrected name
 * shows in the e-mail), merged with the facts the event carried (request message, due date, avis ids); and the
 * facts that decide whether it still applies. Also renders with the stored template.
 */
@Injectable()
export class NotificationContentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: NotificationsRepository,
  ) {}

  private url(path: string): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}/#${path}`;
  }

  /** The stored template, read at each send (a primary-key read): an edit applies to the very next e-mail. */
  async template(code: string, m: EntityManager = this.db.manager): Promise<TemplateTexts> {
    const row = await m.getRepository(EmailTemplateEntity).findOne({ where: { code } });
    const t = row ? { subject: row.subject, html: row.html, text: row.text } : DEFAULT_TEMPLATES[code as NotificationTemplate];
    if (!t) throw AppError.notFound('Modèle de courriel introuvable.');
    return t;
  }

  async render(
    src: ContentSource,
    m: EntityManager = this.db.manager,
    texts?: TemplateTexts,
    now: Date = new Date(),
  ): Promise<RenderedMail & ApplicabilityFacts> {
    const { vars, facts } = await this.load(src, m, now);
    const mail = renderMail(texts ?? (await this.template(src.template, m)), vars);
    return { ...mail, ...facts };
  }

  async load(
    src: ContentSource,
    m: EntityManager = this.db.manager,
    now: Date = new Date(),
  ): Promise<{ vars: Record<string, unknown>; facts: ApplicabilityFacts }> {
    if (!isNotificationTemplate(src.template)) throw AppError.notFound('Modèle de courriel introuvable.');
    const snap = src.variables ?? {};
    const vars: Record<string, unknown> = { ...snap };
    const facts: ApplicabilityFacts = {};
    if (typeof snap.dueAt === 'string') vars.dueAt = formatParisDate(snap.dueAt);

    if (src.dossierId && src.template !== 'avis_a_rediger') {
      const d = src.dossierFacts ? src.dossierFacts : await this.repo.dossierFacts(m, src.dossierId);
      if (d) {
        const phase = Number(d.phase);
        const announce = phase === 1 ? d.phase1_announcement_at : d.phase2_announcement_at;
        Object.assign(vars, {
          projectName: d.project_name,
          structureName: d.structure_name,
          referentName: d.referent_name ?? 'Madame, Monsieur',
          campaignName: d.campaign_name,
          region: d.region,
          regionLabel: regionName(d.region) ?? d.region,
          dossierUrl: this.url(`/dossiers/${d.id}/show`),
          phase,
          depositedAt: formatParisDate(d.deposited_at),
          announcementAt: announce ? formatParisDate(announce) : null,
          motif: d.decision_motif ?? snap.motif ?? d.state_motif ?? null,
          amount: formatEuros(d.decision_amount_cents === null ? null : Number(d.decision_amount_cents)),
          invitationAt: formatParisDate(d.phase2_invitation_at),
          phase2DepositDeadline: formatParis(d.phase2_deposit_deadline),
          dsUrl: d.ds_demarche_phase2 ? `https://www.demarches-simplifiees.fr/procedures/${d.ds_demarche_phase2}` : null,
        });
        facts.dossierState = d.state;
        facts.hasPhase2Dossier = d.has_phase2;
      }
    }

    // The bouquet de services allocated to a phase-1 lauréat (seed 001), listed in its decision e-mail.
    if (src.template === 'decision_phase1_laureat' && src.dossierId) {
      vars.services = await this.repo.allocatedServices(m, src.dossierId);
    }

    if (src.template === 'relance_avis' && src.avisId) {
      const a = await this.repo.avisStatusAndDue(m, src.avisId);
      facts.avisOpen = !!a && OPEN_AVIS.includes(a.status);
      // A reminder of a window that is over (the worker was stopped, the due date moved) is not sent late.
      if (a?.due_at && typeof snap.window === 'string')
        facts.reminderWindowCurrent = currentReminderWindow(a.due_at, now)?.key === snap.window;
      Object.assign(vars, {
        reviewerName: src.recipientName,
        dueAt: a?.due_at ? formatParisDate(a.due_at) : vars.dueAt,
        overdue: snap.overdue === true,
        avisUrl: this.url(`/avis/${src.avisId}`),
      });
    }

    if (src.template === 'avis_a_rediger') {
      const ids = Array.isArray(snap.avisIds) ? (snap.avisIds as string[]) : src.avisId ? [src.avisId] : [];
      const rows = ids.length ? await this.repo.avisForDigest(m, ids) : [];
      const open = rows.filter((r) => OPEN_AVIS.includes(r.status));
      facts.avisOpen = open.length > 0;
      Object.assign(vars, {
        reviewerName: src.recipientName,
        count: open.length,
        avis: open.map((r) => ({
          projectName: r.project_name,
          structureName: r.structure_name,
          regionLabel: regionName(r.region) ?? r.region,
          dueAt: r.due_at ? formatParisDate(r.due_at) : 'sans échéance',
          url: this.url(`/avis/${r.id}`),
        })),
        inboxUrl: this.url('/avis'),
      });
    }

    if (src.template === 'recapitulatif_hebdomadaire') {
      const states = await this.repo.countDossiersByState(m);
      const overdue = await this.repo.countOverdueAvis(m);
      const failed = await this.repo.countFailed(m);
      Object.assign(vars, {
        recipientName: src.recipientName,
        weekLabel: typeof snap.week === 'string' ? snap.week : parisIsoWeek(new Date()),
        states: states.map((s) => ({ label: STATE_LABELS[s.state as DossierState] ?? s.state, count: s.count })),
        overdueAvis: overdue,
        failedEmails: failed,
        backOfficeUrl: this.url('/'),
      });
    }
    return { vars, facts };
  }
}
