/**
 * Tuning of the notification pipeline, from the environment (defaults fit production):
 * NOTIFY_TICK_MS (how often the relay and the due-row dispatcher run, 5 s), NOTIFY_SEND_CONCURRENCY (e-mails sent
 * at once by one worker, 25), NOTIFY_SMTP_POOL (pooled SMTP connections, 5), NOTIFY_MAX_ATTEMPTS (5),
 * NOTIFY_RETRY_BASE_MS (first backoff, 30 s, doubled each time), NOTIFY_QUEUED_TIMEOUT_MS (a row left `queued`
 * this long without being sent is dispatched again, 10 min), NOTIFY_REMINDER_EVERY_MS (avis reminder scan, 60 s),
 * NOTIFY_BATCH (rows moved per dispatch, 1000).
 */
export interface NotificationSettings {
  tickMs: number;
  sendConcurrency: number;
  smtpPool: number;
  maxAttempts: number;
  retryBaseMs: number;
  queuedTimeoutMs: number;
  reminderEveryMs: number;
  batch: number;
}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} doit être un entier entre ${min} et ${max} (reçu « ${raw} »).`);
  return n;
}

export function loadNotificationSettings(env: NodeJS.ProcessEnv = process.env): NotificationSettings {
  return {
    tickMs: int(env, 'NOTIFY_TICK_MS', 5000, 100, 3_600_000),
    sendConcurrency: int(env, 'NOTIFY_SEND_CONCURRENCY', 25, 1, 200),
    smtpPool: int(env, 'NOTIFY_SMTP_POOL', 5, 1, 50),
    maxAttempts: int(env, 'NOTIFY_MAX_ATTEMPTS', 5, 1, 20),
    retryBaseMs: int(env, 'NOTIFY_RETRY_BASE_MS', 30_000, 1, 3_600_000),
    queuedTimeoutMs: int(env, 'NOTIFY_QUEUED_TIMEOUT_MS', 600_000, 1000, 86_400_000),
    reminderEveryMs: int(env, 'NOTIFY_REMINDER_EVERY_MS', 60_000, 100, 86_400_000),
    batch: int(env, 'NOTIFY_BATCH', 1000, 1, 50_000),
  };
}

export const NOTIFICATION_SETTINGS = Symbol('NOTIFICATION_SETTINGS');

/** The worker's clock: production reads the system time; a test sets it to play a date that has not come yet. */
export class NotificationClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Tests: from now on, `now()` answers this instant (and runs on from it). */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

export const NOTIFICATIONS_QUEUE = 'notifications';
export const SEND_EMAIL_QUEUE = 'send-email';
export const TICK_JOB = 'tick';
export const WEEKLY_DIGEST_JOB = 'weekly-digest';
export const SEND_JOB = 'send';
