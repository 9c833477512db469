import { MigrationInterface, QueryRunner } from 'typeorm';

/** Import runs (DS API or DS export file) and the raw DS payload kept per imported dossier. */
export class Imports1764000004000 implements MigrationInterface {
  name = 'Imports1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaign(id),
        phase smallint NOT NULL CHECK (phase IN (1, 2)),
        kind varchar(10) NOT NULL CHECK (kind IN ('ds', 'file')),
        mode varchar(12) NOT NULL DEFAULT 'incremental' CHECK (mode IN ('incremental', 'full')),
        status varchar(10) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        started_at timestamptz,
        finished_at timestamptz,
        pages_done integer NOT NULL DEFAULT 0,
        total integer,
        created integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        deleted integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        failure text,
        -- DS: the updatedSince / deletedSince this run asked for (null: everything) and the one the next run will use.
        updated_since timestamptz,
        next_since timestamptz,
        ds_demarche integer,
        created_by uuid REFERENCES app_user(id),
        filename varchar(300),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX import_run_campaign ON import_run (campaign_id, phase, kind, created_at DESC)`);
    await q.query(`CREATE INDEX import_run_created ON import_run (created_at DESC, id)`);
    // One DS import at a time per campaign and phase: a second click while one runs is refused, not doubled.
    await q.query(
      `CREATE UNIQUE INDEX import_run_one_active_ds ON import_run (campaign_id, phase) WHERE kind = 'ds' AND status IN ('queued', 'running')`,
    );

    await q.query(`
      CREATE TABLE dossier_ds_raw (
        dossier_id uuid PRIMARY KEY REFERENCES dossier(id),
        ds_number integer NOT NULL,
        payload jsonb NOT NULL,
        content_hash varchar(64),
        import_run_id uuid REFERENCES import_run(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dossier_ds_raw_number ON dossier_ds_raw (ds_number)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dossier_ds_raw`);
    await q.query(`DROP TABLE import_run`);
  }
}
