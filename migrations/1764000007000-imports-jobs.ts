import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * File imports become BullMQ jobs like DS imports: a run can be cancelled (status `cancelled`), keeps the stored
 * upload's key until the worker has read it, and says why it failed with a stable code (`TOO_MANY_ROWS`, …).
 */
export class ImportsJobs1764000007000 implements MigrationInterface {
  name = 'ImportsJobs1764000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_run DROP CONSTRAINT IF EXISTS import_run_status_check`);
    await q.query(
      `ALTER TABLE import_run ADD CONSTRAINT import_run_status_check CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled'))`,
    );
    await q.query(`ALTER TABLE import_run ADD COLUMN upload_key varchar(200)`);
    await q.query(`ALTER TABLE import_run ADD COLUMN failure_code varchar(40)`);
    await q.query(`ALTER TABLE import_run ADD COLUMN cancelled_at timestamptz`);
    await q.query(`ALTER TABLE import_run ADD COLUMN cancelled_by uuid REFERENCES app_user(id)`);
    // The worker's start-up sweep looks for runs left "running" by a stopped process.
    await q.query(`CREATE INDEX import_run_active ON import_run (status) WHERE status IN ('queued', 'running')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX import_run_active`);
    await q.query(`UPDATE import_run SET status = 'failed' WHERE status = 'cancelled'`);
    await q.query(
      `ALTER TABLE import_run DROP COLUMN cancelled_by, DROP COLUMN cancelled_at, DROP COLUMN failure_code, DROP COLUMN upload_key`,
    );
    await q.query(`ALTER TABLE import_run DROP CONSTRAINT import_run_status_check`);
    await q.query(
      `ALTER TABLE import_run ADD CONSTRAINT import_run_status_check CHECK (status IN ('queued', 'running', 'done', 'failed'))`,
    );
  }
}
