import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts and audit (issue 13): a token version per user (revocation), refresh sessions, single-use links (password
 * reset, invitation), and the append-only `audit_event` table.
 */
export class AccountsAudit1764000008000 implements MigrationInterface {
  name = 'AccountsAudit1764000008000';

  async up(q: QueryRunner): Promise<void> {
    // A password change, a deactivation or "log out everywhere" bumps the version: every token carrying an older one dies.
    await q.query(`ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    // An invited user has no usable password until they choose one through the link.
    await q.query(`ALTER TABLE app_user ADD COLUMN password_set boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE app_user ADD COLUMN password_changed_at timestamptz`);
    await q.query(`ALTER TABLE app_user ADD COLUMN last_login_at timestamptz`);

    // One row per signed-in browser (refresh cookie): revoked at logout, expired by time, killed by the token version.
    await q.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        method text NOT NULL CHECK (method IN ('password', 'proconnect')),
        token_version integer NOT NULL,
        id_token text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX auth_session_user ON auth_session (user_id)`);

    // Single-use links: only a hash of the token is stored.
    await q.query(`
      CREATE TABLE auth_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('reset', 'invitation')),
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX auth_link_user ON auth_link (user_id)`);

    await q.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        outcome text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure')),
        actor_id uuid,
        actor_email text,
        target_user_id uuid,
        target_email text,
        ip text,
        user_agent text,
        request_id text,
        resource text,
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_event_at ON audit_event (at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_event_type_at ON audit_event (type, at DESC)`);
    await q.query(`CREATE INDEX audit_event_actor ON audit_event (actor_id, at DESC)`);
    await q.query(`CREATE INDEX audit_event_target ON audit_event (target_user_id, at DESC)`);
    // Append-only like dossier_journal: UPDATE and TRUNCATE always refused; DELETE only by the retention purge, which
    // names itself (SET LOCAL ptce.audit_purge_days) and may only remove rows older than that many days (at least 30).
    await q.query(`
      CREATE OR REPLACE FUNCTION ptce_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE days integer;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          days := NULLIF(current_setting('ptce.audit_purge_days', true), '')::integer;
          IF days IS NOT NULL AND days >= 30 AND OLD.at < now() - make_interval(days => days) THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_event est en ajout seul : % refusé', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION ptce_audit_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION ptce_audit_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION ptce_audit_append_only`);
    await q.query(`DROP TABLE auth_link`);
    await q.query(`DROP TABLE auth_session`);
    await q.query(
      `ALTER TABLE app_user DROP COLUMN token_version, DROP COLUMN password_set, DROP COLUMN password_changed_at, DROP COLUMN last_login_at`,
    );
  }
}
