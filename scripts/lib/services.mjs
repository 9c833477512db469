// Brings up what the product needs on this machine: npm packages, PostgreSQL, Redis, the database.
// Used by `npm start`, `npm test` and .ci/run so that all three behave the same on a fresh machine.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA_DIR = path.join(ROOT, '.data');
export const started = []; // child processes to stop on exit

export function log(msg) {
  console.log(`\x1b[36m[ptce]\x1b[0m ${msg}`);
}

export function fail(msg) {
  console.error(`\x1b[31m[ptce] ${msg}\x1b[0m`);
  stopAll();
  process.exit(1);
}

export function stopAll() {
  for (const child of started.splice(0).reverse()) {
    try {
      if (child.stop) child.stop();
      else if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

export function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  log('Installation des dépendances npm…');
  const args = existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  const r = spawnSync('npm', args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail('L’installation des dépendances npm a échoué.');
}

export function canConnect(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function waitFor(host, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await canConnect(host, port, 500)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const isLocal = (h) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(h);

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

export async function ensurePostgres(databaseUrl) {
  const u = new URL(databaseUrl);
  const host = u.hostname;
  const port = Number(u.port || 5432);
  if (await canConnect(host, port)) return;
  if (!isLocal(host)) fail(`PostgreSQL injoignable à ${host}:${port} (DATABASE_URL). Vérifiez le serveur ou la variable.`);
  // 1. The machine's own cluster (Debian), if there is one.
  if (existsSync('/etc/postgresql') && which('pg_ctlcluster')) {
    for (const version of readdirSync('/etc/postgresql')) {
      log(`Démarrage du PostgreSQL du système (${version}/main)…`);
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    }
    if (await waitFor(host, port, 20)) return;
  }
  // 2. A private cluster under .data/postgres from the Debian binaries.
  const bin = postgresBinDir();
  if (!bin) fail(`PostgreSQL n’est ni joignable à ${host}:${port} ni installé. Installez-le : sudo apt-get install -y postgresql`);
  const dir = path.join(DATA_DIR, 'postgres');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd, args) =>
    asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'inherit' })
      : spawnSync(cmd, args, { stdio: 'inherit' });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    log(`Création d’un PostgreSQL local dans ${dir}…`);
    mkdirSync(dir, { recursive: true });
    if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', DATA_DIR]);
    const r = run(path.join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    if (r.status !== 0) fail('initdb a échoué.');
  }
  log(`Démarrage du PostgreSQL local sur le port ${port}…`);
  const r = run(path.join(bin, 'pg_ctl'), [
    '-D',
    dir,
    '-o',
    `-p ${port} -k /tmp -c listen_addresses=127.0.0.1`,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    'start',
  ]);
  if (r.status !== 0) fail(`Le PostgreSQL local n’a pas démarré (voir ${dir}/server.log).`);
  started.push({ stop: () => run(path.join(bin, 'pg_ctl'), ['-D', dir, '-m', 'fast', 'stop']) });
  if (!(await waitFor(host, port, 20))) fail('PostgreSQL ne répond pas.');
}

export async function ensureRedis(redisUrl) {
  const u = new URL(redisUrl);
  const host = u.hostname;
  const port = Number(u.port || 6379);
  if (await canConnect(host, port)) return;
  if (!isLocal(host)) fail(`Redis injoignable à ${host}:${port} (REDIS_URL). Vérifiez le serveur ou la variable.`);
  const bin = which('redis-server');
  if (!bin) fail(`Redis n’est ni joignable à ${host}:${port} ni installé. Installez-le : sudo apt-get install -y redis-server`);
  const dir = path.join(DATA_DIR, 'redis');
  mkdirSync(dir, { recursive: true });
  log(`Démarrage d’un Redis local sur le port ${port}…`);
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
    detached: true,
  });
  started.push(child);
  if (!(await waitFor(host, port, 15))) fail('Redis ne répond pas.');
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(databaseUrl) {
  const { default: pg } = await import('pg');
  const u = new URL(databaseUrl);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) fail(`Nom de base de données non pris en charge : « ${name} ».`);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) {
      log(`Création de la base « ${name} »…`);
      await client.query(`CREATE DATABASE "${name}"`);
    }
  } finally {
    await client.end();
  }
}

/** Runs a TypeScript entry point of the repo with the SWC loader; resolves with its exit code. */
export function runTs(entry, env = {}, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', './scripts/register.js', entry], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: opts.stdio ?? 'inherit',
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

export function adminNeedsBuild() {
  const index = path.join(ROOT, 'apps/admin/dist/index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const newest = (dir) => {
    let m = 0;
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, f.name);
      m = Math.max(m, f.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return m;
  };
  return newest(path.join(ROOT, 'apps/admin/src')) > built;
}

export function buildAdmin() {
  log('Construction de l’interface d’administration…');
  const r = spawnSync('npm', ['run', '-s', 'build:admin'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail('La construction de l’interface d’administration a échoué.');
}

/**
 * Delay before restarting a crashed worker: 1 s, 2 s, 4 s… up to 30 s while it keeps crashing quickly; back to 1 s once
 * a run lasted a minute.
 */
export function restartDelayMs(crashesInARow) {
  return Math.min(1000 * 2 ** Math.max(0, crashesInARow - 1), 30000);
}
