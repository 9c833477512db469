import { BullModule, InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { NotificationPlannerService } from '@ptce/server/notifications/notification-planner.service';
import { NotificationSenderService, SendFailure } from '@ptce/server/notifications/notification-sender.service';
import {
  loadNotificationSettings,
  NOTIFICATION_SETTINGS,
  NotificationClock,
  NOTIFICATIONS_QUEUE,
  NotificationSettings,
  SEND_EMAIL_QUEUE,
  SEND_JOB,
  TICK_JOB,
  WEEKLY_DIGEST_JOB,
} from '@ptce/server/notifications/notification-settings';
import { NotificationsModule } from '@ptce/server/notifications/notifications.module';
import { NotificationsRepository } from '@ptce/server/notifications/notifications.repository';

const LIVE_JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'];

/**
 * Moves due rows to the send-email queue: `planned` rows whose date has come (and, for a decision, whose phase's
 * selection is arrêtée) become `queued` and get a job whose id is the row id (adding it twice is a no-op). Rows
 * left `queued` without a live job (Redis lost it, the worker died) are given a new job after the timeout.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger('NotificationDispatcher');

  constructor(
    private readonly notifications: NotificationsRepository,
    @InjectQueue(SEND_EMAIL_QUEUE) private readonly sendQueue: Queue,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {}

  private jobOpts(id: string) {
    return {
      jobId: id,
      attempts: this.settings.maxAttempts,
      backoff: { type: 'exponential', delay: this.settings.retryBaseMs },
      removeOnComplete: true,
      removeOnFail: true,
    };
  }

  async dispatchDue(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await this.notifications.queueDue(now, this.settings.batch);
      if (!ids.length) return total;
      try {
        await this.sendQueue.addBulk(ids.map((id) => ({ name: SEND_JOB, data: { id }, opts: this.jobOpts(id) })));
      } catch (err) {
        // Redis unavailable: the rows go back to planned and wait in PostgreSQL.
        await this.notifications.unqueue(ids);
        throw err;
      }
      total += ids.length;
      if (ids.length < this.settings.batch) return total;
    }
  }

  async redispatchStuck(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.settings.queuedTimeoutMs);
    const stuck = await this.notifications.queuedSince(before, this.settings.batch);
    let n = 0;
    for (const id of stuck) {
      const state = await this.sendQueue.getJobState(id);
      if (!LIVE_JOB_STATES.includes(state)) {
        if (state !== 'unknown') await (await this.sendQueue.getJob(id))?.remove();
        await this.sendQueue.add(SEND_JOB, { id }, this.jobOpts(id));
        n++;
      }
      await this.notifications.touchQueued(id, now);
    }
    if (n) this.logger.warn(`${n} courriel(s) restés « en cours d’envoi » sans tâche : renvoyés dans la file.`);
    return n;
  }
}

/** The periodic work (job schedulers): relay + reminders + dispatch every few seconds; the Monday digest. */
@Processor(NOTIFICATIONS_QUEUE, { concurrency: 1 })
export class NotificationsTickProcessor extends WorkerHost {
  private lastReminderScan = 0;

  constructor(
    private readonly planner: NotificationPlannerService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly clock: NotificationClock,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {
    super();
  }

  async process(job: Job): Promise<Record<string, number>> {
    if (job.name === WEEKLY_DIGEST_JOB) {
      const planned = await this.planner.planWeeklyDigest(this.clock.now());
      return { planned, dispatched: await this.dispatcher.dispatchDue(this.clock.now()) };
    }
    if (job.name !== TICK_JOB) throw new Error(`Tâche de notification inconnue : ${job.name}`);
    return this.tick();
  }

  /** One pass: the whole outbox backlog, the reminder scan when due, the due rows, the stuck rows. */
  async tick(): Promise<Record<string, number>> {
    let relayed = 0;
    for (let i = 0; i < 100; i++) {
      const n = await this.planner.relayBatch(this.clock.now());
      relayed += n;
      if (n < 500) break;
    }
    let reminders = 0;
    const now = this.clock.now();
    if (now.getTime() - this.lastReminderScan >= this.settings.reminderEveryMs || now.getTime() < this.lastReminderScan) {
      this.lastReminderScan = now.getTime();
      reminders = await this.planner.planAvisReminders(now);
    }
    const dispatched = await this.dispatcher.dispatchDue(this.clock.now());
    const redispatched = await this.dispatcher.redispatchStuck(this.clock.now());
    return { relayed, reminders, dispatched, redispatched };
  }

  /** Tests: the next tick scans reminders whatever the time since the last scan. */
  forceReminderScan(): void {
    this.lastReminderScan = 0;
  }
}

/** Sends one row per job (job id = row id); SMTP errors retry with exponential backoff, 5xx fails at once. */
// A job's lock (BullMQ): a worker killed mid-send leaves its jobs active until the lock expires and the stalled
// check hands them to another worker. Read when the module loads: NOTIFY_LOCK_MS (30 s), NOTIFY_STALLED_CHECK_MS (30 s).
@Processor(SEND_EMAIL_QUEUE, {
  lockDuration: Number(process.env.NOTIFY_LOCK_MS) || 30_000,
  stalledInterval: Number(process.env.NOTIFY_STALLED_CHECK_MS) || 30_000,
})
export class SendEmailProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly sender: NotificationSenderService,
    private readonly clock: NotificationClock,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.settings.sendConcurrency;
  }

  async process(job: Job<{ id: string }>): Promise<string> {
    try {
      return await this.sender.send(job.data.id, this.clock.now(), { made: job.attemptsMade, max: job.opts.attempts ?? 1 });
    } catch (err) {
      if (err instanceof SendFailure && err.final) throw new UnrecoverableError(err.message);
      throw err;
    }
  }
}

/**
 * Registers the job schedulers at start (upsert: one schedule whatever the number of workers and restarts), and
 * again every little while: a Redis restarted empty (no persistence) gets them back without a worker restart.
 */
@Injectable()
export class NotificationSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationSchedules');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly queue: Queue,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {}

  async upsert(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'notifications-tick',
      { every: this.settings.tickMs },
      { name: TICK_JOB, opts: { removeOnComplete: true, removeOnFail: 50 } },
    );
    await this.queue.upsertJobScheduler(
      'notifications-weekly-digest',
      { pattern: '0 8 * * 1', tz: 'Europe/Paris' },
      { name: WEEKLY_DIGEST_JOB, opts: { removeOnComplete: 10, removeOnFail: 50 } },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.upsert();
    const every = Math.min(60_000, Math.max(1000, this.settings.tickMs * 10));
    this.timer = setInterval(() => {
      this.upsert().catch((err: Error) => this.logger.warn(`Planificateurs non réenregistrés (Redis indisponible ?) : ${err.message}`));
    }, every);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

@Module({
  imports: [NotificationsModule, BullModule.registerQueue({ name: NOTIFICATIONS_QUEUE }, { name: SEND_EMAIL_QUEUE })],
  providers: [
    { provide: NOTIFICATION_SETTINGS, useFactory: () => loadNotificationSettings() },
    NotificationClock,
    NotificationDispatcher,
    NotificationsTickProcessor,
    SendEmailProcessor,
    NotificationSchedules,
  ],
  exports: [NotificationClock, NotificationDispatcher, NotificationsTickProcessor],
})
export class NotificationsQueueModule {}
