import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

async function until<T>(what: string, fn: () => Promise<T | false | null | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Délai dépassé : ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A real SMTP listener that refuses on demand: 451 (try later) for the next N messages, 550 for some recipients. */
class FlakySmtp {
  accepted: { to: string[]; raw: string }[] = [];
  refuseNext = 0;
  refusedTemporarily = 0;
  permanentlyRefused = new Set<string>();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, cb) => {
      if (this.permanentlyRefused.has(address.address)) {
        const err = new Error('Boîte aux lettres inexistante') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData: (stream, session, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (this.refuseNext > 0) {
          this.refuseNext--;
          this.refusedTemporarily++;
          const err = new Error('Serveur surchargé, réessayez plus tard') as Error & { responseCode: number };
          err.responseCode = 451;
          return cb(err);
        }
        this.accepted.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  port = 0;
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server as unknown as { server: { address(): AddressInfo } }).server.address().port;
  }
  to(email: string) {
    return this.accepted.filter((m) => m.to.includes(email));
  }
  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A Redis of our own, so that stopping it disturbs no one else. */
async function startRedis(port: number): Promise<ChildProcess> {
  const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await until('redis prêt', async () => {
    const ok = await new Promise<boolean>((resolve) => {
      const s = require('node:net').connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    return ok;
  });
  return p;
}

async function stopRedis(p: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
}

describe('notification delivery: SMTP refusals, retries, failures, resend; Redis stopped', () => {
  let t: TestApp;
  let smtp: FlakySmtp;
  let redis: ChildProcess;
  let redisPort: number;
  let instructeur: Awaited<ReturnType<TestApp['as']>>;

  beforeAll(async () => {
    process.env.NOTIFY_TICK_MS = '200';
    process.env.NOTIFY_RETRY_BASE_MS = '50';
    process.env.NOTIFY_QUEUED_TIMEOUT_MS = '1500';
    smtp = new FlakySmtp();
    await smtp.start();
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    instructeur = await t.as(['instructeur']);
    await t.startWorker();
  });
  afterAll(async () => {
    await t?.close();
    if (redis && redis.exitCode === null) await stopRedis(redis);
    await smtp?.close();
  });

  const row = async (email: string) =>
    (await t.db.query(`SELECT * FROM notification WHERE recipient = $1 ORDER BY created_at`, [email]))[0];

  it('SMTP refusing (4xx) for a while: retried with backoff, then sent once', async () => {
    smtp.refuseNext = 3;
    const campaignId = await createCampaign(t);
    await createDossier(t, instructeur.auth, campaignId, {
      referent: { name: 'Patiente', email: 'patiente@example.org', phone: '0102030405' },
    });
    await until('envoyé après les refus', async () => (await row('patiente@example.org'))?.status === 'sent');
    expect(smtp.refusedTemporarily).toBe(3);
    expect(smtp.to('patiente@example.org')).toHaveLength(1);
    const r = await row('patiente@example.org');
    expect(r.attempts).toBe(4);
    expect(r.message_id).toBeTruthy();
  });

  it('4xx on every attempt: failed after 5 attempts with the SMTP error', async () => {
    smtp.refuseNext = 5;
    const campaignId = await createCampaign(t);
    await createDossier(t, instructeur.auth, campaignId, {
      referent: { name: 'Jamais', email: 'jamais@example.org', phone: '0102030405' },
    });
    await until('en échec', async () => (await row('jamais@example.org'))?.status === 'failed');
    const r = await row('jamais@example.org');
    expect(r.attempts).toBe(5);
    expect(r.last_error).toContain('451');
    expect(smtp.to('jamais@example.org')).toHaveLength(0);
  });

  it('permanently refused (5xx): failed at once, visible, resendable, cancellable', async () => {
    smtp.refuseNext = 0;
    smtp.permanentlyRefused.add('refus@example.org');
    const campaignId = await createCampaign(t);
    await createDossier(t, instructeur.auth, campaignId, { referent: { name: 'Refus', email: 'refus@example.org', phone: '0102030405' } });
    await until('en échec', async () => (await row('refus@example.org'))?.status === 'failed');
    const failed = await row('refus@example.org');
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toContain('550');

    const listed = await t
      .http()
      .get('/api/notifications')
      .query({ filter: JSON.stringify({ status: 'failed', recipient: 'refus@example.org' }) })
      .set('Authorization', instructeur.auth);
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({ id: failed.id, status: 'failed', attempts: 1 });
    expect(listed.body[0].lastError).toContain('550');

    // The address is fixed on the server side: the resend goes.
    smtp.permanentlyRefused.delete('refus@example.org');
    const resent = await t.http().post(`/api/notifications/${failed.id}/resend`).set('Authorization', instructeur.auth);
    expect(resent.status).toBe(201);
    expect(resent.body.resendOf).toBe(failed.id);
    await until('renvoi envoyé', async () => {
      const [r] = await t.db.query(`SELECT status FROM notification WHERE id = $1`, [resent.body.id]);
      return r.status === 'sent';
    });
    expect(smtp.to('refus@example.org')).toHaveLength(1);
    const cancelled = await t.http().post(`/api/notifications/${failed.id}/cancel`).set('Authorization', instructeur.auth);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('Redis stopped during a decision: the decision is saved, the e-mail leaves once Redis is back', async () => {
    const campaignId = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET phase1_arrete_at = now() WHERE id = $1`, [campaignId]);
    const d = await createDossier(t, instructeur.auth, campaignId, {
      referent: { name: 'Redis', email: 'redis@example.org', phone: '0102030405' },
    });
    await until('accusé envoyé', async () => (await row('redis@example.org'))?.status === 'sent');

    await stopRedis(redis);
    const res = await transition(t, instructeur.auth, d.id, 'classer_sans_suite', d.version, {
      motif: 'Le porteur a retiré sa candidature.',
    });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('sans_suite');
    const [event] = await t.db.query(`SELECT processed_at FROM outbox_event WHERE dossier_id = $1 AND type = 'dossier.sans_suite'`, [d.id]);
    expect(event).toBeDefined();

    redis = await startRedis(redisPort);
    await until(
      'décision envoyée après le retour de Redis',
      async () => smtp.to('redis@example.org').some((m) => m.raw.includes('sans suite')),
      60000,
    );
    await until('ligne marquée envoyée', async () => {
      const [n] = await t.db.query(`SELECT status FROM notification WHERE dossier_id = $1 AND template = 'decision_sans_suite'`, [d.id]);
      return n.status === 'sent';
    });
    expect(smtp.to('redis@example.org').filter((m) => m.raw.includes('sans suite'))).toHaveLength(1);
  });
});
