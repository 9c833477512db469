import { MigrationInterface, QueryRunner } from 'typeorm';

export class Avis1764000002000 implements MigrationInterface {
  name = 'Avis1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE avis (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dossier_id uuid NOT NULL REFERENCES dossier(id),
        reviewer_id uuid NOT NULL REFERENCES app_user(id),
        role varchar(30) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'a_rediger',
        required boolean NOT NULL DEFAULT true,
        due_at timestamptz,
        reminded_at timestamptz,
        reminder_count integer NOT NULL DEFAULT 0,
        content jsonb NOT NULL DEFAULT '{}',
        recommendation varchar(30),
        maturity varchar(30),
        rendered_at timestamptz,
        declined_reason text,
        conflict_reason text,
        assigned_by uuid REFERENCES app_user(id),
        assignment_override_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT avis_status_known CHECK (status IN ('a_rediger','brouillon','rendu','decline','conflit')),
        CONSTRAINT avis_role_known CHECK (role IN ('correspondant_ess','cress','compagnon','expert'))
      )`);
    await q.query(`CREATE INDEX avis_dossier ON avis (dossier_id, status)`);
    await q.query(`CREATE INDEX avis_reviewer_status ON avis (reviewer_id, status, due_at)`);
    await q.query(`CREATE INDEX avis_open_due ON avis (due_at) WHERE status IN ('a_rediger','brouillon')`);
    // One open or rendered avis per reviewer and dossier (a declined or conflicted one may be followed by another).
    await q.query(
      `CREATE UNIQUE INDEX avis_one_active_per_reviewer ON avis (dossier_id, reviewer_id) WHERE status IN ('a_rediger','brouillon','rendu')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE avis`);
  }
}
