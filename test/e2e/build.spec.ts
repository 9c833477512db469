import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createServer, AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { cloneTestDatabase, dropTestDatabase } from '../helpers/db';
import { startTestApp } from '../helpers/test-app';

// Issue 12: production starts from compiled JavaScript (`npm run build` → dist/), not from TypeScript compiled at
// every start. The build runs here into its own folder; the compiled migrations, API and worker start from it.
// The time to healthy is printed, never asserted (the machine is shared).
const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, 'test-output', `build-${process.pid}`);

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('compiled build (dist/): migrations, API and worker start from JavaScript', () => {
  let db: { name: string; url: string };
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await cloneTestDatabase();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    if (db) await dropTestDatabase(db.name);
    rmSync(OUT, { recursive: true, force: true });
  });

  const env = () => ({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_PREFIX: `ptce-build-${process.pid}`,
    PORT: '0',
    MAIL_SINK_PORT: '0',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    ADMIN_DIST: '',
  });

  it('builds the server code to JavaScript with the @ptce/domain paths rewritten', () => {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--server-only', '--out', OUT], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fichiers TypeScript compilés/);
    for (const f of ['apps/api/src/main.js', 'apps/worker/src/main.js', 'migrations/run.js', 'libs/domain/src/index.js'])
      expect(existsSync(join(OUT, f))).toBe(true);
  });

  it('runs the compiled migrations, then the compiled API answers healthy, and the compiled worker starts', async () => {
    const migrate = spawnSync(process.execPath, [join(OUT, 'migrations/run.js')], { cwd: ROOT, env: env(), encoding: 'utf8' });
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toMatch(/Base à jour|Migrations appliquées/);

    const t0 = Date.now();
    // A free port from the OS (the API prints its public URL, not the port it got).
    const port = await new Promise<number>((r) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const api = spawn(process.execPath, [join(OUT, 'apps/api/src/main.js')], {
      cwd: ROOT,
      env: { ...env(), PORT: String(port) },
      stdio: 'pipe',
    });
    children.push(api);
    let apiOut = '';
    api.stdout!.on('data', (c) => (apiOut += c));
    api.stderr!.on('data', (c) => (apiOut += c));
    const health = await until(
      () => fetch(`http://127.0.0.1:${port}/api/health`).then(async (r) => ({ status: r.status, body: await r.json() })),
      (h) => h.status === 200,
      60_000,
    ).catch((e) => {
      throw new Error(`${e.message}\n${apiOut}`);
    });
    console.log(`API compilée : en bonne santé en ${Date.now() - t0} ms (indicatif, machine partagée)`);
    expect(health.body).toMatchObject({ status: 'ok' });

    const worker = spawn(process.execPath, [join(OUT, 'apps/worker/src/main.js')], { cwd: ROOT, env: env(), stdio: 'pipe' });
    children.push(worker);
    let workerOut = '';
    worker.stdout!.on('data', (c) => (workerOut += c));
    worker.stderr!.on('data', (c) => (workerOut += c));
    await until(
      async () => workerOut,
      (o) => /Worker prêt/.test(o) || worker.exitCode !== null,
      60_000,
    );
    expect(workerOut).toMatch(/Worker prêt/);
  });

  it('serves the admin build pre-compressed (br, gzip), hashed assets immutable, index revalidated; API JSON compressed', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'ptce-admin-dist-'));
    mkdirSync(join(dist, 'assets'));
    const js = `console.log(${JSON.stringify('x'.repeat(5000))});`;
    writeFileSync(join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/index-AbCd1234.js"></script>');
    writeFileSync(join(dist, 'assets/index-AbCd1234.js'), js);
    writeFileSync(join(dist, 'assets/index-AbCd1234.js.br'), brotliCompressSync(js));
    writeFileSync(join(dist, 'assets/index-AbCd1234.js.gz'), gzipSync(js));
    const t = await startTestApp({ ADMIN_DIST: dist });
    try {
      const br = await fetch(`${t.url}/assets/index-AbCd1234.js`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(br.headers.get('content-type')).toMatch(/javascript/);
      expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await br.text()).toBe(js); // fetch decodes
      const gz = await fetch(`${t.url}/assets/index-AbCd1234.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      const index = await fetch(`${t.url}/`, { headers: { 'accept-encoding': 'gzip' } });
      expect(index.status).toBe(200);
      expect(index.headers.get('cache-control')).toBe('no-cache');
      const admin = await t.as(['admin']);
      const list = await fetch(`${t.url}/api/users?range=%5B0%2C99%5D`, {
        headers: { authorization: admin.auth, 'accept-encoding': 'gzip' },
      });
      expect(list.status).toBe(200);
      if (Number(list.headers.get('content-length') ?? 2000) >= 1024) expect(list.headers.get('content-encoding')).toBe('gzip');
    } finally {
      await t.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
