import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_TEMPLATES } from '../libs/server/src/notifications/default-templates';

/**
 * Notifications: one row per e-mail and recipient (the source of truth; BullMQ only carries row ids), the editable
 * templates seeded with the French defaults, and the campaign's switch for acknowledging DS deposits (DS already
 * acknowledges them: off by default).
 */
export class Notifications1764000005000 implements MigrationInterface {
  name = 'Notifications1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign ADD COLUMN ds_deposit_acknowledgement boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE email_template (
        code varchar(50) PRIMARY KEY,
        subject text NOT NULL,
        html text NOT NULL,
        text text NOT NULL,
        updated_by uuid REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const [code, t] of Object.entries(DEFAULT_TEMPLATES)) {
      await q.query(`INSERT INTO email_template (code, subject, html, text) VALUES ($1,$2,$3,$4)`, [code, t.subject, t.html, t.text]);
    }
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template varchar(50) NOT NULL,
        channel varchar(10) NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'ds')),
        idempotency_key varchar(600) NOT NULL,
        campaign_id uuid REFERENCES campaign(id),
        dossier_id uuid REFERENCES dossier(id),
        avis_id uuid REFERENCES avis(id),
        phase smallint CHECK (phase IN (1, 2)),
        recipient varchar(254) NOT NULL,
        recipient_name varchar(200),
        recipient_user_id uuid REFERENCES app_user(id),
        variables jsonb NOT NULL DEFAULT '{}',
        scheduled_for timestamptz,
        calendar_field varchar(40),
        calendar_offset_days integer NOT NULL DEFAULT 0,
        calendar_time varchar(5),
        gate_phase smallint CHECK (gate_phase IN (1, 2)),
        status varchar(12) NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'queued', 'sent', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        subject text,
        message_id varchar(300),
        queued_at timestamptz,
        sent_at timestamptz,
        cancelled_reason text,
        resend_of uuid REFERENCES notification(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The same e-mail is never planned twice; a cancelled one (its reason gone) may be planned again later.
    await q.query(`CREATE UNIQUE INDEX notification_key_uq ON notification (idempotency_key) WHERE status <> 'cancelled'`);
    await q.query(`CREATE INDEX notification_due ON notification (scheduled_for) WHERE status = 'planned'`);
    await q.query(`CREATE INDEX notification_queued ON notification (queued_at) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX notification_dossier ON notification (dossier_id, created_at)`);
    await q.query(`CREATE INDEX notification_avis ON notification (avis_id) WHERE avis_id IS NOT NULL`);
    await q.query(`CREATE INDEX notification_campaign ON notification (campaign_id, template, status)`);
    await q.query(`CREATE INDEX notification_scheduled ON notification (scheduled_for DESC NULLS LAST, id)`);
    await q.query(`CREATE INDEX notification_created ON notification (created_at DESC, id)`);
    await q.query(`CREATE INDEX notification_status ON notification (status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP TABLE email_template`);
    await q.query(`ALTER TABLE campaign DROP COLUMN ds_deposit_acknowledgement`);
  }
}
