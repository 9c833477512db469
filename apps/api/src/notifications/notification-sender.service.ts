import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationTemplate, stillApplies } from '@ptce/domain';
import { MailerService } from '../mail/mailer.service';
import { NotificationContentService } from './notification-content.service';
import { NotificationEntity } from './notification.entity';

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
 * At-least-once window: between the SMTP server's acceptance (250 after DATA) and the commit of `sent`, a crash
 * leaves the row `queued`; it is dispatched again after NOTIFY_QUEUED_TIMEOUT_MS and that message goes out a second
 * time. A crash can therefore duplicate at most one message per e-mail being sent at that instant (each in-flight
 * row once; never a row already marked sent), and the copy carries the same Message-ID, which mail clients use to
 * fold duplicates. A graceful stop (SIGTERM, worker close) waits for the jobs in flight and duplicates nothing.
 */
@Injectable()
export class NotificationSenderService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly content: NotificationContentService,
    private readonly mailer: MailerService,
  ) {}

  async send(id: string, now: Date, attempt: { made: number; max: number }): Promise<SendOutcome> {
    const row = await this.db.getRepository(NotificationEntity).findOne({ where: { id } });
    if (!row || row.status !== 'queued') return 'skipped';
    if (row.scheduledFor && row.scheduledFor.getTime() > now.getTime()) {
      // Its date moved later after it was queued: back to planned, the dispatcher will take it at the new date.
      await this.db.query(`UPDATE notification SET status = 'planned', queued_at = NULL, updated_at = now() WHERE id = $1 AND status = 'queued'`, [id]);
      return 'not_yet';
    }
    const mail = await this.content.render(row, this.db.manager, undefined, now);
    if (!stillApplies(row.template as NotificationTemplate, mail)) {
      await this.db.query(
        `UPDATE notification SET status = 'cancelled', cancelled_reason = $2, updated_at = now() WHERE id = $1 AND status = 'queued'`,
        [id, 'Le motif de l’envoi a disparu (état du dossier ou de l’avis changé).'],
      );
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
      await this.db.query(
        `UPDATE notification SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END, updated_at = now()
          WHERE id = $1 AND status = 'queued'`,
        [id, message, final],
      );
      throw new SendFailure(message, permanent, final);
    }
    await this.db.transaction(async (tx) => {
      const done = await tx.query(
        `UPDATE notification SET status = 'sent', sent_at = now(), message_id = $2, subject = $3, attempts = attempts + 1, last_error = NULL, updated_at = now()
          WHERE id = $1 AND status = 'queued' RETURNING avis_id`,
        [id, messageId, mail.subject],
      );
      const rows = Array.isArray(done[0]) ? done[0] : done;
      if (row.template === 'relance_avis' && row.avisId && rows.length) {
        await tx.query(`UPDATE avis SET reminded_at = now(), reminder_count = reminder_count + 1 WHERE id = $1`, [row.avisId]);
      }
    });
    return 'sent';
  }
}
