// `npm run bench` (second case): 10,000 decision e-mails through notification rows → BullMQ → nodemailer → a local
// SMTP listener, side by side in the same run with a bare loop sending the same number of messages through a pooled
// nodemailer transport to the same listener. Prints both rates, the ratio, duplicates and missing (counted at the
// listener). Asserts nothing: speed is measured, not tested.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import nodemailer from 'nodemailer';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { CALENDAR_2021 } from '@ptce/domain';
import { loadConfig } from '@ptce/server/config/app-config';
import { DEFAULT_TEMPLATES } from '@ptce/server/notifications/default-templates';
import { renderMail } from '@ptce/server/notifications/template-renderer';
import { NotificationClock } from '@ptce/server/notifications/notification-settings';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { runMigrations } from '../migrations/data-source';

const N = Number(process.env.BENCH_EMAILS || 10000);
const POOL = Number(process.env.NOTIFY_SMTP_POOL || 5);
const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptce');
// Its own database, named from DATABASE_URL, created here and dropped at the end (never one it did not create).
const dbName = `${(base.pathname.slice(1) || 'ptce').replace(/[^a-z0-9_]/gi, '_')}_bench_notifications_${process.pid}`;

function urlFor(name: string): string {
  const u = new URL(base.toString());
  u.pathname = `/${name}`;
  return u.toString();
}

/** Counts what arrives, per recipient: a recipient seen twice is a duplicate. */
class Listener {
  seen = new Map<string, number>();
  received = 0;
  private waiters: { n: number; resolve: () => void }[] = [];
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onData: (stream, session, cb) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) this.seen.set(r.address, (this.seen.get(r.address) ?? 0) + 1);
        this.received++;
        this.waiters = this.waiters.filter((w) => (this.received >= w.n ? (w.resolve(), false) : true));
        cb();
      });
    },
  });
  port = 0;
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server as unknown as { server: { address(): AddressInfo } }).server.address().port;
  }
  reset(): void {
    this.seen.clear();
    this.received = 0;
  }
  waitFor(n: number): Promise<void> {
    if (this.received >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
  count(prefix: string): { distinct: number; duplicates: number } {
    let distinct = 0;
    let duplicates = 0;
    for (const [addr, n] of this.seen) {
      if (!addr.startsWith(prefix)) continue;
      distinct++;
      duplicates += n - 1;
    }
    return { distinct, duplicates };
  }
  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function main(): Promise<void> {
  const admin = new Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  await runMigrations(urlFor(dbName));
  const listener = new Listener();
  await listener.start();

  // 1. The bare loop: the same number of messages, a pooled nodemailer transport, the same listener.
  const bare = nodemailer.createTransport({
    url: `smtp://127.0.0.1:${listener.port}`,
    pool: true,
    maxConnections: POOL,
    maxMessages: Infinity,
  } as never);
  // The same messages as the pipeline's: the default decision template rendered in the same layout, built beforehand.
  const messages = Array.from({ length: N }, (_, i) => {
    const mail = renderMail(DEFAULT_TEMPLATES.decision_phase1_laureat, {
      referentName: `Référent ${i}`,
      projectName: `Pôle territorial ${i}`,
      structureName: `Structure ${i}`,
      campaignName: 'Bench notifications',
    });
    return { from: 'AMI PTCE <ne-pas-repondre@ptce.example.org>', to: `"Référent ${i}" <nu${i}@example.org>`, ...mail };
  });
  let t0 = performance.now();
  await Promise.all(messages.map((m) => bare.sendMail(m)));
  await listener.waitFor(N);
  const bareMs = performance.now() - t0;
  bare.close();
  const bareCount = listener.count('nu');
  listener.reset();

  // 2. The pipeline: N decided dossiers, the selection arrêtée, the announcement ahead; planned, then released.
  const db = new Client({ connectionString: urlFor(dbName) });
  await db.connect();
  const announcement = new Date(Date.now() + 3600_000);
  const [{ id: campaignId }] = (
    await db.query(
      `INSERT INTO campaign (name, published_at, phase1_deposit_deadline, phase1_announcement_at, phase2_invitation_at, phase2_deposit_deadline, phase1_arrete_at)
       VALUES ('Bench notifications', $1, $2, $3, $4, $5, now()) RETURNING id`,
      [
        CALENDAR_2021.publishedAt,
        CALENDAR_2021.phase1DepositDeadline,
        announcement,
        new Date(announcement.getTime() + 86400_000),
        new Date(announcement.getTime() + 30 * 86400_000),
      ],
    )
  ).rows;
  await db.query(
    `INSERT INTO dossier (campaign_id, phase, project_name, region, structure_name, referent_name, referent_email, state, eligibility, decision_outcome, source)
     SELECT $1, 1, 'Pôle territorial ' || g, '53', 'Structure ' || g, 'Référent ' || g, 'pipe' || g || '@example.org', 'laureat', 'eligible', 'laureat', 'manuel'
       FROM generate_series(1, $2) g`,
    [campaignId, N],
  );
  await db.query(`INSERT INTO outbox_event (type, campaign_id, payload) VALUES ('selection.arretee', $1, '{"phase":1}')`, [campaignId]);

  process.env.NOTIFY_TICK_MS = process.env.NOTIFY_TICK_MS || '500';
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: urlFor(dbName),
    SMTP_URL: `smtp://127.0.0.1:${listener.port}`,
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: `ptce-bench-notif-${process.pid}`,
  });
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, processRole: 'worker' }), { logger: false });
  t0 = performance.now();
  for (;;) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM notification WHERE campaign_id = $1 AND status = 'planned'`, [
      campaignId,
    ]);
    if (rows[0].n >= N) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const planMs = performance.now() - t0;
  t0 = performance.now();
  worker.get(NotificationClock).set(new Date(announcement.getTime() + 1000));
  await listener.waitFor(N);
  const pipeMs = performance.now() - t0;
  // Let a few more ticks run: a duplicate would show up now.
  await new Promise((r) => setTimeout(r, 2000));
  const pipeCount = listener.count('pipe');
  const { rows: status } = await db.query(`SELECT status, count(*)::int AS n FROM notification GROUP BY status ORDER BY status`);
  await worker.close();
  // The run's Redis keys (queues, job schedulers) go with it.
  const redis = new Redis(config.redisUrl);
  for (let cursor = '0'; ;) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.redisPrefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  redis.disconnect();
  await db.end();
  await listener.close();
  const drop = new Client({ connectionString: urlFor('postgres') });
  await drop.connect();
  await drop.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await drop.end();

  const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);
  console.log(`\nCourriels de décision : ${N} messages, pool SMTP de ${POOL} connexions, écouteur SMTP local`);
  console.log(
    `${'boucle nodemailer nue (pool)'.padEnd(48)} ${(bareMs / 1000).toFixed(1).padStart(6)} s  ${rate(N, bareMs).padStart(6)} msg/s  reçus ${bareCount.distinct}, doublons ${bareCount.duplicates}, manquants ${N - bareCount.distinct}`,
  );
  console.log(
    `${'lignes → BullMQ → nodemailer (envoi)'.padEnd(48)} ${(pipeMs / 1000).toFixed(1).padStart(6)} s  ${rate(N, pipeMs).padStart(6)} msg/s  reçus ${pipeCount.distinct}, doublons ${pipeCount.duplicates}, manquants ${N - pipeCount.distinct}`,
  );
  console.log(`${'  (planification depuis l’outbox)'.padEnd(48)} ${(planMs / 1000).toFixed(1).padStart(6)} s`);
  console.log(`Rapport pipeline / boucle nue : ${((bareMs / pipeMs) * 100).toFixed(0)} % (objectif ≥ 50 %)`);
  console.log(`Lignes : ${status.map((r: { status: string; n: number }) => `${r.status} ${r.n}`).join(', ')}`);
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
