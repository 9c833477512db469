import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The porteur's own channel back to Démarches Simplifiées (issue 10 §6): per campaign, off by default. When on (and
 * DS_API_URL, DS_API_TOKEN with write access and DS_INSTRUCTEUR_ID are set), the notification rows of a DS dossier
 * drive DS's mutations (`channel = 'ds'` rows) instead of the e-mails DS already sends itself.
 */
export class DsChannel1764000013000 implements MigrationInterface {
  name = 'DsChannel1764000013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign ADD COLUMN ds_channel_enabled boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX notification_channel ON notification (channel, status) WHERE channel <> 'email'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_channel`);
    await q.query(`ALTER TABLE campaign DROP COLUMN ds_channel_enabled`);
  }
}
