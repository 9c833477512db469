import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Selection by the cabinet: publication dates of each phase's list of lauréats, the arrêté's annex (the "liste des
 * lauréats" PDF, kept as produced at the arrêt) and a campaign-level journal of the selection (arrêt, re-opening,
 * publication), append-only like the dossier journal.
 */
export class Selection1764000006000 implements MigrationInterface {
  name = 'Selection1764000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign ADD COLUMN phase1_published_at timestamptz, ADD COLUMN phase2_published_at timestamptz`);
    await q.query(`
      CREATE TABLE selection_document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaign(id),
        phase smallint NOT NULL CHECK (phase IN (1, 2)),
        arrete_at timestamptz NOT NULL,
        filename varchar(200) NOT NULL,
        content bytea NOT NULL,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX selection_document_campaign ON selection_document (campaign_id, phase, arrete_at DESC)`);
    await q.query(`
      CREATE TABLE selection_journal (
        id bigserial PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES campaign(id),
        phase smallint NOT NULL CHECK (phase IN (1, 2)),
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES app_user(id),
        actor_role varchar(30) NOT NULL,
        action varchar(40) NOT NULL,
        motif text,
        data jsonb NOT NULL DEFAULT '{}',
        request_id varchar(80)
      )`);
    await q.query(`CREATE INDEX selection_journal_campaign ON selection_journal (campaign_id, phase, id)`);
    await q.query(
      `CREATE TRIGGER selection_journal_no_update BEFORE UPDATE OR DELETE ON selection_journal FOR EACH ROW EXECUTE FUNCTION ptce_journal_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER selection_journal_no_truncate BEFORE TRUNCATE ON selection_journal FOR EACH STATEMENT EXECUTE FUNCTION ptce_journal_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE selection_journal`);
    await q.query(`DROP TABLE selection_document`);
    await q.query(`ALTER TABLE campaign DROP COLUMN phase1_published_at, DROP COLUMN phase2_published_at`);
  }
}
