// Per-request CPU of the list routes (issue 12): the API alone in its own process (optionally under `--cpu-prof`),
// driven by 10 concurrent `fetch` loops from this process on three list cases, then the profile's top self-time
// functions and packages. Not part of `npm test` nor `npm run bench`; it asserts nothing.
//
//   node -r ./scripts/register.js bench/profile-lists.ts [--prof] [--dist] [--seconds 8] [--runs 3] [--clients 10] [--drop]
//
// Its database `<name>_profile_lists` (from DATABASE_URL) is created and seeded on the first run (PROFILE_DOSSIERS,
// 5,000 by default) and kept for the next runs; `--drop` drops it at the end (only that one, never another).
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { runMigrations } from '../migrations/data-source';
import { dbNameFor, freePort, login, seedDataSet, urlFor, withAdmin } from './bench-data';

const ROOT = resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (n: string) => args.includes(`--${n}`);
const opt = (n: string, d: number) => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const SECONDS = opt('seconds', 8);
const RUNS = opt('runs', 3);
const CLIENTS = opt('clients', 10);
const N = Number(process.env.PROFILE_DOSSIERS || 5000);
const dbName = dbNameFor('profile_lists');

async function startApi(profDir: string | null) {
  const port = await freePort();
  const entry = flag('dist') ? [join(ROOT, 'dist/apps/api/src/main.js')] : ['-r', './scripts/register.js', 'apps/api/src/main.ts'];
  // SIGUSR2 ends the process through process.exit(), which writes the profile (Nest's signal hooks re-raise the
  // signal, and a process killed by a signal writes none).
  const exitHook = join(profDir ?? tmpdir(), 'exit-on-usr2.js');
  writeFileSync(exitHook, `process.on('SIGUSR2', () => process.exit(0));\n`);
  const prof = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '-r', exitHook] : ['-r', exitHook];
  const proc = spawn(process.execPath, [...prof, ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DEMO_MODE: 'false',
      DATABASE_URL: urlFor(dbName),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.LOG_LEVEL || 'info',
      MAIL_SINK_PORT: '0',
      REDIS_PREFIX: `ptce-profile-${process.pid}`,
      JWT_SECRET: 'profile-secret-profile-secret-profile-42',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error('l’API s’est arrêtée');
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      break;
    if (performance.now() - t0 > 120_000) throw new Error('l’API ne répond pas en 120 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = () =>
    new Promise<void>((r) => {
      proc.once('exit', () => r());
      proc.kill('SIGUSR2');
    });
  // The API's own CPU time (user + system, ms) from /proc: per request, it is less sensitive to the machine's load than req/s.
  const cpuMs = () => {
    const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
  };
  return { url, stop, cpuMs };
}

/** `clients` loops calling `path` for `seconds`: requests per second and count (a non-200 stops the run). */
async function drive(url: string, path: string, token: string, seconds: number, clients: number): Promise<{ rps: number; n: number }> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const r = await fetch(url + path, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${path} : ${r.status}`);
        n++;
      }
    }),
  );
  return { rps: (n / (performance.now() - t0)) * 1000, n };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time per function and per package, from the samples of a .cpuprofile. */
function analyse(file: string, top = 25): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const short = url.replace(/^file:\/\//, '').replace(ROOT + '/', '');
    const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(short);
    const group = m
      ? m[1]
      : short.startsWith('node:')
        ? 'node:' + short.slice(5).split('/')[0]
        : short
          ? short.split('/').slice(0, 3).join('/')
          : functionName;
    pkg.set(group, (pkg.get(group) ?? 0) + us);
  }
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms)`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  };
  print('Temps propre par fonction', fn);
  print('Temps propre par paquet / fichier', pkg);
}

async function main(): Promise<void> {
  const exists = await withAdmin(async (c) => (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [dbName])).rowCount === 1);
  if (!exists) {
    await withAdmin((c) => c.query(`CREATE DATABASE "${dbName}"`));
    await runMigrations(urlFor(dbName));
    const db = new Pool({ connectionString: urlFor(dbName) });
    await seedDataSet(db, { dossiers: N, extraDepose: 0, sectionKb: 20 });
    await db.end();
    console.log(`Base ${dbName} créée : ${N} dossiers`);
  }
  const db = new Pool({ connectionString: urlFor(dbName) });
  const [{ id: campaignId }] = (await db.query(`SELECT id FROM campaign ORDER BY created_at LIMIT 1`)).rows;
  await db.end();
  const profDir = flag('prof') ? mkdtempSync(join(tmpdir(), 'ptce-prof-')) : null;
  const api = await startApi(profDir);
  try {
    const instructeur = await login(api.url, 'instructeur@bench.example.org');
    const cress = await login(api.url, 'cress.53.1@bench.example.org');
    const q = (o: Record<string, unknown>) =>
      '/api/dossiers?' + new URLSearchParams(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, JSON.stringify(v)]))).toString();
    const cases: [string, string, string][] = [
      ['tri par défaut', q({ range: [0, 24] }), instructeur],
      ['campagne + état', q({ range: [0, 24], filter: { campaignId, phase: 1, state: 'en_instruction' } }), instructeur],
      ['relecteur CRESS (région)', q({ range: [0, 24] }), cress],
    ];
    for (const [, path, token] of cases) await drive(api.url, path, token, 2, CLIENTS); // warm-up
    for (const [name, path, token] of cases) {
      const rps: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const c0 = api.cpuMs();
        const r = await drive(api.url, path, token, SECONDS, CLIENTS);
        rps.push(r.rps);
        cpu.push((api.cpuMs() - c0) / r.n);
      }
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
      console.log(
        `${name.padEnd(26)} ${CLIENTS} clients : médiane ${med(rps).toFixed(0)} req/s (${rps.map((r) => r.toFixed(0)).join(', ')}), ` +
          `CPU de l’API ${med(cpu).toFixed(2)} ms/requête (${cpu.map((c) => c.toFixed(2)).join(', ')})`,
      );
    }
  } finally {
    await api.stop();
  }
  if (profDir) {
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      console.log(`\nProfil : ${join(profDir, file)}`);
      analyse(join(profDir, file));
    } else console.log('Aucun profil écrit.');
  }
  if (flag('drop')) await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  console.log(`Charge de la machine : ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
