import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';

const WINDOW_SECONDS = 60;
const MAX_FAILURES = 10;

/** Counts failed logins per e-mail and per IP in Redis, so the limit holds across API instances. */
@Injectable()
export class LoginThrottleService {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  private keys(email: string, ip: string): string[] {
    return [`login-fail:email:${email.toLowerCase()}`, `login-fail:ip:${ip}`];
  }

  async isBlocked(email: string, ip: string): Promise<boolean> {
    const counts = await this.redis.mget(...this.keys(email, ip));
    return counts.some((c) => Number(c ?? 0) >= MAX_FAILURES);
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const m = this.redis.multi();
    for (const k of this.keys(email, ip)) {
      m.incr(k);
      m.expire(k, WINDOW_SECONDS, 'NX');
    }
    await m.exec();
  }

  async reset(email: string): Promise<void> {
    await this.redis.del(this.keys(email, '')[0]);
  }
}
