import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitUsers1764000000000 implements MigrationInterface {
  name = 'InitUsers1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        full_name varchar(200) COLLATE "fr-x-icu" NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        regions text[] NOT NULL DEFAULT '{}',
        organisation_siret varchar(14),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_roles_known CHECK (roles <@ ARRAY['admin','instructeur','correspondant_ess','cress','compagnon','expert','cabinet']::text[])
      )`);
    // Case-insensitive uniqueness of the e-mail.
    await q.query(`CREATE UNIQUE INDEX app_user_email_lower_uq ON app_user (lower(email))`);
    await q.query(`CREATE INDEX app_user_roles_gin ON app_user USING gin (roles)`);
    await q.query(`CREATE INDEX app_user_regions_gin ON app_user USING gin (regions)`);
    await q.query(`CREATE INDEX app_user_name_trgm ON app_user USING gin (full_name gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_user`);
  }
}
