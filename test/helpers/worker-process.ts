import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import path from 'node:path';
import type { TestApp } from './test-app';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The real worker entry point (apps/worker/src/main.ts, as production starts it) in a process of its own, on the test
 * app's database, Redis prefix and mail sink; `env` adds or overrides settings. Its output is piped.
 */
export function spawnWorkerProcess(t: TestApp, env: Record<string, string> = {}): ChildProcess {
  const options: SpawnOptions = {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DEMO_MODE: 'true',
      LOG_LEVEL: 'silent',
      DATABASE_URL: t.config.databaseUrl,
      REDIS_URL: t.config.redisUrl,
      REDIS_PREFIX: t.config.redisPrefix,
      SMTP_URL: '',
      MAIL_SINK_PORT: String(t.sink.port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  return spawn(process.execPath, ['-r', './scripts/register.js', 'apps/worker/src/main.ts'], options);
}
