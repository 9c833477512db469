import { MigrationInterface, QueryRunner } from 'typeorm';

/** Long exports run as jobs (issue 11 §5): the request row, its progress and the file it produced. */
export class ExportJobs1764000012000 implements MigrationInterface {
  name = 'ExportJobs1764000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE export_job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(20) NOT NULL CHECK (kind IN ('dossiers', 'seance')),
        format varchar(10) NOT NULL CHECK (format IN ('csv', 'xlsx', 'pdf')),
        params jsonb NOT NULL DEFAULT '{}',
        requested_by uuid NOT NULL REFERENCES app_user(id),
        status varchar(20) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        done integer NOT NULL DEFAULT 0,
        total integer,
        filename varchar(200),
        content_type varchar(120),
        content bytea,
        byte_size integer,
        failure text,
        failure_code varchar(40),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX export_job_requested_by ON export_job (requested_by, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE export_job`);
  }
}
