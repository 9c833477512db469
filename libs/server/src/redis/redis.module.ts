import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');

/** How long a Redis command on a request path may take before it fails (a frozen Redis must not hang a request). */
export const REQUEST_PATH_COMMAND_TIMEOUT_MS = 1000;
/** The same for the API's BullMQ producers (see bullConnection). */
export const PRODUCER_COMMAND_TIMEOUT_MS = 5000;

/**
 * Options for connections used on request paths (the API's counters and its BullMQ producers): no offline queue, so a
 * command while Redis is down fails at once instead of waiting for the reconnection, and a short command timeout for a
 * Redis that accepts connections but does not answer (frozen, overloaded). Reconnection keeps trying in the background.
 * The worker's connections keep BullMQ's defaults (blocking commands, offline queue): they wait for Redis to return.
 */
export function requestPathRedisOptions(): RedisOptions {
  return {
    enableOfflineQueue: false,
    commandTimeout: REQUEST_PATH_COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  };
}

/** BullMQ's shared connection options for this process (see requestPathRedisOptions for the API's). */
export function bullConnection(config: AppConfig): Record<string, unknown> {
  if (config.processRole !== 'api') return { url: config.redisUrl, maxRetriesPerRequest: null };
  // BullMQ reads Redis's INFO once when a queue connects, and a failure there is final for that queue: on a loaded
  // machine 1 s was too short and left the imports queue refusing every job until a restart. Producers fail at once
  // while Redis is down (no offline queue) and within 5 s when it is frozen.
  return { url: config.redisUrl, ...requestPathRedisOptions(), commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS, maxRetriesPerRequest: null };
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await Promise.race([this.redis.quit(), new Promise((r) => setTimeout(r, 1000))]).catch(() => undefined);
    this.redis.disconnect();
  }
}

/** One shared ioredis client for counters and health; BullMQ keeps its own connections. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const client = new Redis(config.redisUrl, { keyPrefix: `${config.redisPrefix}:`, ...requestPathRedisOptions() });
        // Errors are answered per command (fallbacks, 503); the connection's own events are not crashes.
        client.on('error', () => undefined);
        return client;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
