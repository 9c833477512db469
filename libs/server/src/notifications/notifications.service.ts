import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isNotificationTemplate, NOTIFICATION_STATUSES, NOTIFICATION_TEMPLATES, NotificationStatus, TEMPLATE_INFO } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { filterUuid, filterValues, idsFilter, ListQuery, ListSpec, UUID_RE } from '../common/list-query';
import { DS_EN_INSTRUCTION, DsChannelService, dsTemplateLabel } from './ds-channel.service';
import { NotificationContentService } from './notification-content.service';

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
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw SQL rows, mapped field by field below
type RawRow = Record<string, any>;

const SELECT = `SELECT n.*, d.project_name FROM notification n LEFT JOIN dossier d ON d.id = n.dossier_id`;

export interface NotificationDto {
  id: string;
  template: string;
  templateLabel: string;
  campaignId: string | null;
  dossierId: string | null;
  avisId: string | null;
  recipient: string;
  recipientName: string | null;
  subject: string | null;
  scheduledFor: string | null;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  sentAt: string | null;
  resendOf: string | null;
  channel: 'email' | 'ds';
  createdAt: string;
  updatedAt: string;
  projectName: string | null;
}

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
    @InjectDataSource() private readonly db: DataSource,
    private readonly content: NotificationContentService,
    private readonly ds: DsChannelService,
  ) {}

  async list(q: ListQuery) {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const f = q.filter;
    const ids = idsFilter(f);
    if (ids) {
      const valid = ids.filter((i) => UUID_RE.test(i));
      where.push(`n.id = ANY(${p(valid)}::uuid[])`);
    }
    if (f.status !== undefined) where.push(`n.status = ANY(${p(filterValues('status', f.status, NOTIFICATION_STATUSES))})`);
    if (f.template !== undefined)
      where.push(`n.template = ANY(${p(filterValues('template', f.template, [...NOTIFICATION_TEMPLATES, DS_EN_INSTRUCTION]))})`);
    if (f.channel !== undefined) where.push(`n.channel = ANY(${p(filterValues('channel', f.channel, ['email', 'ds'] as const))})`);
    if (f.campaignId !== undefined) where.push(`n.campaign_id = ${p(filterUuid('campaignId', f.campaignId))}`);
    if (f.dossierId !== undefined) where.push(`n.dossier_id = ${p(filterUuid('dossierId', f.dossierId))}`);
    if (f.recipient !== undefined) {
      if (typeof f.recipient !== 'string') throw AppError.validation({ 'filter.recipient': 'Valeur de filtre invalide.' });
      where.push(`lower(n.recipient) = lower(${p(f.recipient.trim())})`);
    }
    if (f.q !== undefined) {
      if (typeof f.q !== 'string') throw AppError.validation({ 'filter.q': 'Valeur de filtre invalide.' });
      const term = f.q.trim();
      if (term) {
        const like = p(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        where.push(
          `(n.recipient ILIKE ${like} OR n.recipient_name ILIKE ${like} OR n.subject ILIKE ${like} OR d.project_name ILIKE ${like})`,
        );
      }
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = `${NOTIFICATION_LIST_SPEC.sortable[q.sort.field]} ${q.sort.order} NULLS LAST, n.id`;
    const rows = await this.db.query(`${SELECT} ${w} ORDER BY ${order} OFFSET ${p(q.offset)} LIMIT ${p(q.limit)}`, params);
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM notification n LEFT JOIN dossier d ON d.id = n.dossier_id ${w}`,
      params.slice(0, params.length - 2),
    );
    return { rows: rows.map(toNotificationDto), total };
  }

  async summary(campaignId: unknown) {
    const out = STATUS_ZERO();
    let rows: { status: NotificationStatus; n: number }[];
    if (campaignId !== undefined && campaignId !== '') {
      const id = filterUuid('campaignId', campaignId, 'Identifiant de campagne invalide.');
      rows = await this.db.query(`SELECT status, count(*)::int AS n FROM notification WHERE campaign_id = $1 GROUP BY status`, [id]);
    } else {
      rows = await this.db.query(`SELECT status, count(*)::int AS n FROM notification GROUP BY status`);
    }
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  private async row(id: string): Promise<RawRow> {
    const [r] = await this.db.query(`${SELECT} WHERE n.id = $1`, [id]);
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
    const [created] = await this.db.query(
      `INSERT INTO notification (template, channel, idempotency_key, campaign_id, dossier_id, avis_id, phase, recipient, recipient_name,
                                 recipient_user_id, variables, scheduled_for, resend_of)
       SELECT template, channel, idempotency_key || '|renvoi|' || gen_random_uuid(), campaign_id, dossier_id, avis_id, phase, recipient,
              recipient_name, recipient_user_id, variables || jsonb_build_object('resentBy', $2::text), now(), id
         FROM notification WHERE id = $1 RETURNING id`,
      [id, user.id],
    );
    return this.get(created.id);
  }

  async cancel(id: string) {
    const r = await this.row(id);
    if (r.status !== 'planned' && r.status !== 'failed') {
      throw AppError.conflict('NOTIFICATION_NOT_CANCELLABLE', 'Seul un courriel planifié ou en échec peut être annulé.', {
        status: r.status,
      });
    }
    await this.db.query(
      `UPDATE notification SET status = 'cancelled', cancelled_reason = 'Annulé à la main.', updated_at = now()
        WHERE id = $1 AND status IN ('planned','failed')`,
      [id],
    );
    return this.get(id);
  }

  /** What the campaign will send, when, to how many: one item per date and template. */
  async schedule(campaignId: string) {
    const [c] = await this.db.query(`SELECT id FROM campaign WHERE id = $1`, [campaignId]);
    if (!c) throw AppError.notFound('Campagne introuvable.');
    const rows: { at: Date | null; calendar_field: string | null; template: string; status: NotificationStatus; n: number }[] =
      await this.db.query(
        `SELECT scheduled_for AS at, calendar_field, template, status, count(*)::int AS n FROM notification
        WHERE campaign_id = $1 GROUP BY scheduled_for, calendar_field, template, status ORDER BY scheduled_for NULLS LAST, template`,
        [campaignId],
      );
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
