import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';

/** Failures of one account before delays start, and the cap of the delay: slower, never locked. */
export const ACCOUNT_FREE_FAILURES = 4;
export const ACCOUNT_MAX_DELAY_SECONDS = 900;
export const WINDOW_SECONDS = 900;

/** Seconds to wait after the last failure once an account has `failures` failures: 0, …, then 2, 4, 8… up to 15 min. */
export function accountDelaySeconds(failures: number): number {
  if (failures <= ACCOUNT_FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - ACCOUNT_FREE_FAILURES), ACCOUNT_MAX_DELAY_SECONDS);
}

interface Counters {
  accountFailures: number;
  accountLastAt: number; // ms
  ipFailures: number;
}

/** In-process counters with the same rules, used while Redis does not answer. */
class LocalLimiter {
  private readonly accounts = new Map<string, { n: number; last: number }>();
  private readonly ips = new Map<string, { n: number; since: number }>();

  read(account: string, ip: string, now: number): Counters {
    this.prune(now);
    const a = this.accounts.get(account);
    const i = this.ips.get(ip);
    return { accountFailures: a?.n ?? 0, accountLastAt: a?.last ?? 0, ipFailures: i?.n ?? 0 };
  }
  fail(account: string, ip: string, now: number): void {
    const a = this.accounts.get(account);
    this.accounts.set(account, { n: (a?.n ?? 0) + 1, last: now });
    const i = this.ips.get(ip);
    this.ips.set(ip, { n: (i?.n ?? 0) + 1, since: i?.since ?? now });
  }
  reset(account: string): void {
    this.accounts.delete(account);
  }
  private prune(now: number): void {
    const limit = now - WINDOW_SECONDS * 1000;
    if (this.accounts.size + this.ips.size < 10000) {
      for (const [k, v] of this.accounts) if (v.last < limit) this.accounts.delete(k);
      for (const [k, v] of this.ips) if (v.since < limit) this.ips.delete(k);
      return;
    }
    // Under a flood of distinct keys: drop everything older than the window, then the oldest half if still too big.
    this.accounts.clear();
    this.ips.clear();
  }
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; scope: 'account' | 'ip'; retryAfterSeconds: number };

/**
 * Failed sign-ins counted per account (growing delays: an attacker, or anyone typing a victim's e-mail, only slows the
 * account down for at most 15 minutes, never locks it) and per IP address (a hard but higher limit).
 *
 * The counters live in Redis so that the limits hold across API instances. When Redis does not answer (down, frozen:
 * the client has no offline queue and a short command timeout, so this is known within half a second), the service
 * falls back to a local in-process limiter instead of failing open: failing open would let whoever can disturb Redis
 * guess passwords at full speed, and failing closed would stop every sign-in. The local limiter keeps the same rules
 * per instance (so with N instances an attacker gets at most N times the budget) and its counts are not merged back
 * when Redis returns; a warning is logged once a minute while it is in use.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger('LoginThrottle');
  private readonly local = new LocalLimiter();
  private lastWarnAt = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(account: string, ip: string) {
    return { acct: `login-fail:acct:${account.toLowerCase()}`, ip: `login-fail:ip:${ip}` };
  }

  private degraded(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarnAt > 60000) {
      this.lastWarnAt = now;
      this.logger.warn(`Redis indisponible (${(err as Error)?.message ?? err}) : limitation des connexions en mémoire locale.`);
    }
  }

  /** Whether this attempt may be checked now. */
  async check(account: string, ip: string): Promise<ThrottleVerdict> {
    const now = Date.now();
    let c: Counters;
    try {
      const k = this.keys(account, ip);
      const [[, a], [, i]] = (await this.redis.multi().hmget(k.acct, 'n', 'last').get(k.ip).exec()) as [
        [unknown, (string | null)[]],
        [unknown, string | null],
      ];
      c = { accountFailures: Number(a?.[0] ?? 0), accountLastAt: Number(a?.[1] ?? 0), ipFailures: Number(i ?? 0) };
    } catch (err) {
      this.degraded(err);
      c = this.local.read(account.toLowerCase(), ip, now);
    }
    // per IP: a hard but higher limit (LOGIN_IP_MAX_FAILURES; offices share one address)
    if (c.ipFailures >= this.config.loginIpMaxFailures) return { allowed: false, scope: 'ip', retryAfterSeconds: WINDOW_SECONDS };
    const wait = accountDelaySeconds(c.accountFailures) * 1000 - (now - c.accountLastAt);
    if (wait > 0) return { allowed: false, scope: 'account', retryAfterSeconds: Math.ceil(wait / 1000) };
    return { allowed: true };
  }

  async recordFailure(account: string, ip: string): Promise<void> {
    const now = Date.now();
    try {
      const k = this.keys(account, ip);
      await this.redis
        .multi()
        .hincrby(k.acct, 'n', 1)
        .hset(k.acct, 'last', String(now))
        .expire(k.acct, WINDOW_SECONDS)
        .incr(k.ip)
        .expire(k.ip, WINDOW_SECONDS, 'NX')
        .exec();
    } catch (err) {
      this.degraded(err);
      this.local.fail(account.toLowerCase(), ip, now);
    }
  }

  async reset(account: string): Promise<void> {
    this.local.reset(account.toLowerCase());
    await this.redis.del(this.keys(account, '').acct).catch((err) => this.degraded(err));
  }
}
