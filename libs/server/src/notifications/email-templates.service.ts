import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isNotificationTemplate, NOTIFICATION_TEMPLATES, NotificationTemplate, TEMPLATE_INFO } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { UUID_RE } from '../common/list-query';
import { NotificationContentService } from './notification-content.service';
import { EmailTemplateEntity } from './notification.entity';
import { NotificationTemplateRepository } from './notification-template.repository';
import { NotificationsRepository } from './notifications.repository';
import { renderMail, TemplateTexts, validateTemplate } from './template-renderer';

/** Fictitious values for a preview without a dossier. */
const SAMPLE: Record<string, unknown> = {
  projectName: 'Pôle coopératif du pays de Morlaix',
  structureName: 'Association Pôle ESS Morlaix',
  referentName: 'Jeanne Exemple',
  campaignName: 'AMI PTCE 2021 — relance des pôles territoriaux de coopération économique',
  region: '53',
  regionLabel: 'Bretagne',
  dossierUrl: 'https://ptce.example.org/#/dossiers/exemple/show',
  phase: 1,
  depositedAt: '20/06/2021',
  announcementAt: '19/07/2021',
  motif: 'La gouvernance décrite ne permet pas la participation active des membres.',
  amount: '50 000,00 €',
  message: 'Merci de transmettre les statuts signés et le dernier bilan approuvé.',
  dueAt: '15/12/2026',
  invitationAt: '26/07/2021',
  phase2DepositDeadline: '30/09/2021 23:59',
  dsUrl: 'https://www.demarches-simplifiees.fr/',
  daysLeft: 14,
  reviewerName: 'Camille Relectrice',
  count: 2,
  avis: [
    {
      projectName: 'Pôle coopératif du pays de Morlaix',
      structureName: 'Association Pôle ESS Morlaix',
      regionLabel: 'Bretagne',
      dueAt: '15/12/2026',
      url: 'https://ptce.example.org/#/avis/1',
    },
    {
      projectName: 'Coopérative des Monts d’Arrée',
      structureName: 'SCIC Arrée',
      regionLabel: 'Bretagne',
      dueAt: '18/12/2026',
      url: 'https://ptce.example.org/#/avis/2',
    },
  ],
  inboxUrl: 'https://ptce.example.org/#/avis',
  overdue: false,
  avisUrl: 'https://ptce.example.org/#/avis/1',
  recipientName: 'Instructeur Exemple',
  weekLabel: '2026-W50',
  states: [
    { label: 'En instruction', count: 42 },
    { label: 'Instruit', count: 12 },
  ],
  overdueAvis: 3,
  failedEmails: 0,
  backOfficeUrl: 'https://ptce.example.org/#/',
};

function toDto(code: NotificationTemplate, t: { subject: string; html: string; text: string; updatedAt: Date | null }) {
  const info = TEMPLATE_INFO[code];
  return {
    id: code,
    code,
    label: info.label,
    description: info.description,
    audience: info.audience,
    subject: t.subject,
    html: t.html,
    text: t.text,
    variables: [...info.variables],
    dsDuplicate: info.dsDuplicate,
    updatedAt: t.updatedAt ? t.updatedAt.toISOString() : null,
  };
}

function texts(body: unknown): TemplateTexts {
  const b = (body ?? {}) as Record<string, unknown>;
  const details: Record<string, string> = {};
  for (const f of ['subject', 'html', 'text'] as const) {
    if (typeof b[f] !== 'string' || !(b[f] as string).trim()) details[f] = 'Ce champ est obligatoire.';
  }
  if (Object.keys(details).length) throw AppError.validation(details, 'Le modèle est incomplet : objet, HTML et texte sont obligatoires.');
  return { subject: b.subject as string, html: b.html as string, text: b.text as string };
}

/** The editable French templates: list, read, save (checked first), preview on a real dossier or on sample values. */
@Injectable()
export class EmailTemplatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly content: NotificationContentService,
    private readonly templates: NotificationTemplateRepository,
    private readonly notifications: NotificationsRepository,
  ) {}

  private code(code: string): NotificationTemplate {
    if (!isNotificationTemplate(code)) throw AppError.notFound('Modèle de courriel introuvable.');
    return code;
  }

  async list() {
    const rows = await this.db.getRepository(EmailTemplateEntity).find();
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return NOTIFICATION_TEMPLATES.map((c) => {
      const r = byCode.get(c);
      return toDto(c, r ?? { subject: '', html: '', text: '', updatedAt: null });
    });
  }

  async get(code: string) {
    const c = this.code(code);
    const t = await this.db.getRepository(EmailTemplateEntity).findOne({ where: { code: c } });
    if (!t) throw AppError.notFound('Modèle de courriel introuvable.');
    return toDto(c, t);
  }

  async update(user: AuthUser, code: string, body: unknown) {
    const c = this.code(code);
    const t = texts(body);
    validateTemplate(c, t);
    await this.templates.upsert(c, t, user.id);
    return this.get(c);
  }

  /** Renders unsaved texts: on a real dossier when one is given (its latest e-mail of this template if any), else on sample values. */
  async preview(code: string, body: unknown) {
    const c = this.code(code);
    const t = texts(body);
    validateTemplate(c, t);
    const dossierId = (body as Record<string, unknown>)?.dossierId;
    if (dossierId !== undefined && dossierId !== null && dossierId !== '') {
      if (typeof dossierId !== 'string' || !UUID_RE.test(dossierId))
        throw AppError.validation({ dossierId: 'Identifiant de dossier invalide.' });
      const d = await this.notifications.dossierForPreview(dossierId);
      if (!d) throw AppError.notFound('Dossier introuvable.');
      const existing = await this.notifications.latestOfDossier(dossierId, c);
      const avis = await this.notifications.firstAvisOfDossier(dossierId);
      const audience = TEMPLATE_INFO[c].audience;
      const { vars } = await this.content.load({
        template: c,
        campaignId: d.campaign_id,
        dossierId: audience === 'instructeur' ? null : d.id,
        avisId: existing?.avis_id ?? avis?.id ?? null,
        phase: d.phase,
        recipientName: existing?.recipient_name ?? (audience === 'relecteur' ? (avis?.full_name ?? SAMPLE.reviewerName) : d.referent_name),
        recipientUserId: null,
        variables: existing?.variables ?? (avis ? { avisIds: [avis.id] } : {}),
      });
      return renderMail(t, { ...SAMPLE, ...Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== undefined)) });
    }
    return renderMail(t, SAMPLE);
  }
}
