import { ChildProcess, spawn } from 'node:child_process';
import { Client } from 'pg';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { freePort } from './audit-proconnect';

/** A private Redis the test owns (nothing saved to disk), so that it can be frozen and killed without touching others. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (/Ready to accept connections/i.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return child;
}

async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGCONT');
    child.kill('SIGKILL');
  });
}

/** Polls until `check` resolves true (bounded); no fixed sleeps. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A request that would hang is a failure: supertest gives up after this bound (not a timing assertion).
const HANG = { deadline: 15000 };

describe('Redis missing: the service degrades instead of hanging (private redis-server)', () => {
  let t: TestApp;
  let redis: ChildProcess | undefined;
  let port: number;
  let campaignId: string;
  let admin: Awaited<ReturnType<TestApp['as']>>;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}`, DS_API_URL: 'http://127.0.0.1:9/api/v2/graphql', DS_API_TOKEN: 'x' });
    admin = await t.as(['admin']);
    campaignId = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET ds_demarche_phase1 = 12345 WHERE id = $1`, [campaignId]);
  });
  afterAll(async () => {
    await t?.close();
    await stopRedis(redis);
  });

  const enqueue = () =>
    t.http().post(`/api/campaigns/${campaignId}/imports/ds`).set('Authorization', admin.auth).send({ phase: 1 }).timeout(HANG);
  const cancelQueued = async () => {
    await t.db.query(`UPDATE import_run SET status = 'cancelled', finished_at = now() WHERE status IN ('queued','running')`);
  };

  it('with Redis up: enqueuing works and health is ok', async () => {
    const res = await enqueue();
    expect(res.body).toMatchObject({ status: 'queued' });
    expect(res.status).toBe(202);
    await cancelQueued();
    expect((await t.http().get('/api/health')).body).toMatchObject({ status: 'ok', redis: 'up' });
  });

  it('Redis frozen (SIGSTOP): login, reads and transitions answer; enqueuing answers 503 QUEUE_UNAVAILABLE', async () => {
    redis!.kill('SIGSTOP');
    try {
      const u = await t.createUser({ roles: ['instructeur'] });
      const login = await t.http().post('/api/auth/login').send({ email: u.email, password: u.password }).timeout(HANG);
      expect(login.status).toBe(200);
      const auth = `Bearer ${login.body.accessToken}`;
      const d = await createDossier(t, auth, campaignId);
      expect((await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', auth).timeout(HANG)).status).toBe(200);
      const res = await enqueue();
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'QUEUE_UNAVAILABLE', message: expect.stringMatching(/indisponible/) });
      // the run is kept in PostgreSQL with the reason, not lost
      const [run] = await t.db.query(`SELECT status, failure_code FROM import_run ORDER BY created_at DESC LIMIT 1`);
      expect(run).toEqual({ status: 'failed', failure_code: 'QUEUE_UNAVAILABLE' });
      const health = await t.http().get('/api/health').timeout(HANG);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'error', redis: 'down', db: 'up' });
    } finally {
      redis!.kill('SIGCONT');
    }
  });

  it('Redis killed: login works on the local limiter (which still slows an attacked account), enqueuing answers 503', async () => {
    await stopRedis(redis);
    redis = undefined;
    const u = await t.createUser({ roles: ['cabinet'] });
    const ok = await t.http().post('/api/auth/login').send({ email: u.email, password: u.password }).timeout(HANG);
    expect(ok.status).toBe(200);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${ok.body.accessToken}`).timeout(HANG)).status).toBe(200);
    const bad = await t.http().post('/api/auth/login').send({ email: u.email, password: 'faux' }).timeout(HANG);
    expect(bad.status).toBe(401);
    for (let i = 0; i < 4; i++)
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: u.email, password: `faux${i}` })
        .timeout(HANG);
    const slowed = await t.http().post('/api/auth/login').send({ email: u.email, password: u.password }).timeout(HANG);
    expect(slowed.status).toBe(429);
    expect(slowed.body.code).toBe('TOO_MANY_ATTEMPTS');
    const res = await enqueue();
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('QUEUE_UNAVAILABLE');
    // writes that do not need the queue keep working; their outbox rows wait in PostgreSQL
    const instructeur = await t.as(['instructeur']);
    const d = await createDossier(t, instructeur.auth, campaignId);
    const [outbox] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE dossier_id = $1`, [d.id]);
    expect(outbox.n).toBeGreaterThan(0);
  });

  it('Redis back: health recovers and enqueuing works again, without restarting the API', async () => {
    redis = await startRedis(port);
    await until(async () => (await t.http().get('/api/health')).status === 200, 'health ok');
    await until(async () => (await enqueue()).status === 202, 'enqueue accepted');
  });
});

describe('PostgreSQL connections dropped under load (pg_terminate_backend on the app’s private pool)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 200 or a coded 503 while the connections drop, never a 500, and recovers at once', async () => {
    const instructeur = await t.as(['instructeur']);
    const campaignId = await createCampaign(t);
    const d = await createDossier(t, instructeur.auth, campaignId);
    const dbName = (await t.db.query(`SELECT current_database() AS name`))[0].name as string;
    const admin = new Client({ connectionString: t.config.databaseUrl.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    const statuses: number[] = [];
    const bodies: { code?: string }[] = [];
    let stop = false;
    const load = async () => {
      while (!stop) {
        const res = await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth).timeout(HANG);
        statuses.push(res.status);
        if (res.status !== 200) bodies.push(res.body);
      }
    };
    const workers = Array.from({ length: 6 }, load);
    try {
      await until(async () => statuses.length >= 20, 'load running');
      let killed = 0;
      for (let round = 0; round < 3; round++) {
        const before = statuses.length;
        const r = await admin.query(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [dbName],
        );
        killed += r.rows[0].n;
        await until(async () => statuses.length >= before + 20, 'requests after the drop');
      }
      expect(killed).toBeGreaterThan(0);
    } finally {
      stop = true;
      await Promise.all(workers);
      await admin.end();
    }
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    for (const b of bodies) expect(b.code).toBe('DATABASE_UNAVAILABLE');
    // recovered: reads, a login and a write all succeed now
    expect((await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth)).status).toBe(200);
    const u = await t.createUser({ roles: ['instructeur'] });
    expect((await t.http().post('/api/auth/login').send({ email: u.email, password: u.password })).status).toBe(200);
    const put = await t
      .http()
      .put(`/api/dossiers/${d.id}`)
      .set('Authorization', instructeur.auth)
      .send({ projectName: 'Projet après coupure', expectedVersion: d.version });
    expect([200, 409]).toContain(put.status);
  });
});
