// `npm start`: the whole product with demo data on one URL. Ctrl-C stops every process it started.
import { spawn } from 'node:child_process';
import {
  ROOT,
  adminNeedsBuild,
  canConnect,
  buildAdmin,
  ensureDatabase,
  ensureDependencies,
  ensurePostgres,
  ensureRedis,
  fail,
  log,
  restartDelayMs,
  runTs,
  started,
  stopAll,
} from './lib/services.mjs';

const env = {
  NODE_ENV: process.env.NODE_ENV || 'development',
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptce',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  PORT: process.env.PORT || '3000',
  LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
};
env.PUBLIC_URL = process.env.PUBLIC_URL || `http://localhost:${env.PORT}`;

process.on('SIGINT', () => {
  log('Arrêt…');
  stopAll();
  process.exit(0);
});
process.on('SIGTERM', () => {
  stopAll();
  process.exit(0);
});

/**
 * `restart`: a child that may crash without stopping the product (the worker: jobs wait in Redis and PostgreSQL until
 * it is back), restarted with a growing delay; any other child stopping stops everything.
 */
function startChild(name, entry, color, args = [], { restart = false, crashes = 0 } = {}) {
  const startedAt = Date.now();
  const child = spawn(process.execPath, ['-r', './scripts/register.js', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = `\x1b[${color}m[${name}]\x1b[0m `;
  const pipe = (stream, out) => {
    let buf = '';
    stream.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) out.write(prefix + l + '\n');
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping && restart) {
      const i = started.indexOf(child);
      if (i >= 0) started.splice(i, 1);
      const inARow = Date.now() - startedAt > 60000 ? 1 : crashes + 1;
      const delay = restartDelayMs(inARow);
      log(`${name} s’est arrêté (code ${code ?? signal}) : redémarrage dans ${Math.round(delay / 1000)} s.`);
      setTimeout(() => {
        if (!stopping) startChild(name, entry, color, args, { restart, crashes: inARow });
      }, delay).unref();
      return;
    }
    if (!stopping) {
      log(`${name} s’est arrêté (code ${code ?? signal}) : arrêt de l’ensemble.`);
      stopping = true;
      stopAll();
      process.exit(code || 1);
    }
  });
  started.push(child);
  return child;
}

let stopping = false;
process.on('exit', () => {
  stopping = true;
  stopAll();
});

async function waitHealthy(url, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return true;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function main() {
  ensureDependencies();
  await ensurePostgres(env.DATABASE_URL);
  await ensureRedis(env.REDIS_URL);
  await ensureDatabase(env.DATABASE_URL);
  if ((await runTs('migrations/run.ts', env)) !== 0) fail('Les migrations ont échoué.');
  if (env.NODE_ENV !== 'production' && (await runTs('libs/demo/src/seed.main.ts', env)) !== 0)
    fail('Le jeu de démonstration n’a pas pu être créé.');
  if (adminNeedsBuild()) buildAdmin();
  // Without a real DS, the demo's "Importer depuis DS" talks to the local stand-in serving the same 150 dossiers.
  if (!process.env.DS_API_URL && env.NODE_ENV !== 'production') {
    const port = Number(process.env.DS_STANDIN_PORT || 4010);
    env.DS_API_TOKEN = 'demo-token';
    startChild('ds', 'apps/ds-standin/src/main.ts', '33', ['--port', String(port), '--token', env.DS_API_TOKEN]);
    for (let i = 0; i < 40 && !(await canConnect('127.0.0.1', port, 300)); i++) await new Promise((r) => setTimeout(r, 250));
    env.DS_API_URL = `http://127.0.0.1:${port}/api/v2/graphql`;
  }
  startChild('api', 'apps/api/src/main.ts', '32');
  startChild('worker', 'apps/worker/src/main.ts', '35', [], { restart: true });
  const url = `http://localhost:${env.PORT}`;
  if (!(await waitHealthy(url, 60))) fail('L’API ne répond pas après 60 secondes.');
  console.log(`
  ┌──────────────────────────────────────────────────────────────────────┐
    AMI PTCE — back-office d’instruction prêt : ${url}
    Documentation de l’API : ${url}/api/docs
    Courriels de développement : ${url}/#/dev/mails (aucun envoi réel)

    Comptes de démonstration (mot de passe : demo)
      admin@demo.example.org          administrateur
      instructeur@demo.example.org    instructeur (ministère)
      cabinet@demo.example.org        cabinet du ministre
      cress.53@demo.example.org       CRESS Bretagne
      correspondant_ess.53@demo.example.org, expert.53@…, compagnon@…
    Ctrl-C pour tout arrêter.
  └──────────────────────────────────────────────────────────────────────┘
`);
}

main().catch((err) => fail(err?.stack ?? String(err)));
