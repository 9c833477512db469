import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { isDbConnectionError } from '../common/db-errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UserEntity } from '../users/user.entity';
import { AuditContext, AuditService } from '../audit/audit.service';
import { AuthRepository } from './auth.repository';
import { LoginThrottleService } from './login-throttle.service';
import { hashPassword, verifyPassword } from './password';
import { passwordProblem } from './password-policy';

export function toAuthUser(u: UserEntity): AuthUser {
  return { id: u.id, email: u.email, fullName: u.fullName, roles: u.roles, regions: u.regions, organisationSiret: u.organisationSiret };
}

export function publicUser(u: AuthUser) {
  return { id: u.id, email: u.email, fullName: u.fullName, roles: u.roles, regions: u.regions };
}

export type SignInMethod = 'password' | 'proconnect';
export type RevocationReason = 'password_change' | 'password_reset' | 'deactivation' | 'logout_everywhere' | 'admin';

/** What a sign-in or a refresh gives: the body for the client and the refresh cookie for the controller to set. */
export interface IssuedSession {
  body: {
    accessToken: string;
    accessTokenExpiresAt: string;
    sessionExpiresAt: string;
    user: ReturnType<typeof publicUser>;
  };
  refreshToken: string;
  refreshMaxAgeMs: number;
}

interface AccessClaims {
  sub: string;
  tv: number;
  typ: 'access';
}
interface RefreshClaims {
  sub: string;
  sid: string;
  tv: number;
  typ: 'refresh';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tooManyAttempts(retryAfterSeconds: number): AppError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait =
    retryAfterSeconds < 60
      ? `${retryAfterSeconds} seconde${retryAfterSeconds > 1 ? 's' : ''}`
      : `${minutes} minute${minutes > 1 ? 's' : ''}`;
  return new AppError(429, 'TOO_MANY_ATTEMPTS', `Trop de tentatives de connexion échouées : réessayez dans ${wait}.`, {
    retryAfterSeconds,
  });
}

@Injectable()
export class AuthService {
  // Verified against when the e-mail is unknown, so that a wrong e-mail takes as long as a wrong password.
  private readonly dummyHash = hashPassword(randomUUID());
  /** The per-request check of the token version, cached briefly (AUTH_USER_CACHE_MS) and evicted on local changes. */
  private readonly cache = new Map<string, { user: UserEntity; at: number }>();

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly repo: AuthRepository,
  ) {}

  async login(email: string, password: string, ctx: AuditContext): Promise<IssuedSession> {
    const ip = ctx.ip ?? 'unknown';
    const verdict = await this.throttle.check(email, ip);
    if (!verdict.allowed) {
      await this.audit.record(ctx, {
        type: 'auth.login_throttled',
        outcome: 'failure',
        target: { id: null, email: email.slice(0, 254) },
        data: { scope: verdict.scope, retryAfterSeconds: verdict.retryAfterSeconds },
      });
      throw tooManyAttempts(verdict.retryAfterSeconds);
    }
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok || !user.active || !user.passwordSet) {
      await this.throttle.recordFailure(email, ip);
      await this.audit.record(ctx, {
        type: 'auth.login_failed',
        outcome: 'failure',
        target: { id: user?.id ?? null, email: user?.email ?? email.slice(0, 254) },
        data: { reason: !user ? 'unknown_email' : !ok ? 'wrong_password' : !user.active ? 'inactive' : 'no_password' },
      });
      throw new AppError(401, 'UNAUTHENTICATED', 'Adresse électronique ou mot de passe incorrect.');
    }
    await this.throttle.reset(email);
    return this.signIn(user, 'password', ctx);
  }

  /** Opens a session (row + refresh cookie) for a user whose identity is proven (password or ProConnect). */
  async signIn(user: UserEntity, method: SignInMethod, ctx: AuditContext, idToken: string | null = null): Promise<IssuedSession> {
    const expiresAt = new Date(Date.now() + this.config.refreshTtlSeconds * 1000);
    const sessionId = await this.repo.insertSession({ userId: user.id, method, tokenVersion: user.tokenVersion, idToken, expiresAt });
    await this.repo.touchLastLogin(user.id);
    await this.audit.record(ctx, {
      type: method === 'proconnect' ? 'auth.proconnect_succeeded' : 'auth.login_succeeded',
      actor: { id: user.id, email: user.email },
      target: { id: user.id, email: user.email },
      data: { method, sessionId },
    });
    return this.issue(user, sessionId, expiresAt, new Date());
  }

  private async issue(user: UserEntity, sid: string, absoluteExpiry: Date, lastUsed: Date): Promise<IssuedSession> {
    const now = Date.now();
    const accessToken = await this.jwt.signAsync({ sub: user.id, tv: user.tokenVersion, typ: 'access' } satisfies AccessClaims, {
      expiresIn: this.config.jwtTtlSeconds,
    });
    const absMs = absoluteExpiry.getTime();
    const refreshToken = await this.jwt.signAsync({ sub: user.id, sid, tv: user.tokenVersion, typ: 'refresh' } satisfies RefreshClaims, {
      expiresIn: Math.max(1, Math.floor((absMs - now) / 1000)),
    });
    const sessionEnd = Math.min(absMs, lastUsed.getTime() + this.config.refreshIdleSeconds * 1000);
    return {
      body: {
        accessToken,
        accessTokenExpiresAt: new Date(now + this.config.jwtTtlSeconds * 1000).toISOString(),
        sessionExpiresAt: new Date(sessionEnd).toISOString(),
        user: publicUser(toAuthUser(user)),
      },
      refreshToken,
      refreshMaxAgeMs: Math.max(0, absMs - now),
    };
  }

  private async refreshClaims(token: string | null): Promise<RefreshClaims | null> {
    if (!token) return null;
    try {
      const c = await this.jwt.verifyAsync<RefreshClaims>(token);
      if (c.typ !== 'refresh' || typeof c.sub !== 'string' || !UUID.test(c.sub) || typeof c.sid !== 'string' || !UUID.test(c.sid))
        return null;
      return c;
    } catch {
      return null;
    }
  }

  /** A new access token from the refresh cookie, while its session lives (not revoked, not idle, same token version). */
  async refresh(token: string | null): Promise<IssuedSession> {
    const c = await this.refreshClaims(token);
    const expired = new AppError(401, 'SESSION_EXPIRED', 'Votre session a expiré. Reconnectez-vous.');
    if (!c) throw expired;
    const rows = await this.repo.refreshSession(c.sid, c.sub, this.config.refreshIdleSeconds);
    if (!rows.length) throw expired;
    const user = await this.users.findOne({ where: { id: c.sub } });
    if (!user || !user.active || user.tokenVersion !== c.tv || rows[0].token_version !== c.tv) throw expired;
    return this.issue(user, c.sid, new Date(rows[0].expires_at), new Date());
  }

  /** Ends this browser's session; answers the ProConnect end-session URL when the session came from there. */
  async logout(token: string | null, ctx: AuditContext): Promise<{ sessionId: string; method: string; idToken: string | null } | null> {
    const c = await this.refreshClaims(token);
    if (!c) return null;
    const rows = await this.repo.revokeSession(c.sid, c.sub);
    if (!rows.length) return null;
    const user = await this.users.findOne({ where: { id: c.sub } });
    await this.audit.record(ctx, {
      type: 'auth.logout',
      actor: user ? { id: user.id, email: user.email } : null,
      target: user ? { id: user.id, email: user.email } : null,
      data: { sessionId: c.sid, method: rows[0].method },
    });
    return { sessionId: c.sid, method: rows[0].method, idToken: rows[0].id_token };
  }

  /**
   * Kills every token of the user: the version is bumped (access tokens die at their next request, within the
   * cache's few seconds on other instances, at once here) and every refresh session is revoked.
   */
  async revokeAll(
    userId: string,
    reason: RevocationReason,
    actor: { id: string; email: string } | null,
    ctx: AuditContext,
    manager?: EntityManager,
  ): Promise<number> {
    const run = async (m: EntityManager) => {
      const rows = await this.repo.bumpTokenVersion(m, userId);
      if (!rows.length) throw AppError.notFound('Utilisateur introuvable.');
      const sessionsRevoked = await this.repo.revokeUserSessions(m, userId);
      await this.audit.record(
        ctx,
        {
          type: 'auth.tokens_revoked',
          actor,
          target: { id: userId, email: rows[0].email },
          data: { reason, tokenVersion: rows[0].token_version, sessionsRevoked },
        },
        m,
      );
      return rows[0].token_version;
    };
    const v = manager ? await run(manager) : await this.db.transaction(run);
    this.evict(userId);
    return v;
  }

  async changePassword(user: AuthUser, current: string, next: string, ctx: AuditContext): Promise<IssuedSession> {
    const row = await this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id: user.id }).getOne();
    if (!row || !(await verifyPassword(row.passwordHash, current)))
      throw AppError.validation({ currentPassword: 'Mot de passe actuel incorrect.' }, 'Le mot de passe actuel est incorrect.');
    const problem = passwordProblem(next, row);
    if (problem) throw AppError.validation({ newPassword: problem }, problem);
    if (await verifyPassword(row.passwordHash, next))
      throw AppError.validation(
        { newPassword: 'Choisissez un mot de passe différent de l’actuel.' },
        'Choisissez un mot de passe différent de l’actuel.',
      );
    const hash = await hashPassword(next);
    await this.db.transaction(async (m) => {
      await this.repo.setPassword(m, user.id, hash);
      await this.audit.record(ctx, { type: 'auth.password_changed', actor: user, target: user, data: { by: 'self' } }, m);
      await this.revokeAll(user.id, 'password_change', user, ctx, m);
    });
    this.evict(user.id);
    const fresh = await this.users.findOneOrFail({ where: { id: user.id } });
    // This browser stays signed in with a new session; every other one is out.
    return this.signIn(fresh, 'password', ctx);
  }

  /** Bumped by every eviction: a load that began before a revocation does not put its stale row back in the cache. */
  private evictions = 0;

  evict(userId: string): void {
    this.evictions += 1;
    this.cache.delete(userId);
  }

  private async loadUser(id: string): Promise<UserEntity | null> {
    const ttl = this.config.authUserCacheMs;
    const now = Date.now();
    const hit = this.cache.get(id);
    if (ttl > 0 && hit && now - hit.at < ttl) return hit.user;
    const generation = this.evictions;
    let user: UserEntity | null;
    try {
      user = await this.users.findOne({ where: { id } });
    } catch (err) {
      // A connection cut under the request (failover, pg_terminate_backend): once more on a fresh one.
      if (!isDbConnectionError(err)) throw err;
      user = await this.users.findOne({ where: { id } });
    }
    if (ttl > 0 && generation === this.evictions) {
      if (this.cache.size > 5000) this.cache.clear();
      if (user) this.cache.set(id, { user, at: now });
      else this.cache.delete(id);
    }
    return user;
  }

  /** The user of a valid access token whose version is the user's current one, the account active. */
  async userForToken(token: string): Promise<AuthUser | null> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token);
    } catch {
      return null;
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !UUID.test(claims.sub) || typeof claims.tv !== 'number') return null;
    const user = await this.loadUser(claims.sub);
    if (!user || !user.active || user.tokenVersion !== claims.tv) return null;
    return toAuthUser(user);
  }

  async findActiveByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).andWhere('u.active').getOne();
  }
}
