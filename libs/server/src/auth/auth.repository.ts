import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../database/returned-rows';

export type LinkPurpose = 'reset' | 'invitation';

export interface AccountRow {
  id: string;
  email: string;
  full_name: string;
}

export interface RefreshedSessionRow {
  expires_at: Date;
  token_version: number;
}

export interface ClosedSessionRow {
  method: string;
  id_token: string | null;
}

export interface ConsumedLinkRow {
  user_id: string;
  purpose: LinkPurpose;
  email: string;
}

/** The auth area's SQL: refresh sessions (auth_session), single-use links (auth_link), and the accounts' credentials. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---------------------------------------------------------------------------------------------------------------
  // Sessions

  async insertSession(
    s: { userId: string; method: string; tokenVersion: number; idToken: string | null; expiresAt: Date },
    m: EntityManager = this.db.manager,
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO auth_session (user_id, method, token_version, id_token, expires_at) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
      [s.userId, s.method, s.tokenVersion, s.idToken, s.expiresAt],
    );
    return row.id;
  }

  async touchLastLogin(userId: string, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(`UPDATE app_user SET last_login_at = now() WHERE id = $1`, [userId]);
  }

  /** Marks the session used when it is still alive (not revoked, not expired, not idle); answers it, or nothing. */
  async refreshSession(sessionId: string, userId: string, idleSeconds: number, m: EntityManager = this.db.manager) {
    return returnedRows<RefreshedSessionRow>(
      await m.query(
        `UPDATE auth_session SET last_used_at = now()
        WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now()
          AND last_used_at > now() - make_interval(secs => $3::int)
        RETURNING expires_at, token_version`,
        [sessionId, userId, idleSeconds],
      ),
    );
  }

  async revokeSession(sessionId: string, userId: string, m: EntityManager = this.db.manager): Promise<ClosedSessionRow[]> {
    return returnedRows<ClosedSessionRow>(
      await m.query(
        `UPDATE auth_session SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING method, id_token`,
        [sessionId, userId],
      ),
    );
  }

  /** Every access token of the user dies: answers the new version (none when the user does not exist). */
  async bumpTokenVersion(m: EntityManager, userId: string): Promise<{ email: string; token_version: number }[]> {
    return returnedRows(
      await m.query(`UPDATE app_user SET token_version = token_version + 1 WHERE id = $1 RETURNING email, token_version`, [userId]),
    );
  }

  /** Revokes every live session of the user; answers how many. */
  async revokeUserSessions(m: EntityManager, userId: string): Promise<number> {
    const revoked = await m.query(`UPDATE auth_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    return Number(revoked?.[1] ?? 0);
  }

  async setPassword(m: EntityManager, userId: string, hash: string): Promise<void> {
    await m.query(`UPDATE app_user SET password_hash = $2, password_set = true, password_changed_at = now() WHERE id = $1`, [userId, hash]);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Single-use links (only the token's hash is stored)

  /** The previous unused links of the same purpose are spent, so that only the new one works. */
  async spendUnusedLinks(m: EntityManager, userId: string, purpose: LinkPurpose): Promise<void> {
    await m.query(`UPDATE auth_link SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [userId, purpose]);
  }

  /** `validity`: a PostgreSQL interval ('30 minutes', '72 hours'). */
  async insertLink(
    m: EntityManager,
    l: { userId: string; purpose: LinkPurpose; tokenHash: string; validity: string; createdBy: string | null },
  ): Promise<void> {
    await m.query(
      `INSERT INTO auth_link (user_id, purpose, token_hash, expires_at, created_by) VALUES ($1,$2,$3, now() + $4::interval, $5)`,
      [l.userId, l.purpose, l.tokenHash, l.validity, l.createdBy],
    );
  }

  async findActiveAccountByEmail(email: string, m: EntityManager = this.db.manager): Promise<AccountRow | undefined> {
    const rows: AccountRow[] = await m.query(`SELECT id, email, full_name FROM app_user WHERE lower(email) = lower($1) AND active`, [
      email,
    ]);
    return rows[0];
  }

  async findAccount(userId: string, m: EntityManager = this.db.manager): Promise<(AccountRow & { active: boolean }) | undefined> {
    const rows: (AccountRow & { active: boolean })[] = await m.query(`SELECT id, email, full_name, active FROM app_user WHERE id = $1`, [
      userId,
    ]);
    return rows[0];
  }

  /** A reset link still unused created less than 2 minutes ago. */
  async hasRecentResetLink(userId: string, m: EntityManager = this.db.manager): Promise<boolean> {
    const recent = await m.query(
      `SELECT 1 FROM auth_link WHERE user_id = $1 AND purpose = 'reset' AND used_at IS NULL AND created_at > now() - interval '2 minutes'`,
      [userId],
    );
    return recent.length > 0;
  }

  /** The account of a live link (unused, not expired, account active), without using it. */
  async peekLink(tokenHash: string, m: EntityManager = this.db.manager): Promise<{ email: string; full_name: string } | undefined> {
    const rows: { email: string; full_name: string }[] = await m.query(
      `SELECT u.email, u.full_name FROM auth_link l JOIN app_user u ON u.id = l.user_id
        WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > now() AND u.active`,
      [tokenHash],
    );
    return rows[0];
  }

  /** Uses a live link in the statement that checks it (two concurrent uses: one wins); answers it, or nothing. */
  async consumeLink(m: EntityManager, tokenHash: string): Promise<ConsumedLinkRow | undefined> {
    const rows = returnedRows<ConsumedLinkRow>(
      await m.query(
        `UPDATE auth_link l SET used_at = now() FROM app_user u
          WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > now() AND u.id = l.user_id AND u.active
          RETURNING l.user_id, l.purpose, u.email`,
        [tokenHash],
      ),
    );
    return rows[0];
  }
}
