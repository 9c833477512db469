import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the default due date of a complements request is the campaign's rule, no longer a constant. Bounds as in
 * libs/domain/src/workflow/complements.ts (COMPLEMENTS_DELAY_MIN_DAYS, COMPLEMENTS_DELAY_MAX_DAYS); 15 days as before.
 */
export class ComplementsDelay1764000015000 implements MigrationInterface {
  name = 'ComplementsDelay1764000015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE campaign ADD COLUMN complements_delay_days integer NOT NULL DEFAULT 15
         CONSTRAINT campaign_complements_delay_days_check CHECK (complements_delay_days BETWEEN 1 AND 90)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign DROP COLUMN complements_delay_days`);
  }
}
