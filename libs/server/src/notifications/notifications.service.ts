import { Injectable } from '@nestjs/common';
import { isNotificationTemplate, NOTIFICATION_STATUSES, NOTIFICATION_TEMPLATES, NotificationStatus, TEMPLATE_INFO } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { filterUuid, filterValues, idsFilter, ListQuery, ListSpec, UUID_RE } from '../common/list-query';
import { DS_EN_INSTRUCTION, DsChannelService, dsTemplateLabel } from './ds-channel.service';
import { NotificationContentService } from './notification-content.service';
import { NotificationListFilter, NotificationRawRow, NotificationsRepository } from './notifications.repository';
import type { NotificationDto } from '@ptce/domain';

export const NOTIFICATION_LIST_SPEC: ListSpec = {
  sortable: {
    scheduledFor: 'n.scheduled_for',
    createdAt: 'n.created_at',
    status: 'n.status',
    sentAt: 'n.sent_at',
  },
  filters: ['status', 'template', 'campaignId', 'dossierId', 'recipient', 'q', 'channel'],
  defaultSort: { field: 'scheduledFor', order: 'DESC' },
};

/** A notification row as PostgreSQL returns it (snake_case columns plus the dossier's project name). */
type RawRow = NotificationRawRow;

export type { NotificationDto } from '@ptce/domain';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toNotificationDto(r: RawRow): NotificationDto {
  return {
    id: r.id,
    template: r.template,
    templateLabel: TEMPLATE_INFO[r.template as keyof typeof TEMPLATE_INFO]?.label ?? dsTemplateLabel(r.template) ?? r.template,
    campaignId: r.campaign_id,
    dossierId: r.dossier_id,
    avisId: r.avis_id,
    recipient: r.recipient,
    recipientName: r.recipient_name,
    subject: r.subject ?? null,
    scheduledFor: iso(r.scheduled_for),
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    messageId: r.message_id,
    sentAt: iso(r.sent_at),
    resendOf: r.resend_of,
    channel: r.channel,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    projectName: r.project_name ?? null,
  };
}

const STATUS_ZERO = () => ({ planned: 0, queued: 0, sent: 0, failed: 0, cancelled: 0 }) as Record<NotificationStatus, number>;

/** The notification rows for people: list, counts, one row, its preview, resend and cancel; the campaign's schedule. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly content: NotificationContentService,
    private readonly ds: DsChannelService,
    private readonly repo: NotificationsRepository,
  ) {}

  async list(q: ListQuery) {
    const filter: NotificationListFilter = {};
    const f = q.filter;
    const ids = idsFilter(f);
    if (ids) filter.ids = ids.filter((i) => UUID_RE.test(i));
    if (f.status !== undefined) filter.statuses = filterValues('status', f.status, NOTIFICATION_STATUSES);
    if (f.template !== undefined) filter.templates = filterValues('template', f.template, [...NOTIFICATION_TEMPLATES, DS_EN_INSTRUCTION]);
    if (f.channel !== undefined) filter.channels = filterValues('channel', f.channel, ['email', 'ds'] as const);
    if (f.campaignId !== undefined) filter.campaignId = filterUuid('campaignId', f.campaignId);
    if (f.dossierId !== undefined) filter.dossierId = filterUuid('dossierId', f.dossierId);
    if (f.recipient !== undefined) {
      if (typeof f.recipient !== 'string') throw AppError.validation({ 'filter.recipient': 'Valeur de filtre invalide.' });
      filter.recipient = f.recipient.trim();
    }
    if (f.q !== undefined) {
      if (typeof f.q !== 'string') throw AppError.validation({ 'filter.q': 'Valeur de filtre invalide.' });
      const term = f.q.trim();
      // LIKE's own characters are searched for literally.
      if (term) filter.term = term.replace(/[\\%_]/g, (c) => `\\${c}`);
    }
    const { rows, total } = await this.repo.findPage(
      filter,
      NOTIFICATION_LIST_SPEC.sortable[q.sort.field]!,
      q.sort.order,
      q.offset,
      q.limit,
    );
    return { rows: rows.map(toNotificationDto), total };
  }

  async summary(campaignId: unknown) {
    const out = STATUS_ZERO();
    let rows: { status: NotificationStatus; n: number }[];
    if (campaignId !== undefined && campaignId !== '') {
      const id = filterUuid('campaignId', campaignId, 'Identifiant de campagne invalide.');
      rows = await this.repo.countByStatus(id);
    } else {
      rows = await this.repo.countByStatus();
    }
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  private async row(id: string): Promise<RawRow> {
    const r = await this.repo.findForPeople(id);
    if (!r) throw AppError.notFound('Courriel introuvable.');
    return r;
  }

  async get(id: string) {
    return toNotificationDto(await this.row(id));
  }

  async preview(id: string) {
    const r = await this.row(id);
    if (r.channel === 'ds')
      return this.ds.preview(r as { template: string; variables: Record<string, unknown>; dossier_id: string | null });
    const mail = await this.content.render({
      template: r.template,
      campaignId: r.campaign_id,
      dossierId: r.dossier_id,
      avisId: r.avis_id,
      phase: r.phase,
      recipientName: r.recipient_name,
      recipientUserId: r.recipient_user_id,
      variables: r.variables,
    });
    return { subject: mail.subject, html: mail.html, text: mail.text };
  }

  /** A new row for the same e-mail (sent again at once), pointing at the original. */
  async resend(user: AuthUser, id: string) {
    const r = await this.row(id);
    if (r.status === 'planned' || r.status === 'queued') {
      throw AppError.conflict('NOTIFICATION_NOT_RESENDABLE', 'Ce courriel n’est pas encore parti : il n’y a rien à renvoyer.');
    }
    const createdId = await this.repo.insertResend(id, user.id);
    return this.get(createdId);
  }

  async cancel(id: string) {
    const r = await this.row(id);
    if (r.status !== 'planned' && r.status !== 'failed') {
      throw AppError.conflict('NOTIFICATION_NOT_CANCELLABLE', 'Seul un courriel planifié ou en échec peut être annulé.', {
        status: r.status,
      });
    }
    await this.repo.cancelByHand(id);
    return this.get(id);
  }

  /** What the campaign will send, when, to how many: one item per date and template. */
  async schedule(campaignId: string) {
    if (!(await this.repo.campaignExists(campaignId))) throw AppError.notFound('Campagne introuvable.');
    const rows = await this.repo.scheduleCounts(campaignId);
    const items = new Map<
      string,
      {
        at: string | null;
        calendarField: string | null;
        template: string;
        templateLabel: string;
        recipients: number;
        byStatus: Record<NotificationStatus, number>;
      }
    >();
    for (const r of rows) {
      const at = iso(r.at);
      const key = `${at}|${r.template}|${r.calendar_field}`;
      let item = items.get(key);
      if (!item) {
        item = {
          at,
          calendarField: r.calendar_field,
          template: r.template,
          templateLabel: isNotificationTemplate(r.template) ? TEMPLATE_INFO[r.template].label : (dsTemplateLabel(r.template) ?? r.template),
          recipients: 0,
          byStatus: STATUS_ZERO(),
        };
        items.set(key, item);
      }
      item.byStatus[r.status] += r.n;
      if (r.status !== 'cancelled') item.recipients += r.n;
    }
    // Rows whose campaign date is not set yet (phase 2 announcement "date to be fixed") have no `at`: listed apart.
    const all = [...items.values()];
    return {
      campaignId,
      items: all.filter((i) => i.at !== null),
      undated: all.filter((i) => i.at === null).map(({ at: _at, ...rest }) => rest),
    };
  }
}
