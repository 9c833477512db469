import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationTemplate, stillApplies } from '@ptce/domain';
import { MailerService } from '../mail/mailer.service';
import { DsChannelFailure, DsChannelService } from './ds-channel.service';
import { NotificationContentService } from './notification-content.service';
import { NotificationsRepository } from './notifications.repository';

export type SendOutcome = 'sent' | 'skipped' | 'cancelled' | 'not_yet';

/** An SMTP failure the caller decides on: retry (4xx, network) or give up at once (5xx: the server refuses for good). */
export class SendFailure extends Error {
  constructor(
    message: string,
    public readonly permanent: boolean,
    public readonly final: boolean,
  ) {
    super(message);
  }
}

function smtpError(err: unknown): { message: string; permanent: boolean } {
  const e = err as { responseCode?: number; response?: string; message?: string; code?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const text = (e.response || e.message || String(err)).toString().slice(0, 1000);
  return { message: code ? `SMTP ${code} : ${text}` : text, permanent: code !== null && code >= 500 && code < 600 };
}

/**
 * Sends one notification row. The row is reloaded and nothing happens unless it is `queued`; it is rendered from
 * the stored template, sent through the pooled SMTP transport with a Message-ID derived from the row id, then
 * marked `sent` with the server's message id.
 *
 * At-least-once window: between the SMTP server's acceptance (250 after DATA) and the commit of `sent` (one
 * statement, a few milliseconds), a crash leaves the row `queued`; its job comes back (BullMQ stalled check) or the
 * row is dispatched again after NOTIFY_QUEUED_TIMEOUT_MS, and that message goes out a second time. So a crash
 * duplicates at most one message per e-mail in that window at the instant of the crash: each in-flight row at most
 * once, never a row already marked sent, never more rows than NOTIFY_SEND_CONCURRENCY (jobs in flight per worker);
 * the copy carries the same Message-ID, which mail clients use to fold duplicates. NOTIFY_SEND_CONCURRENCY=1 makes
 * it strictly one message per crash, at the cost of the pool's parallelism. A graceful stop (SIGTERM, worker close)
 * waits for the jobs in flight and duplicates nothing. (test/e2e/notifications-crash.spec.ts kills a worker.)
 */
@Injectable()
export class NotificationSenderService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly content: NotificationContentService,
    private readonly mailer: MailerService,
    private readonly ds: DsChannelService,
    private readonly repo: NotificationsRepository,
  ) {}

  async send(id: string, now: Date, attempt: { made: number; max: number }): Promise<SendOutcome> {
    // The row, its stored template and the dossier's facts in one query (the burst's hot path).
    const raw = await this.repo.loadForSending(id);
    if (!raw || raw.status !== 'queued') return 'skipped';
    const row = {
      id: raw.n_id as string,
      template: raw.template as string,
      campaignId: raw.campaign_id,
      dossierId: raw.dossier_id,
      avisId: raw.avis_id,
      phase: raw.n_phase,
      recipient: raw.recipient as string,
      recipientName: raw.recipient_name as string | null,
      recipientUserId: raw.recipient_user_id,
      variables: raw.variables,
      scheduledFor: raw.scheduled_for as Date | null,
      dossierFacts: raw.id ? raw : null,
    };
    const texts = raw.t_subject === null ? undefined : { subject: raw.t_subject, html: raw.t_html, text: raw.t_text };
    if (row.scheduledFor && row.scheduledFor.getTime() > now.getTime()) {
      // Its date moved later after it was queued: back to planned, the dispatcher will take it at the new date.
      await this.repo.queuedBackToPlanned(id);
      return 'not_yet';
    }
    if (raw.channel === 'ds') {
      // The porteur's channel back to DS (ds-channel.service.ts): the same row, retries and failure states.
      try {
        return await this.ds.send(id, attempt);
      } catch (err) {
        if (err instanceof DsChannelFailure) throw new SendFailure(err.message, err.permanent, err.final);
        throw err;
      }
    }
    const mail = await this.content.render(row, this.db.manager, texts, now);
    if (!stillApplies(row.template as NotificationTemplate, mail)) {
      await this.repo.cancelQueued(id, 'Le motif de l’envoi a disparu (état du dossier ou de l’avis changé).');
      return 'cancelled';
    }
    let messageId: string;
    try {
      const info = await this.mailer.send({
        to: row.recipientName ? `"${row.recipientName.replace(/["\\\r\n]/g, ' ')}" <${row.recipient}>` : row.recipient,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: `<${row.id}@notifications.ami-ptce>`,
        headers: { 'X-PTCE-Notification': row.id, 'X-PTCE-Template': row.template },
      });
      messageId = info.messageId;
    } catch (err) {
      const { message, permanent } = smtpError(err);
      const final = permanent || attempt.made + 1 >= attempt.max;
      await this.repo.recordFailedAttempt(id, message, final);
      throw new SendFailure(message, permanent, final);
    }
    await this.repo.markSentAndCountReminder(id, messageId, mail.subject);
    return 'sent';
  }
}
