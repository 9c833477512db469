import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (the reviewer's and instructeur's day): an avis still expected when its dossier leaves the instruction
 * (inéligible, classé sans suite, decided) becomes `annule`, with the reason and the status it had, so that a re-opening
 * brings it back as it was.
 */
export class Daily1764000009000 implements MigrationInterface {
  name = 'Daily1764000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE avis DROP CONSTRAINT avis_status_known`);
    await q.query(
      `ALTER TABLE avis ADD CONSTRAINT avis_status_known CHECK (status IN ('a_rediger','brouillon','rendu','decline','conflit','annule'))`,
    );
    await q.query(`ALTER TABLE avis ADD COLUMN cancelled_reason text`);
    await q.query(`ALTER TABLE avis ADD COLUMN cancelled_from varchar(20)`);
    await q.query(`ALTER TABLE avis ADD COLUMN cancelled_at timestamptz`);
    await q.query(`ALTER TABLE avis ADD CONSTRAINT avis_cancelled_consistent CHECK ((status = 'annule') = (cancelled_from IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE avis SET status = cancelled_from WHERE status = 'annule'`);
    await q.query(`ALTER TABLE avis DROP CONSTRAINT avis_cancelled_consistent`);
    await q.query(`ALTER TABLE avis DROP COLUMN cancelled_at, DROP COLUMN cancelled_from, DROP COLUMN cancelled_reason`);
    await q.query(`ALTER TABLE avis DROP CONSTRAINT avis_status_known`);
    await q.query(
      `ALTER TABLE avis ADD CONSTRAINT avis_status_known CHECK (status IN ('a_rediger','brouillon','rendu','decline','conflit'))`,
    );
  }
}
