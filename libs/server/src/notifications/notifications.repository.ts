import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { NotificationStatus, PlanningCalendarField } from '@ptce/domain';
import { returnedRows } from '../database/returned-rows';

/**
 * What an e-mail about a dossier reads from it and its campaign (`d` the dossier, `c` its campaign). The sender
 * selects these columns together with the row, in one query.
 */
export const DOSSIER_FACTS_COLUMNS = `d.id, d.phase, d.state, d.project_name, d.structure_name, d.referent_name, d.region, d.deposited_at,
  d.decision_motif, d.decision_amount_cents, c.name AS campaign_name, c.phase1_announcement_at, c.phase2_announcement_at,
  c.phase2_invitation_at, c.phase2_deposit_deadline, c.ds_demarche_phase2,
  (SELECT j.motif FROM dossier_journal j WHERE j.dossier_id = d.id AND j.to_state = d.state ORDER BY j.id DESC LIMIT 1) AS state_motif,
  EXISTS (SELECT 1 FROM dossier p2 WHERE p2.parent_dossier_id = d.id AND p2.phase = 2) AS has_phase2`;

/** A notification row as PostgreSQL returns it (snake_case columns, plus the dossier's project name on reads for people). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw SQL rows, mapped field by field by the services
export type NotificationRawRow = Record<string, any>;

/** The columns of a new planned row (the idempotency key already computed by the planner). */
export interface PlannedNotificationValues {
  template: string;
  idempotencyKey: string;
  campaignId: string | null;
  dossierId: string | null;
  avisId: string | null;
  phase: number | null;
  recipient: string;
  recipientName: string | null;
  recipientUserId: string | null;
  variables: Record<string, unknown>;
  scheduledFor: Date | null;
  calendarField: string | null;
  calendarOffsetDays: number;
  calendarTime: string | null;
  gatePhase: number | null;
  channel: 'email' | 'ds';
}

export interface OutboxRow {
  id: string;
  type: string;
  dossier_id: string | null;
  campaign_id: string | null;
  payload: Record<string, unknown>;
}

export interface CampaignCalendarRow {
  phase1_announcement_at: Date;
  phase2_invitation_at: Date;
  phase2_deposit_deadline: Date;
  phase2_announcement_at: Date | null;
}

/** A dossier with its campaign's calendar and channel settings, as the planner reads it. */
export interface PlanningDossierRow extends CampaignCalendarRow {
  id: string;
  campaign_id: string;
  phase: number;
  state: string;
  source: string;
  referent_email: string | null;
  referent_name: string | null;
  parent_dossier_id: string | null;
  ds_deposit_acknowledgement: boolean;
  ds_number: number | null;
  ds_channel_enabled: boolean;
}

export interface AssignedAvisRow {
  id: string;
  status: string;
  reviewer_id: string;
  email: string;
  full_name: string;
  dossier_id: string;
  campaign_id: string;
  phase: number;
}

export interface PlannedNotificationRow {
  id: string;
  template: string;
  campaign_id: string | null;
  dossier_id: string | null;
  avis_id: string | null;
  phase: number | null;
  recipient_name: string | null;
  recipient_user_id: string | null;
  variables: Record<string, unknown>;
}

export interface CalendarGroup {
  calendar_field: PlanningCalendarField;
  calendar_offset_days: number;
  calendar_time: string | null;
}

export interface OpenAvisRow {
  id: string;
  due_at: Date;
  created_at: Date;
  reminded_at: Date | null;
  reviewer_id: string;
  email: string;
  full_name: string;
  dossier_id: string;
  campaign_id: string;
  phase: number;
}

export interface AvisReminderRow {
  id: string;
  avis_id: string;
  idempotency_key: string;
  status: string;
}

export interface InstructeurRow {
  id: string;
  email: string;
  full_name: string;
}

export interface DigestAvisRow {
  id: string;
  status: string;
  due_at: Date | null;
  project_name: string;
  structure_name: string;
  region: string;
}

/** A DS row as the DS channel reads it, with its dossier's facts. */
export interface DsRow {
  id: string;
  template: string;
  status: string;
  variables: Record<string, unknown>;
  ds_number: number | null;
  state: string | null;
  ds_channel_enabled: boolean | null;
  decision_motif: string | null;
  state_motif: string | null;
}

export interface DsPreviewFacts {
  ds_number: number | null;
  decision_motif: string | null;
  state_motif: string | null;
}

/** Typed, already validated filters of the notification list. */
export interface NotificationListFilter {
  ids?: string[];
  statuses?: string[];
  templates?: string[];
  channels?: string[];
  campaignId?: string;
  dossierId?: string;
  recipient?: string;
  /** Already escaped for LIKE. */
  term?: string;
}

export interface ScheduleRow {
  at: Date | null;
  calendar_field: string | null;
  template: string;
  status: NotificationStatus;
  n: number;
}

const RELAY_SAVEPOINT = 'relay_event';
const SELECT_FOR_PEOPLE = `SELECT n.*, d.project_name FROM notification n LEFT JOIN dossier d ON d.id = n.dossier_id`;
const PLANNING_DOSSIER_COLUMNS = `d.id, d.campaign_id, d.phase, d.state, d.source, d.referent_email, d.referent_name, d.parent_dossier_id,
              c.phase1_announcement_at, c.phase2_invitation_at, c.phase2_deposit_deadline, c.phase2_announcement_at, c.ds_deposit_acknowledgement,
              d.ds_number, c.ds_channel_enabled`;

/** The SQL of the notification rows, the outbox relay and the facts e-mails are made of. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ------------------------------------------------------------------------------------------------------------
  // Planning

  async insertPlanned(m: EntityManager, v: PlannedNotificationValues): Promise<string | null> {
    const rows = await m.query(
      `INSERT INTO notification (template, idempotency_key, campaign_id, dossier_id, avis_id, phase, recipient, recipient_name, recipient_user_id,
                                 variables, scheduled_for, calendar_field, calendar_offset_days, calendar_time, gate_phase, channel)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
       ON CONFLICT (idempotency_key) WHERE status <> 'cancelled' DO NOTHING RETURNING id`,
      [
        v.template,
        v.idempotencyKey,
        v.campaignId,
        v.dossierId,
        v.avisId,
        v.phase,
        v.recipient,
        v.recipientName,
        v.recipientUserId,
        v.variables,
        v.scheduledFor,
        v.calendarField,
        v.calendarOffsetDays,
        v.calendarTime,
        v.gatePhase,
        v.channel,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /** Many rows in one statement (same unique-key rule as insertPlanned). */
  async insertPlannedMany(m: EntityManager, rows: PlannedNotificationValues[]): Promise<void> {
    const col = <T>(f: (r: PlannedNotificationValues) => T) => rows.map(f);
    await m.query(
      `INSERT INTO notification (template, idempotency_key, campaign_id, dossier_id, avis_id, phase, recipient, recipient_name, recipient_user_id,
                                 variables, scheduled_for, calendar_field, calendar_offset_days, calendar_time, gate_phase, channel)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::uuid[], $4::uuid[], $5::uuid[], $6::smallint[], $7::varchar[], $8::varchar[],
                            $9::uuid[], $10::jsonb[], $11::timestamptz[], $12::varchar[], $13::int[], $14::varchar[], $15::smallint[],
                            $16::varchar[])
       ON CONFLICT (idempotency_key) WHERE status <> 'cancelled' DO NOTHING`,
      [
        col((r) => r.template),
        col((r) => r.idempotencyKey),
        col((r) => r.campaignId),
        col((r) => r.dossierId),
        col((r) => r.avisId),
        col((r) => r.phase),
        col((r) => r.recipient),
        col((r) => r.recipientName),
        col((r) => r.recipientUserId),
        col((r) => JSON.stringify(r.variables)),
        col((r) => r.scheduledFor),
        col((r) => r.calendarField),
        col((r) => r.calendarOffsetDays),
        col((r) => r.calendarTime),
        col((r) => r.gatePhase),
        col((r) => r.channel),
      ],
    );
  }

  /** One relay at a time (transaction-scoped advisory lock). */
  async tryLockRelay(m: EntityManager): Promise<boolean> {
    const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('ptce-notification-relay')) AS locked`);
    return locked;
  }

  async lockUnprocessedOutbox(m: EntityManager, limit: number): Promise<OutboxRow[]> {
    return m.query(
      `SELECT id, type, dossier_id, campaign_id, payload FROM outbox_event WHERE processed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async savepointRelayEvent(m: EntityManager): Promise<void> {
    await m.query(`SAVEPOINT ${RELAY_SAVEPOINT}`);
  }

  async releaseRelayEvent(m: EntityManager): Promise<void> {
    await m.query(`RELEASE SAVEPOINT ${RELAY_SAVEPOINT}`);
  }

  async rollbackRelayEvent(m: EntityManager): Promise<void> {
    await m.query(`ROLLBACK TO SAVEPOINT ${RELAY_SAVEPOINT}`);
  }

  async markOutboxProcessed(m: EntityManager, ids: string[]): Promise<void> {
    await m.query(`UPDATE outbox_event SET processed_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async cancelPlannedGatedByPhase(m: EntityManager, campaignId: string, phase: number, reason: string): Promise<void> {
    await m.query(
      `UPDATE notification SET status = 'cancelled', cancelled_reason = $3, updated_at = now()
        WHERE campaign_id = $1 AND gate_phase = $2 AND status = 'planned'`,
      [campaignId, phase, reason],
    );
  }

  /** The parent of a phase-2 dossier (null for a phase-1 dossier or none). */
  async phase2ParentOf(m: EntityManager, dossierId: string): Promise<string | null> {
    const [d] = await m.query(`SELECT parent_dossier_id FROM dossier WHERE id = $1 AND phase = 2`, [dossierId]);
    return d?.parent_dossier_id ?? null;
  }

  async dossierForPlanning(m: EntityManager, id: string): Promise<PlanningDossierRow | undefined> {
    const [d] = await m.query(
      `SELECT ${PLANNING_DOSSIER_COLUMNS}
         FROM dossier d JOIN campaign c ON c.id = d.campaign_id WHERE d.id = $1`,
      [id],
    );
    return d;
  }

  /** Every decided dossier of a campaign's phase. */
  async decidedDossiersForPlanning(m: EntityManager, campaignId: string, phase: number): Promise<PlanningDossierRow[]> {
    return m.query(
      `SELECT ${PLANNING_DOSSIER_COLUMNS}
         FROM dossier d JOIN campaign c ON c.id = d.campaign_id
        WHERE d.campaign_id = $1 AND d.phase = $2 AND d.state IN ('laureat','non_retenu','ineligible','sans_suite')`,
      [campaignId, phase],
    );
  }

  async assignedAvis(m: EntityManager, avisId: string): Promise<AssignedAvisRow | undefined> {
    const [a] = await m.query(
      `SELECT a.id, a.status, a.reviewer_id, u.email, u.full_name, d.id AS dossier_id, d.campaign_id, d.phase
         FROM avis a JOIN app_user u ON u.id = a.reviewer_id JOIN dossier d ON d.id = a.dossier_id WHERE a.id = $1`,
      [avisId],
    );
    return a;
  }

  /** The reviewer's latest "avis à rédiger" row of the hour still planned, locked. */
  async lockOpenAvisToWrite(m: EntityManager, reviewerId: string, keyLike: string): Promise<{ id: string } | undefined> {
    const [open] = await m.query(
      `SELECT id FROM notification WHERE template = 'avis_a_rediger' AND recipient_user_id = $1 AND status = 'planned'
          AND idempotency_key LIKE $2 ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [reviewerId, keyLike],
    );
    return open;
  }

  async appendAvisToRow(m: EntityManager, notificationId: string, avisId: string): Promise<void> {
    await m.query(
      `UPDATE notification SET variables = jsonb_set(variables, '{avisIds}', COALESCE(variables->'avisIds', '[]'::jsonb) || to_jsonb($2::text)),
              updated_at = now() WHERE id = $1 AND NOT (COALESCE(variables->'avisIds', '[]'::jsonb) ? $2)`,
      [notificationId, avisId],
    );
  }

  async countAvisToWrite(m: EntityManager, reviewerId: string, keyLike: string): Promise<number> {
    const [{ n }] = await m.query(
      `SELECT count(*)::int AS n FROM notification WHERE template = 'avis_a_rediger' AND recipient_user_id = $1 AND idempotency_key LIKE $2`,
      [reviewerId, keyLike],
    );
    return n;
  }

  async lockPlannedOfDossier(m: EntityManager, dossierId: string): Promise<PlannedNotificationRow[]> {
    return m.query(`SELECT * FROM notification WHERE dossier_id = $1 AND status = 'planned' FOR UPDATE`, [dossierId]);
  }

  /** The planned rows about an avis, its own or a digest listing it. */
  async lockPlannedOfAvis(m: EntityManager, avisId: string | undefined): Promise<PlannedNotificationRow[]> {
    return m.query(
      `SELECT * FROM notification WHERE status = 'planned' AND (avis_id = $1 OR (template = 'avis_a_rediger' AND variables->'avisIds' ? $1::text)) FOR UPDATE`,
      [avisId],
    );
  }

  async cancelPlanned(m: EntityManager, id: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE notification SET status = 'cancelled', cancelled_reason = $2, updated_at = now() WHERE id = $1 AND status = 'planned'`,
      [id, reason],
    );
  }

  async campaignDsChannel(m: EntityManager, campaignId: string): Promise<{ ds_channel_enabled: boolean } | undefined> {
    const [c] = await m.query(`SELECT ds_channel_enabled FROM campaign WHERE id = $1`, [campaignId]);
    return c;
  }

  /** Cancels the planned decision rows of the campaign's DS dossiers that are not on `wanted`; returns what they were. */
  async cancelDecisionsOffChannel(
    m: EntityManager,
    campaignId: string,
    wanted: 'ds' | 'email',
    reason: string,
  ): Promise<{ dossier_id: string; variables: Record<string, unknown> }[]> {
    const res = await m.query(
      `UPDATE notification n SET status = 'cancelled', cancelled_reason = $3, updated_at = now()
         FROM dossier d
        WHERE n.dossier_id = d.id AND d.ds_number IS NOT NULL AND n.campaign_id = $1 AND n.status = 'planned'
          AND n.template LIKE 'decision%' AND n.channel <> $2
        RETURNING n.dossier_id, n.variables`,
      [campaignId, wanted, reason],
    );
    return returnedRows(res);
  }

  async campaignCalendar(m: EntityManager, campaignId: string): Promise<CampaignCalendarRow | undefined> {
    const [c] = await m.query(
      `SELECT phase1_announcement_at, phase2_invitation_at, phase2_deposit_deadline, phase2_announcement_at FROM campaign WHERE id = $1`,
      [campaignId],
    );
    return c;
  }

  async plannedCalendarGroups(m: EntityManager, campaignId: string): Promise<CalendarGroup[]> {
    return m.query(
      `SELECT DISTINCT calendar_field, calendar_offset_days, calendar_time FROM notification
        WHERE campaign_id = $1 AND status = 'planned' AND calendar_field IS NOT NULL`,
      [campaignId],
    );
  }

  /** Moves the planned rows of one calendar group to `at`; returns how many moved. */
  async reschedulePlannedGroup(m: EntityManager, campaignId: string, g: CalendarGroup, at: Date | null): Promise<number> {
    const res = await m.query(
      `UPDATE notification SET scheduled_for = $5, updated_at = now()
        WHERE campaign_id = $1 AND status = 'planned' AND calendar_field = $2 AND calendar_offset_days = $3
          AND calendar_time IS NOT DISTINCT FROM $4 AND scheduled_for IS DISTINCT FROM $5`,
      [campaignId, g.calendar_field, g.calendar_offset_days, g.calendar_time, at],
    );
    return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
  }

  /** Open avis with a due date, of active reviewers. */
  async openAvisWithDueDate(m: EntityManager = this.db.manager): Promise<OpenAvisRow[]> {
    return m.query(
      `SELECT a.id, a.due_at, a.created_at, a.reminded_at, a.reviewer_id, u.email, u.full_name, d.id AS dossier_id, d.campaign_id, d.phase
         FROM avis a JOIN app_user u ON u.id = a.reviewer_id JOIN dossier d ON d.id = a.dossier_id
        WHERE a.status IN ('a_rediger','brouillon') AND a.due_at IS NOT NULL AND u.active`,
    );
  }

  async avisReminders(avisIds: string[], m: EntityManager = this.db.manager): Promise<AvisReminderRow[]> {
    return m.query(
      `SELECT id, avis_id, idempotency_key, status FROM notification
            WHERE template = 'relance_avis' AND status <> 'cancelled' AND avis_id = ANY($1::uuid[])`,
      [avisIds],
    );
  }

  async cancelStaleReminders(m: EntityManager, ids: string[]): Promise<void> {
    await m.query(
      `UPDATE notification SET status = 'cancelled', cancelled_reason = 'Fenêtre de relance dépassée.', updated_at = now()
            WHERE id = ANY($1::uuid[]) AND status = 'planned'`,
      [ids],
    );
  }

  async activeInstructeurs(m: EntityManager = this.db.manager): Promise<InstructeurRow[]> {
    return m.query(`SELECT id, email, full_name FROM app_user WHERE active AND 'instructeur' = ANY(roles)`);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Content of an e-mail

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw SQL row read field by field by the content service
  async dossierFacts(m: EntityManager, dossierId: string): Promise<Record<string, any> | undefined> {
    const [d] = await m.query(`SELECT ${DOSSIER_FACTS_COLUMNS} FROM dossier d JOIN campaign c ON c.id = d.campaign_id WHERE d.id = $1`, [
      dossierId,
    ]);
    return d;
  }

  /** The bouquet de services allocated to a dossier. */
  async allocatedServices(m: EntityManager, dossierId: string): Promise<{ title: string; provider: string }[]> {
    return m.query(
      `SELECT s.title, s.provider FROM service_allocation a JOIN campaign_service s ON s.id = a.service_id WHERE a.dossier_id = $1 ORDER BY s.title`,
      [dossierId],
    );
  }

  async avisStatusAndDue(m: EntityManager, avisId: string): Promise<{ status: string; due_at: Date | null } | undefined> {
    const [a] = await m.query(`SELECT status, due_at FROM avis WHERE id = $1`, [avisId]);
    return a;
  }

  async avisForDigest(m: EntityManager, avisIds: string[]): Promise<DigestAvisRow[]> {
    return m.query(
      `SELECT a.id, a.status, a.due_at, d.project_name, d.structure_name, d.region
               FROM avis a JOIN dossier d ON d.id = a.dossier_id WHERE a.id = ANY($1::uuid[]) ORDER BY a.due_at, d.project_name`,
      [avisIds],
    );
  }

  async countDossiersByState(m: EntityManager): Promise<{ state: string; count: number }[]> {
    return m.query(`SELECT state, count(*)::int AS count FROM dossier GROUP BY state ORDER BY state`);
  }

  async countOverdueAvis(m: EntityManager): Promise<number> {
    const [{ overdue }] = await m.query(
      `SELECT count(*)::int AS overdue FROM avis WHERE status IN ('a_rediger','brouillon') AND due_at < now()`,
    );
    return overdue;
  }

  async countFailed(m: EntityManager): Promise<number> {
    const [{ failed }] = await m.query(`SELECT count(*)::int AS failed FROM notification WHERE status = 'failed'`);
    return failed;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Sending

  /** The row, its stored template and the dossier's facts in one query (the burst's hot path). */
  async loadForSending(id: string): Promise<NotificationRawRow | undefined> {
    const [raw] = await this.db.query(
      `SELECT n.id AS n_id, n.template, n.status, n.channel, n.campaign_id, n.dossier_id, n.avis_id, n.phase AS n_phase, n.recipient, n.recipient_name,
              n.recipient_user_id, n.variables, n.scheduled_for, t.subject AS t_subject, t.html AS t_html, t.text AS t_text,
              ${DOSSIER_FACTS_COLUMNS}
         FROM notification n LEFT JOIN email_template t ON t.code = n.template
              LEFT JOIN dossier d ON d.id = n.dossier_id AND n.template <> 'avis_a_rediger' LEFT JOIN campaign c ON c.id = d.campaign_id
        WHERE n.id = $1`,
      [id],
    );
    return raw;
  }

  async queuedBackToPlanned(id: string): Promise<void> {
    await this.db.query(
      `UPDATE notification SET status = 'planned', queued_at = NULL, updated_at = now() WHERE id = $1 AND status = 'queued'`,
      [id],
    );
  }

  async cancelQueued(id: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE notification SET status = 'cancelled', cancelled_reason = $2, updated_at = now() WHERE id = $1 AND status = 'queued'`,
      [id, reason],
    );
  }

  /** One more attempt that failed; `final` turns the row `failed`. */
  async recordFailedAttempt(id: string, message: string, final: boolean): Promise<void> {
    await this.db.query(
      `UPDATE notification SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END, updated_at = now()
          WHERE id = $1 AND status = 'queued'`,
      [id, message, final],
    );
  }

  /** One statement: the row marked sent and, for an avis reminder, the avis's reminder count (atomic, one round trip). */
  async markSentAndCountReminder(id: string, messageId: string, subject: string): Promise<void> {
    await this.db.query(
      `WITH s AS (
         UPDATE notification SET status = 'sent', sent_at = now(), message_id = $2, subject = $3, attempts = attempts + 1, last_error = NULL,
                updated_at = now()
          WHERE id = $1 AND status = 'queued' RETURNING avis_id, template)
       UPDATE avis a SET reminded_at = now(), reminder_count = a.reminder_count + 1 FROM s WHERE s.template = 'relance_avis' AND a.id = s.avis_id`,
      [id, messageId, subject],
    );
  }

  async markSent(id: string, messageId: string, subject: string): Promise<void> {
    await this.db.query(
      `UPDATE notification SET status = 'sent', sent_at = now(), message_id = $2, subject = $3, attempts = attempts + 1, last_error = NULL,
              updated_at = now()
        WHERE id = $1 AND status = 'queued'`,
      [id, messageId, subject],
    );
  }

  // ------------------------------------------------------------------------------------------------------------
  // DS channel

  async loadDsRow(id: string): Promise<DsRow | undefined> {
    const [r] = await this.db.query(
      `SELECT n.id, n.template, n.status, n.variables, d.ds_number, d.state, c.ds_channel_enabled, d.decision_motif,
              (SELECT j.motif FROM dossier_journal j WHERE j.dossier_id = d.id AND j.to_state = d.state ORDER BY j.id DESC LIMIT 1) AS state_motif
         FROM notification n LEFT JOIN dossier d ON d.id = n.dossier_id LEFT JOIN campaign c ON c.id = d.campaign_id
        WHERE n.id = $1`,
      [id],
    );
    return r;
  }

  async dsPreviewFacts(dossierId: string): Promise<DsPreviewFacts | undefined> {
    const [d] = await this.db.query(
      `SELECT d.ds_number, d.decision_motif,
                  (SELECT j.motif FROM dossier_journal j WHERE j.dossier_id = d.id AND j.to_state = d.state ORDER BY j.id DESC LIMIT 1) AS state_motif
             FROM dossier d WHERE d.id = $1`,
      [dossierId],
    );
    return d;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Rows for people

  /** One page of the list and its total, filters already validated; `orderBy` comes from the list spec's whitelist. */
  async findPage(
    filter: NotificationListFilter,
    orderBy: string,
    order: 'ASC' | 'DESC',
    offset: number,
    limit: number,
  ): Promise<{ rows: NotificationRawRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.ids) where.push(`n.id = ANY(${p(filter.ids)}::uuid[])`);
    if (filter.statuses) where.push(`n.status = ANY(${p(filter.statuses)})`);
    if (filter.templates) where.push(`n.template = ANY(${p(filter.templates)})`);
    if (filter.channels) where.push(`n.channel = ANY(${p(filter.channels)})`);
    if (filter.campaignId !== undefined) where.push(`n.campaign_id = ${p(filter.campaignId)}`);
    if (filter.dossierId !== undefined) where.push(`n.dossier_id = ${p(filter.dossierId)}`);
    if (filter.recipient !== undefined) where.push(`lower(n.recipient) = lower(${p(filter.recipient)})`);
    if (filter.term) {
      const like = p(`%${filter.term}%`);
      where.push(
        `(n.recipient ILIKE ${like} OR n.recipient_name ILIKE ${like} OR n.subject ILIKE ${like} OR d.project_name ILIKE ${like})`,
      );
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.query(
      `${SELECT_FOR_PEOPLE} ${w} ORDER BY ${orderBy} ${order} NULLS LAST, n.id OFFSET ${p(offset)} LIMIT ${p(limit)}`,
      params,
    );
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM notification n LEFT JOIN dossier d ON d.id = n.dossier_id ${w}`,
      params.slice(0, params.length - 2),
    );
    return { rows, total };
  }

  async countByStatus(campaignId?: string): Promise<{ status: NotificationStatus; n: number }[]> {
    return campaignId !== undefined
      ? this.db.query(`SELECT status, count(*)::int AS n FROM notification WHERE campaign_id = $1 GROUP BY status`, [campaignId])
      : this.db.query(`SELECT status, count(*)::int AS n FROM notification GROUP BY status`);
  }

  async findForPeople(id: string): Promise<NotificationRawRow | undefined> {
    const [r] = await this.db.query(`${SELECT_FOR_PEOPLE} WHERE n.id = $1`, [id]);
    return r;
  }

  /** A copy of the row sent again at once, pointing at the original; returns the new id. */
  async insertResend(id: string, userId: string): Promise<string> {
    const [created] = await this.db.query(
      `INSERT INTO notification (template, channel, idempotency_key, campaign_id, dossier_id, avis_id, phase, recipient, recipient_name,
                                 recipient_user_id, variables, scheduled_for, resend_of)
       SELECT template, channel, idempotency_key || '|renvoi|' || gen_random_uuid(), campaign_id, dossier_id, avis_id, phase, recipient,
              recipient_name, recipient_user_id, variables || jsonb_build_object('resentBy', $2::text), now(), id
         FROM notification WHERE id = $1 RETURNING id`,
      [id, userId],
    );
    return created.id;
  }

  async cancelByHand(id: string): Promise<void> {
    await this.db.query(
      `UPDATE notification SET status = 'cancelled', cancelled_reason = 'Annulé à la main.', updated_at = now()
        WHERE id = $1 AND status IN ('planned','failed')`,
      [id],
    );
  }

  async campaignExists(campaignId: string): Promise<boolean> {
    const [c] = await this.db.query(`SELECT id FROM campaign WHERE id = $1`, [campaignId]);
    return !!c;
  }

  /** The campaign's rows counted by date, calendar field, template and status. */
  async scheduleCounts(campaignId: string): Promise<ScheduleRow[]> {
    return this.db.query(
      `SELECT scheduled_for AS at, calendar_field, template, status, count(*)::int AS n FROM notification
        WHERE campaign_id = $1 GROUP BY scheduled_for, calendar_field, template, status ORDER BY scheduled_for NULLS LAST, template`,
      [campaignId],
    );
  }

  // ------------------------------------------------------------------------------------------------------------
  // Template preview on a real dossier

  async dossierForPreview(
    dossierId: string,
  ): Promise<{ id: string; campaign_id: string; phase: number; referent_name: string | null } | undefined> {
    const [d] = await this.db.query(`SELECT id, campaign_id, phase, referent_name FROM dossier WHERE id = $1`, [dossierId]);
    return d;
  }

  async latestOfDossier(dossierId: string, template: string): Promise<NotificationRawRow | undefined> {
    const [existing] = await this.db.query(
      `SELECT * FROM notification WHERE dossier_id = $1 AND template = $2 ORDER BY created_at DESC LIMIT 1`,
      [dossierId, template],
    );
    return existing;
  }

  async firstAvisOfDossier(dossierId: string): Promise<{ id: string; full_name: string } | undefined> {
    const [avis] = await this.db.query(
      `SELECT a.id, u.full_name FROM avis a JOIN app_user u ON u.id = a.reviewer_id WHERE a.dossier_id = $1 ORDER BY a.created_at LIMIT 1`,
      [dossierId],
    );
    return avis;
  }

  // ── the worker's dispatcher ───────────────────────────────────────────────────────────────────────────────────

  /** Due `planned` rows (a decision only once its phase's selection is arrêtée) become `queued`, at most `limit`. */
  async queueDue(now: Date, limit: number): Promise<string[]> {
    const res: unknown = await this.db.query(
      `UPDATE notification SET status = 'queued', queued_at = $1, updated_at = now()
        WHERE id IN (
          SELECT n.id FROM notification n LEFT JOIN campaign c ON c.id = n.campaign_id
           WHERE n.status = 'planned' AND n.scheduled_for <= $1
             AND (n.gate_phase IS NULL OR (n.gate_phase = 1 AND c.phase1_arrete_at IS NOT NULL) OR (n.gate_phase = 2 AND c.phase2_arrete_at IS NOT NULL))
           ORDER BY n.scheduled_for, n.id LIMIT $2 FOR UPDATE OF n SKIP LOCKED)
        RETURNING id`,
      [now, limit],
    );
    return returnedRows<{ id: string }>(res).map((r) => r.id);
  }

  /** Rows queued but not handed to Redis go back to `planned`: they wait in PostgreSQL. */
  async unqueue(ids: string[]): Promise<void> {
    await this.db.query(`UPDATE notification SET status = 'planned', queued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'queued'`, [
      ids,
    ]);
  }

  /** Rows `queued` since before `before` (their job may be lost). */
  async queuedSince(before: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM notification WHERE status = 'queued' AND queued_at < $1 ORDER BY queued_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.id);
  }

  async touchQueued(id: string, now: Date): Promise<void> {
    await this.db.query(`UPDATE notification SET queued_at = $2 WHERE id = $1 AND status = 'queued'`, [id, now]);
  }
}
