// `npm run bench` (first part): the product against a bare baseline doing the same work, side by side in one run.
//
// Product (A): the real API in its own process (started here from the sources, or from dist/ when built), called over
// HTTP from this process — never the server's own event loop. Bare (B): the same rows read or written with
// hand-written SQL on a bare `pg` pool of the same size, from this same client process. For every case and every
// concurrency level (1, 10, 50 clients), after a warm-up, A and B alternate over several rounds; the table gives
// min / median / max of each side's throughput and of the ratio A/B (1 = as fast as the physical limit here).
// The EXPLAIN printed is of the SQL the product actually sent (captured by DB_CAPTURE_SQL on a second API process).
// Its own database, named from DATABASE_URL (`<name>_bench_<pid>`), created here and dropped at the end — it never
// drops one it did not create. Asserts nothing: speed is measured, not tested. Results: bench/results/<date>.{json,md}.
//
// Scale (environment): BENCH_DOSSIERS (50,000), BENCH_ROUNDS (5), BENCH_CLIENTS ("1,10,50"), BENCH_REQUESTS (200 per
// round and side; transitions and logins use fewer), BENCH_SECTION_KB (20), BENCH_UI (1: the admin list in Chromium),
// BENCH_CASES (words: only the cases whose name contains one, e.g. "import,avis"), BENCH_IMPORT (import sizes, "150,5000"),
// BENCH_IMPORT_ROUNDS (rounds of the import cases, BENCH_ROUNDS by default), BENCH_WORKER_HEAP_MB (the worker's heap cap).
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { Pool } from 'pg';
import { AVIS_ENTRY_CODES, CALENDAR_2021, MATURITY_MARKER_CODES, REGION_CODES, requiredSlots } from '@ptce/domain';
import { generateDossiers, RunningStandin, startDsStandin } from '@ptce/ds-standin';
import { verifyPassword } from '@ptce/server/auth/password';
import { DS_DELETED_QUERY, DS_DOSSIERS_QUERY } from '@ptce/server/imports/ds/ds-queries';
import { dsRecord } from '@ptce/server/imports/ds/ds-record';
import { effectiveMapping } from '@ptce/server/imports/mapping/ds-mapping';
import { mapRecord, MappedDossier } from '@ptce/server/imports/mapping/map-record';
import { runMigrations } from '../migrations/data-source';
import { BENCH_PASSWORD, dbNameFor, freePort, login, seedDataSet, urlFor, withAdmin } from './bench-data';

const ROOT = resolve(__dirname, '..');
const N = Number(process.env.BENCH_DOSSIERS || 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const LEVELS = (process.env.BENCH_CLIENTS || '1,10,50').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 200);
const SECTION_KB = Number(process.env.BENCH_SECTION_KB || 20);
const POOL = Number(process.env.DB_POOL_SIZE || 10);
const dbName = dbNameFor(`bench_${process.pid}`);
let created = false;
const children: ChildProcess[] = [];

async function cleanup(): Promise<void> {
  // A child ended by a signal keeps exitCode null (signalCode set): waiting for its 'exit' again would never end, and
  // the database below was then never dropped.
  const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
  for (const c of children) if (running(c) && c.pid) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (running(c) ? new Promise((r) => c.once('exit', r)) : null)));
  // Only the database this run created (CREATE DATABASE succeeded), never another.
  if (created) await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => undefined);
  created = false;
}

// ---------------------------------------------------------------------------------------------------------------
// Data set: dossiers with sections of realistic size, reviewers in every region, avis, attachments, journal.

// ---------------------------------------------------------------------------------------------------------------
// Load: `clients` concurrent loops over `total` calls; throughput and latencies.

interface Sample {
  rps: number;
  p50: number;
  p95: number;
  errors: number;
}

async function load(fn: (i: number) => Promise<void>, clients: number, total: number): Promise<Sample> {
  const lat: number[] = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const s = performance.now();
        try {
          await fn(i);
        } catch {
          errors++;
        }
        lat.push(performance.now() - s);
      }
    }),
  );
  const wall = performance.now() - t0;
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
  return { rps: (total / wall) * 1000, p50: q(0.5), p95: q(0.95), errors };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0] ?? 0, median: s[Math.floor((s.length - 1) / 2)] ?? 0, max: s[s.length - 1] ?? 0 };
};

interface CaseResult {
  case: string;
  clients: number;
  requests: number;
  product: { rps: ReturnType<typeof stats>; p50: number; p95: number; errors: number; peakRssMb?: number };
  bare: { rps: ReturnType<typeof stats>; p50: number; p95: number; errors: number; peakRssMb?: number };
  ratio: ReturnType<typeof stats>;
  goal?: string;
  /** What `rps` counts when not requests (imports: dossiers/s; p50/p95 are then the median and longest run, ms). */
  unit?: string;
  note?: string;
}

interface BenchCase {
  name: string;
  goal?: string;
  /** Calls per round and side (defaults to BENCH_REQUESTS). */
  requests?: number;
  levels?: number[];
  product: (i: number) => Promise<void>;
  bare: (i: number) => Promise<void>;
}

async function sideBySide(c: BenchCase, results: CaseResult[]): Promise<void> {
  for (const clients of c.levels ?? LEVELS) {
    const total = Math.max(clients, c.requests ?? REQUESTS);
    // Warm-up: both sides once, not counted.
    await load(c.product, clients, Math.min(total, clients * 2));
    await load(c.bare, clients, Math.min(total, clients * 2));
    const a: Sample[] = [];
    const b: Sample[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // A/B then B/A: neither side always runs on the warmer cache.
      if (r % 2 === 0) {
        a.push(await load(c.product, clients, total));
        b.push(await load(c.bare, clients, total));
      } else {
        b.push(await load(c.bare, clients, total));
        a.push(await load(c.product, clients, total));
      }
    }
    const med = (xs: Sample[], k: 'p50' | 'p95') => stats(xs.map((x) => x[k])).median;
    const res: CaseResult = {
      case: c.name,
      clients,
      requests: total,
      product: { rps: stats(a.map((x) => x.rps)), p50: med(a, 'p50'), p95: med(a, 'p95'), errors: a.reduce((s, x) => s + x.errors, 0) },
      bare: { rps: stats(b.map((x) => x.rps)), p50: med(b, 'p50'), p95: med(b, 'p95'), errors: b.reduce((s, x) => s + x.errors, 0) },
      ratio: stats(a.map((x, i) => x.rps / (b[i]?.rps || 1))),
      goal: c.goal,
    };
    results.push(res);
    console.log(
      `${c.name.padEnd(34)} ${String(clients).padStart(3)} cl.  produit ${res.product.rps.median.toFixed(0).padStart(6)} req/s (p95 ${res.product.p95.toFixed(0)} ms)  nu ${res.bare.rps.median.toFixed(0).padStart(6)} req/s (p95 ${res.bare.p95.toFixed(0)} ms)  ratio ${res.ratio.median.toFixed(2)} [${res.ratio.min.toFixed(2)}–${res.ratio.max.toFixed(2)}]${res.product.errors ? `  erreurs ${res.product.errors}` : ''}${res.bare.errors ? `  erreurs (nu) ${res.bare.errors}` : ''}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The product's processes.

interface Api {
  url: string;
  proc: ChildProcess;
  stderr: string[];
  healthyMs: number;
}

async function startApi(dist: boolean, extraEnv: Record<string, string> = {}): Promise<Api> {
  const port = await freePort();
  const args = dist ? [join(ROOT, 'dist/apps/api/src/main.js')] : ['-r', './scripts/register.js', 'apps/api/src/main.ts'];
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DEMO_MODE: 'false',
      DATABASE_URL: urlFor(dbName),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MAIL_SINK_PORT: '0',
      REDIS_PREFIX: `ptce-bench-${process.pid}`,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-42',
      DB_POOL_SIZE: String(POOL),
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(proc);
  const stderr: string[] = [];
  let buf = '';
  proc.stderr!.on('data', (c: Buffer) => {
    buf += c.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    stderr.push(...lines);
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`l’API du banc s’est arrêtée : ${stderr.slice(-20).join('\n')}`);
    const ok = await fetch(`${url}/api/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (performance.now() - t0 > 120_000) throw new Error('l’API du banc ne répond pas en 120 s');
    await new Promise((r) => setTimeout(r, 25));
  }
  return { url, proc, stderr, healthyMs: performance.now() - t0 };
}

async function stopApi(api: Api): Promise<void> {
  if (api.proc.exitCode === null && api.proc.signalCode === null) {
    api.proc.kill('SIGTERM');
    await new Promise((r) => api.proc.once('exit', r));
  }
}

const listPath = (o: Record<string, unknown>) =>
  '/api/dossiers?' + new URLSearchParams(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, JSON.stringify(v)]))).toString();

// The list columns (what the product's list reads: no sections, no characterisation).
const LIST_COLS = `d.id, d.campaign_id, d.phase, d.parent_dossier_id, d.ds_number, d.project_name, d.region, d.structure_siret, d.structure_name,
  d.structure_legal_form, d.structure_legal_form_code, d.structure_legal_category, d.structure_esus, d.structure_esus_date, d.referent_name,
  d.referent_email, d.referent_phone, d.member_sirets, d.amount_requested_cents, d.deposited_at, d.late_deposit, d.state, d.eligibility,
  d.invited_to_phase2_at, d.decision_outcome, d.decision_motif, d.decision_amount_cents, d.source, d.version, d.created_at, d.updated_at`;

// ---------------------------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------------------------
// The DS import (stand-in with attachment downloads) and the reviewer's avis writes.

const IMPORT_SIZES = (process.env.BENCH_IMPORT ?? '150,5000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const IMPORT_ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS || ROUNDS);
const DS_TOKEN = 'jeton-banc';
const IMPORT_CONCURRENCY = Number(process.env.IMPORT_CONCURRENCY || 4);
const demarcheFor = (size: number) => 90_000 + size;

/** The stand-in with one démarche per import size (each round imports it again into a fresh campaign). */
async function startStandin(): Promise<RunningStandin> {
  const t0 = performance.now();
  const s = await startDsStandin({
    token: DS_TOKEN,
    dossiers: (baseUrl) =>
      Object.fromEntries(
        IMPORT_SIZES.map((size, k) => [
          demarcheFor(size),
          generateDossiers({
            demarcheNumber: demarcheFor(size),
            count: size,
            seed: 40 + k,
            phase: 1,
            deadline: new Date(CALENDAR_2021.phase1DepositDeadline),
            baseUrl,
            startNumber: 8_000_001 + k * 100_000,
          }),
        ]),
      ),
  });
  console.log(`Remplaçant DS : ${IMPORT_SIZES.join(' + ')} dossiers générés en ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return s;
}

interface Worker {
  proc: ChildProcess;
}

async function startWorker(dist: boolean, env: Record<string, string>): Promise<Worker> {
  const args = dist ? [join(ROOT, 'dist/apps/worker/src/main.js')] : ['-r', './scripts/register.js', 'apps/worker/src/main.ts'];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DEMO_MODE: 'false',
      DATABASE_URL: urlFor(dbName),
      LOG_LEVEL: 'warn',
      MAIL_SINK_PORT: '0',
      REDIS_PREFIX: `ptce-bench-${process.pid}`,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-42',
      DB_POOL_SIZE: String(POOL),
      // BENCH_WORKER_HEAP_MB: the worker's V8 heap capped, to show an import's memory is bounded (it fails if not)
      ...(process.env.BENCH_WORKER_HEAP_MB ? { NODE_OPTIONS: `--max-old-space-size=${Number(process.env.BENCH_WORKER_HEAP_MB)}` } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  const err: string[] = [];
  proc.stderr!.on('data', (c: Buffer) => err.push(c.toString()));
  await new Promise<void>((ok, ko) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Worker prêt')) ok();
    });
    proc.once('exit', () => ko(new Error(`le worker du banc s’est arrêté : ${err.join('').slice(-2000)}`)));
  });
  return { proc };
}

/** Resident memory of a process in MB (VmRSS now, or VmHWM: its peak since it started). */
function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples `read` every 100 ms while `fn` runs: the highest value seen. */
async function peakDuring<T>(read: () => number, fn: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = read();
  const timer = setInterval(() => {
    const v = read();
    if (v > peak) peak = v;
  }, 100);
  try {
    const value = await fn();
    return { value, peakMb: Math.max(peak, read()) };
  } finally {
    clearInterval(timer);
  }
}

async function newCampaign(db: Pool, demarche: number): Promise<string> {
  return (
    await db.query(
      `INSERT INTO campaign (name, published_at, phase1_deposit_deadline, phase1_announcement_at, phase2_invitation_at, phase2_deposit_deadline,
                             ds_demarche_phase1)
       VALUES ($7, $1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        CALENDAR_2021.publishedAt,
        CALENDAR_2021.phase1DepositDeadline,
        CALENDAR_2021.phase1AnnouncementAt,
        CALENDAR_2021.phase2InvitationAt,
        CALENDAR_2021.phase2DepositDeadline,
        demarche,
        `Banc import ${demarche} ${randomUUID().slice(0, 8)}`,
      ],
    )
  ).rows[0].id;
}

/**
 * The bare import: the same GraphQL pages, the same files downloaded (checksum computed, stored on disk), and the same
 * rows — dossiers, files, raw payloads, journal and outbox of the creation and of `ouvrir_instruction`, the assigned
 * avis with their journal and outbox rows — in one transaction per page with multi-row statements.
 */
async function bareImport(
  db: Pool,
  ds: RunningStandin,
  demarche: number,
  campaignId: string,
  dir: string,
  actorId: string,
): Promise<number> {
  const camp = (await db.query(`SELECT * FROM campaign WHERE id = $1`, [campaignId])).rows[0];
  const slots = Object.entries(
    requiredSlots({ requiredAvisRoles: camp.required_avis_roles, compagnonsPerDossier: camp.compagnons_per_dossier }),
  );
  const ctx = { phase: 1 as const, deadline: new Date(camp.phase1_deposit_deadline), mapping: effectiveMapping(camp.ds_mapping) };
  const gql = async (query: string, variables: Record<string, unknown>, operationName: string) => {
    const r = await fetch(ds.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${DS_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables, operationName }),
    });
    if (r.status !== 200) throw new Error(`GraphQL ${r.status}`);
    return (await r.json()).data;
  };
  const download = async (url: string, dsNumber: number, filename: string) => {
    const r = await fetch(url);
    if (r.status !== 200 || !r.body) throw new Error(`fichier ${r.status}`);
    const hash = createHash('md5');
    const path = join(dir, `${dsNumber}-${randomUUID()}-${filename.replace(/[^\w.-]/g, '_')}`);
    let size = 0;
    await pipeline(
      Readable.fromWeb(r.body as import('node:stream/web').ReadableStream),
      async function* (src) {
        for await (const chunk of src) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(path),
    );
    return {
      filename,
      contentType: r.headers.get('content-type'),
      byteSize: size,
      checksum: hash.digest('base64'),
      storageKey: path,
      sourceUrl: url,
    };
  };
  let created = 0;
  let after: string | null = null;
  do {
    const data = await gql(DS_DOSSIERS_QUERY, { number: demarche, first: 100, after, updatedSince: null }, 'ImportDossiers');
    const page = data.demarche.dossiers;
    const rows = page.nodes.flatMap((node: Record<string, unknown>) => {
      const m = mapRecord(dsRecord(node as never), ctx);
      return m.ok ? [{ d: m.dossier, raw: node }] : [];
    });
    const files = new Map<number, Awaited<ReturnType<typeof download>>[]>();
    let next = 0;
    await Promise.all(
      Array.from({ length: IMPORT_CONCURRENCY }, async () => {
        while (next < rows.length) {
          const { d } = rows[next++]!;
          const got = [];
          for (const f of d.statuts) if (f.url) got.push(await download(f.url, d.dsNumber, f.filename));
          files.set(d.dsNumber, got);
        }
      }),
    );
    const c = await db.connect();
    try {
      await c.query('BEGIN');
      const ins = (
        await c.query(
          `INSERT INTO dossier (campaign_id, phase, ds_number, project_name, region, structure_siret, structure_name, structure_legal_form,
                                structure_legal_form_code, structure_legal_category, structure_esus, structure_esus_date, referent_name,
                                referent_email, referent_phone, sections, characterisation, member_sirets, amount_requested_cents, deposited_at,
                                late_deposit, state, eligibility, eligibility_decisions, source, version, updated_at)
           SELECT $2, 1, x.ds_number, x.project_name, x.region, x.structure_siret, x.structure_name, x.structure_legal_form,
                  x.structure_legal_form_code, x.structure_legal_category, x.structure_esus, x.structure_esus_date, x.referent_name,
                  x.referent_email, x.referent_phone, x.sections, '{}', '{}', x.amount_requested_cents, x.deposited_at, x.late_deposit,
                  'depose', 'a_verifier', '{}', 'ds', 1, now()
             FROM jsonb_to_recordset($1::jsonb) AS x(ds_number int, project_name text, region text, structure_siret text, structure_name text,
                  structure_legal_form text, structure_legal_form_code text, structure_legal_category text, structure_esus boolean,
                  structure_esus_date date, referent_name text, referent_email text, referent_phone text, sections jsonb,
                  amount_requested_cents bigint, deposited_at timestamptz, late_deposit boolean)
           RETURNING id, ds_number, region`,
          [
            JSON.stringify(
              rows.map(({ d }: { d: MappedDossier }) => ({
                ds_number: d.dsNumber,
                project_name: d.projectName,
                region: d.region,
                structure_siret: d.structureSiret,
                structure_name: d.structureName,
                structure_legal_form: d.structureLegalForm,
                structure_legal_form_code: d.structureLegalFormCode,
                structure_legal_category: d.structureLegalCategory,
                structure_esus: d.structureEsus,
                structure_esus_date: d.structureEsusDate,
                referent_name: d.referentName,
                referent_email: d.referentEmail,
                referent_phone: d.referentPhone,
                sections: d.sections,
                amount_requested_cents: d.amountRequestedCents,
                deposited_at: d.depositedAt,
                late_deposit: d.lateDeposit,
              })),
            ),
            campaignId,
          ],
        )
      ).rows as { id: string; ds_number: number; region: string }[];
      const idOf = new Map(ins.map((r) => [r.ds_number, r.id]));
      const ids = ins.map((r) => r.id);
      await c.query(
        `INSERT INTO dossier_attachment (dossier_id, kind, filename, content_type, byte_size, checksum, storage_key, source_url)
         SELECT x.dossier_id, 'statuts', x.filename, x.content_type, x.byte_size, x.checksum, x.storage_key, x.source_url
           FROM jsonb_to_recordset($1::jsonb) AS x(dossier_id uuid, filename text, content_type text, byte_size bigint, checksum text,
                storage_key text, source_url text)`,
        [
          JSON.stringify(
            [...files].flatMap(([n, fs]) =>
              fs.map((f) => ({
                dossier_id: idOf.get(n),
                filename: f.filename,
                content_type: f.contentType,
                byte_size: f.byteSize,
                checksum: f.checksum,
                storage_key: f.storageKey,
                source_url: f.sourceUrl,
              })),
            ),
          ),
        ],
      );
      await c.query(
        `INSERT INTO dossier_ds_raw (dossier_id, ds_number, payload, updated_at)
         SELECT x.dossier_id, x.ds_number, x.payload, now() FROM jsonb_to_recordset($1::jsonb) AS x(dossier_id uuid, ds_number int, payload jsonb)`,
        [
          JSON.stringify(
            rows.map(({ d, raw }: { d: MappedDossier; raw: unknown }) => ({
              dossier_id: idOf.get(d.dsNumber),
              ds_number: d.dsNumber,
              payload: raw,
            })),
          ),
        ],
      );
      await c.query(
        `INSERT INTO dossier_journal (dossier_id, actor_id, actor_role, action, from_state, to_state, data, version)
         SELECT id, $2, 'system', 'importer', NULL, 'depose', '{}', 1 FROM unnest($1::uuid[]) id`,
        [ids, actorId],
      );
      await c.query(
        `INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) SELECT 'dossier.depose', id, $2, '{}' FROM unnest($1::uuid[]) id`,
        [ids, campaignId],
      );
      // ouvrir_instruction, as the system: state, journal, outbox, then the reviewers of every slot (least loaded first).
      await c.query(`UPDATE dossier SET state = 'en_instruction', version = 2, updated_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
      await c.query(
        `INSERT INTO dossier_journal (dossier_id, actor_role, action, from_state, to_state, data, version)
         SELECT id, 'system', 'ouvrir_instruction', 'depose', 'en_instruction', '{}', 2 FROM unnest($1::uuid[]) id`,
        [ids],
      );
      await c.query(
        `INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) SELECT 'dossier.instruction_ouverte', id, $2, '{}' FROM unnest($1::uuid[]) id`,
        [ids, campaignId],
      );
      const cands = (
        await c.query(
          `SELECT u.id, u.roles, u.regions, (SELECT count(*) FROM avis l WHERE l.reviewer_id = u.id AND l.status IN ('a_rediger','brouillon'))::int AS load
             FROM app_user u WHERE u.active AND u.roles && $1::text[]`,
          [slots.map(([r]) => r)],
        )
      ).rows as { id: string; roles: string[]; regions: string[]; load: number }[];
      const avis: { dossier_id: string; reviewer_id: string; role: string }[] = [];
      for (const r of ins) {
        for (const [role, n] of slots) {
          const pick = cands
            .filter((u) => u.roles.includes(role) && (role === 'compagnon' || u.regions.includes(r.region)))
            .sort((a, b) => a.load - b.load)
            .slice(0, n as number);
          for (const u of pick) {
            u.load++;
            avis.push({ dossier_id: r.id, reviewer_id: u.id, role });
          }
        }
      }
      const made = (
        await c.query(
          `INSERT INTO avis (dossier_id, reviewer_id, role, status, due_at)
           SELECT x.dossier_id, x.reviewer_id, x.role, 'a_rediger', now() + interval '15 days'
             FROM jsonb_to_recordset($1::jsonb) AS x(dossier_id uuid, reviewer_id uuid, role text) RETURNING id, dossier_id, reviewer_id, role`,
          [JSON.stringify(avis)],
        )
      ).rows;
      const payloads = JSON.stringify(
        made.map((a) => ({ dossier_id: a.dossier_id, data: { avisId: a.id, reviewerId: a.reviewer_id, role: a.role } })),
      );
      await c.query(
        `INSERT INTO dossier_journal (dossier_id, actor_role, action, from_state, to_state, data, version)
         SELECT x.dossier_id, 'system', 'assigner_avis', 'en_instruction', 'en_instruction', x.data, 2
           FROM jsonb_to_recordset($1::jsonb) AS x(dossier_id uuid, data jsonb)`,
        [payloads],
      );
      await c.query(
        `INSERT INTO outbox_event (type, dossier_id, campaign_id, payload)
         SELECT 'avis.assigne', x.dossier_id, $2, x.data FROM jsonb_to_recordset($1::jsonb) AS x(dossier_id uuid, data jsonb)`,
        [payloads, campaignId],
      );
      await c.query('COMMIT');
      created += ins.length;
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    } finally {
      c.release();
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  await gql(DS_DELETED_QUERY, { number: demarche, first: 100, after: null, deletedSince: null }, 'ImportDeletedDossiers');
  return created;
}

/** The product's import: queued through the API (HTTP), run by the worker process; answers when the run is done. */
async function productImport(apiUrl: string, campaignId: string): Promise<number> {
  // A fresh session each run: a 5,000-dossier run outlives an access token.
  const token = await login(apiUrl, 'instructeur@bench.example.org');
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const r = await fetch(`${apiUrl}/api/campaigns/${campaignId}/imports/ds`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ phase: 1, mode: 'full' }),
  });
  const run = await r.json();
  if (r.status !== 202) throw new Error(`import refusé (${r.status}) : ${JSON.stringify(run)}`);
  for (;;) {
    await new Promise((res) => setTimeout(res, 100));
    const s = await (await fetch(`${apiUrl}/api/imports/${run.id}`, { headers: auth })).json();
    if (s.status === 'done') return s.created;
    if (s.status !== 'queued' && s.status !== 'running') throw new Error(`import ${s.status} : ${s.failure ?? ''}`);
  }
}

/** Import cases: per size, the product (API + worker) and the bare import alternate; dossiers/s and peak RSS. */
async function importCases(
  db: Pool,
  ds: RunningStandin,
  apiUrl: string,
  worker: Worker,
  storage: string,
  actorId: string,
  results: CaseResult[],
): Promise<void> {
  const bareDir = mkdtempSync(join(tmpdir(), 'ptce-bench-bare-'));
  const clear = () => {
    for (const d of [storage, bareDir]) for (const f of readdirSync(d)) rmSync(join(d, f), { recursive: true, force: true });
  };
  const pid = worker.proc.pid!;
  const product = async (size: number) => {
    const cid = await newCampaign(db, demarcheFor(size));
    const t0 = performance.now();
    const { value: n, peakMb } = await peakDuring(
      () => procMb(pid, 'VmRSS'),
      () => productImport(apiUrl, cid),
    );
    const ms = performance.now() - t0;
    clear();
    return { rate: (n / ms) * 1000, ms, peakMb, errors: n === size ? 0 : size - n };
  };
  const bare = async (size: number) => {
    const cid = await newCampaign(db, demarcheFor(size));
    const t0 = performance.now();
    const { value: n, peakMb } = await peakDuring(
      () => process.memoryUsage().rss / 1024 / 1024,
      () => bareImport(db, ds, demarcheFor(size), cid, bareDir, actorId),
    );
    const ms = performance.now() - t0;
    clear();
    return { rate: (n / ms) * 1000, ms, peakMb, errors: n === size ? 0 : size - n };
  };
  try {
    // Warm-up on the smallest démarche, not counted.
    const smallest = Math.min(...IMPORT_SIZES);
    await product(smallest);
    await bare(smallest);
    for (const size of IMPORT_SIZES) {
      const a: Awaited<ReturnType<typeof product>>[] = [];
      const b: Awaited<ReturnType<typeof bare>>[] = [];
      for (let r = 0; r < IMPORT_ROUNDS; r++) {
        if (r % 2 === 0) {
          a.push(await product(size));
          b.push(await bare(size));
        } else {
          b.push(await bare(size));
          a.push(await product(size));
        }
      }
      const side = (xs: typeof a) => ({
        rps: stats(xs.map((x) => x.rate)),
        p50: stats(xs.map((x) => x.ms)).median,
        p95: stats(xs.map((x) => x.ms)).max,
        errors: xs.reduce((s, x) => s + x.errors, 0),
        peakRssMb: Math.round(Math.max(...xs.map((x) => x.peakMb))),
      });
      const res: CaseResult = {
        case: `import DS ${size} dossiers (avec pièces)`,
        clients: 1,
        requests: size,
        product: side(a),
        bare: side(b),
        ratio: stats(a.map((x, i) => x.rate / (b[i]?.rate || 1))),
        goal: 'ratio ≥ 0,5 ; mémoire stable',
        unit: 'dossiers/s',
      };
      res.note = `RSS max : worker ${res.product.peakRssMb} Mo (VmHWM depuis son démarrage ${Math.round(procMb(pid, 'VmHWM'))} Mo), import nu ${res.bare.peakRssMb} Mo (processus du banc, remplaçant DS compris)`;
      results.push(res);
      console.log(
        `${res.case.padEnd(34)}   1 run  produit ${res.product.rps.median.toFixed(1).padStart(6)} dossiers/s (${(res.product.p50 / 1000).toFixed(1)} s, RSS max ${res.product.peakRssMb} Mo)  nu ${res.bare.rps.median.toFixed(1).padStart(6)} dossiers/s (${(res.bare.p50 / 1000).toFixed(1)} s)  ratio ${res.ratio.median.toFixed(2)} [${res.ratio.min.toFixed(2)}–${res.ratio.max.toFixed(2)}]${res.product.errors ? `  manquants ${res.product.errors}` : ''}`,
      );
    }
  } finally {
    rmSync(bareDir, { recursive: true, force: true });
  }
}

/** A complete avis content (every entry scored, every marker set): what the form sends on submit. */
function fullAvisContent(k: number) {
  return {
    scores: Object.fromEntries(AVIS_ENTRY_CODES.map((c) => [c, { score: 1 + (k % 3), comment: `Appréciation sur ${c}, version ${k}.` }])),
    maturity: { level: 'emergent', markers: Object.fromEntries(MATURITY_MARKER_CODES.map((m) => [m, 2])) },
    typology: { type: 'territoire', actionLogics: ['mise_en_reseau'] },
    recommendation: 'favorable',
    synthesis: 'Un PTCE solide, bien ancré sur son territoire, avec une gouvernance partagée et des projets concrets. '.repeat(4),
  };
}

/**
 * Avis cases: the draft autosave (PUT /api/avis/:id) and the submit (content + POST …/submit), each call on a distinct
 * avis of the reviewer it logs in as; bare = the same rows locked, updated, with the journal and outbox rows of a submit.
 */
async function avisCases(db: Pool, apiUrl: string): Promise<BenchCase[]> {
  // Drafts: the CRESS avis still to write; submits: the compagnons' (the dossier's CRESS avis stays due: no instruit).
  const pool = async (role: string) =>
    (
      await db.query(
        `SELECT a.id, a.version, u.email, a.dossier_id FROM avis a JOIN app_user u ON u.id = a.reviewer_id
          WHERE a.role = $1 AND a.status = 'a_rediger' ORDER BY md5(a.id::text)`,
        [role],
      )
    ).rows as { id: string; version: number; email: string; dossier_id: string }[];
  const drafts = await pool('cress');
  const submits = await pool('compagnon');
  const tokens = new Map<string, string>();
  for (const email of new Set([...drafts, ...submits].map((a) => a.email))) tokens.set(email, await login(apiUrl, email));
  const half = <T>(xs: T[], k: 0 | 1) => xs.filter((_, i) => i % 2 === k);
  const [pDrafts, bDrafts, pSubmits, bSubmits] = [half(drafts, 0), half(drafts, 1), half(submits, 0), half(submits, 1)];
  const version = new Map<string, number>([...drafts, ...submits].map((a) => [a.id, a.version]));
  let pS = 0;
  let bS = 0;
  const call = async (method: string, path: string, email: string, body: unknown) => {
    const r = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(email)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const out = await r.json();
    if (r.status !== 200 && r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(out).slice(0, 200)}`);
    return out;
  };
  const bareWrite = async (a: { id: string }, k: number, submit: boolean) => {
    const c = await db.connect();
    try {
      await c.query('BEGIN');
      const [row] = (await c.query(`SELECT * FROM avis WHERE id = $1 FOR UPDATE`, [a.id])).rows;
      const [d] = (
        await c.query(`SELECT id, campaign_id, phase, state FROM dossier WHERE id = $1 ${submit ? 'FOR UPDATE' : ''}`, [row.dossier_id])
      ).rows;
      const content = fullAvisContent(k);
      await c.query(
        `UPDATE avis SET content = $2, recommendation = $3, maturity = $4, status = $5::varchar, version = version + 1, updated_at = now(),
                rendered_at = CASE WHEN $5::varchar = 'rendu' THEN now() ELSE rendered_at END WHERE id = $1 AND version = $6`,
        [a.id, content, content.recommendation, content.maturity.level, submit ? 'rendu' : 'brouillon', row.version],
      );
      if (submit) {
        const data = { avisId: a.id, role: row.role };
        await c.query(
          `INSERT INTO dossier_journal (dossier_id, actor_id, actor_role, action, from_state, to_state, data) VALUES ($1,$2,$3,'avis_rendu',$4,$4,$5)`,
          [d.id, row.reviewer_id, row.role, d.state, data],
        );
        await c.query(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ('avis.rendu',$1,$2,$3)`, [
          d.id,
          d.campaign_id,
          { ...data, reviewerId: row.reviewer_id },
        ]);
        // Whether it was the last required avis (it is not here: the CRESS avis is still due).
        await c.query(`SELECT count(*) FROM avis WHERE dossier_id = $1 AND required AND status NOT IN ('rendu','decline','conflit')`, [
          d.id,
        ]);
      }
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    } finally {
      c.release();
    }
  };
  return [
    {
      name: 'avis : brouillon (autosave PUT)',
      product: async (i) => {
        const a = pDrafts[i % pDrafts.length]!;
        const out = await call('PUT', `/api/avis/${a.id}`, a.email, { content: fullAvisContent(i), expectedVersion: version.get(a.id) });
        version.set(a.id, out.version);
      },
      bare: (i) => bareWrite(bDrafts[i % bDrafts.length]!, i, false),
    },
    {
      name: 'avis : rendu (submit)',
      requests: Math.min(REQUESTS, 60),
      product: async (i) => {
        const a = pSubmits[pS++ % pSubmits.length]!;
        await call('POST', `/api/avis/${a.id}/submit`, a.email, { content: fullAvisContent(i), expectedVersion: version.get(a.id) });
      },
      bare: (i) => bareWrite(bSubmits[bS++ % bSubmits.length]!, i, true),
    },
  ];
}

async function main(): Promise<void> {
  const started = new Date();
  const transitionsPerSide = LEVELS.reduce((s, c) => s + (ROUNDS + 2) * Math.max(c, Math.min(REQUESTS, 60)), 0);
  await withAdmin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  created = true;
  await runMigrations(urlFor(dbName));
  const db = new Pool({ connectionString: urlFor(dbName), max: POOL });
  const t0 = performance.now();
  const data = await seedDataSet(db, { dossiers: N, extraDepose: transitionsPerSide * 2 + 10, sectionKb: SECTION_KB });
  const [{ size }] = (await db.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)).rows;
  console.log(
    `Jeu de données : ${N} dossiers (+${transitionsPerSide * 2} à ouvrir), sections ~${SECTION_KB} Ko, base ${size}, en ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // Cold start: from the sources (SWC at every start) and from dist/ when built (`npm run build`).
  const coldStart: Record<string, number> = {};
  const fromSrc = await startApi(false);
  coldStart.sources = fromSrc.healthyMs;
  await stopApi(fromSrc);
  const hasDist = existsSync(join(ROOT, 'dist/apps/api/src/main.js'));
  if (hasDist) {
    const d = await startApi(true);
    coldStart.dist = d.healthyMs;
    await stopApi(d);
  }
  console.log(
    `Démarrage à froid jusqu’à /api/health : sources ${coldStart.sources.toFixed(0)} ms${hasDist ? `, dist/ ${coldStart.dist!.toFixed(0)} ms` : ' (dist/ absent : npm run build)'}`,
  );

  // BENCH_CASES=transition,liste : only the cases whose name contains one of these words.
  const only = (process.env.BENCH_CASES ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const selected = (name: string) => !only.length || only.some((o) => name.includes(o));
  // The import cases: the DS stand-in here, the API and a worker pointed at it, files stored in a folder of ours.
  const withImport = IMPORT_SIZES.length > 0 && IMPORT_SIZES.some((n) => selected(`import DS ${n} dossiers`));
  const standin = withImport ? await startStandin() : null;
  const storage = mkdtempSync(join(tmpdir(), 'ptce-bench-storage-'));
  const dsEnv: Record<string, string> = standin
    ? { DS_API_URL: standin.url, DS_API_TOKEN: DS_TOKEN, STORAGE_DIR: storage, IMPORT_CONCURRENCY: String(IMPORT_CONCURRENCY) }
    : { STORAGE_DIR: storage };
  const api = await startApi(hasDist, dsEnv);
  const token = await login(api.url, 'instructeur@bench.example.org');
  const cressToken = await login(api.url, `cress.53.1@bench.example.org`);
  const auth = { authorization: `Bearer ${token}` };
  const get = async (path: string, headers = auth) => {
    const r = await fetch(`${api.url}${path}`, { headers });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
  };
  const [{ id: cressId }] = (await db.query(`SELECT id FROM app_user WHERE email = 'cress.53.1@bench.example.org'`)).rows;
  const exactLimit = Number(process.env.LIST_EXACT_COUNT_LIMIT || 20_000);
  const bareList = async (where: string, params: unknown[], order: string, offset = 0) => {
    const c = await db.connect();
    try {
      // The same total as the product: the planner's estimate, then a bounded count unless far above the limit.
      const plan = (await c.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM dossier d ${where}`, params)).rows[0]['QUERY PLAN'];
      if (plan[0].Plan['Plan Rows'] <= exactLimit * 2)
        await c.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM dossier d ${where} LIMIT ${exactLimit + 1}) s`, params);
      if (offset >= 1000) {
        const ids = (await c.query(`SELECT d.id FROM dossier d ${where} ORDER BY ${order} OFFSET ${offset} LIMIT 25`, params)).rows.map(
          (r) => r.id,
        );
        await c.query(`SELECT ${LIST_COLS} FROM dossier d WHERE d.id = ANY($1)`, [ids]);
      } else {
        await c.query(`SELECT ${LIST_COLS} FROM dossier d ${where} ORDER BY ${order} LIMIT 25`, params);
      }
    } finally {
      c.release();
    }
  };
  const deep = Math.floor(N * 0.8);
  const results: CaseResult[] = [];
  const LIST_GOAL = 'ratio ≥ 0,5 à 8–10 clients ; p95 ≤ 100 ms (1re page)';

  const cases: BenchCase[] = [
    {
      name: 'liste : tri par défaut',
      goal: LIST_GOAL,
      product: () => get(listPath({ range: [0, 24] })),
      bare: () => bareList('', [], 'd.deposited_at DESC, d.id DESC'),
    },
    {
      name: 'liste : campagne + phase + état',
      goal: LIST_GOAL,
      product: () => get(listPath({ range: [0, 24], filter: { campaignId: data.campaignId, phase: 1, state: 'en_instruction' } })),
      bare: () =>
        bareList(
          `WHERE d.campaign_id = $1 AND d.phase = 1 AND d.state = 'en_instruction'`,
          [data.campaignId],
          'd.deposited_at DESC, d.id DESC',
        ),
    },
    {
      name: 'liste : région + tri par nom',
      goal: LIST_GOAL,
      product: () => get(listPath({ range: [0, 24], filter: { region: '53' }, sort: ['projectName', 'ASC'] })),
      bare: () => bareList(`WHERE d.region = '53'`, [], 'd.project_name ASC, d.id ASC'),
    },
    {
      name: `liste : page profonde (${deep})`,
      goal: 'ratio ≥ 0,5',
      product: () => get(listPath({ range: [deep, deep + 24], sort: ['projectName', 'ASC'] })),
      bare: () => bareList('', [], 'd.project_name ASC, d.id ASC', deep),
    },
    {
      name: 'liste : CRESS 53 (périmètre)',
      goal: LIST_GOAL,
      product: () => get(listPath({ range: [0, 24] }), { authorization: `Bearer ${cressToken}` }),
      bare: () =>
        bareList(
          `WHERE d.region = ANY($1) AND NOT EXISTS (SELECT 1 FROM avis ca WHERE ca.dossier_id = d.id AND ca.reviewer_id = $2 AND ca.status = 'conflit')`,
          [['53'], cressId],
          'd.deposited_at DESC, d.id DESC',
        ),
    },
    {
      name: 'dossier : fiche',
      product: (i) => get(`/api/dossiers/${data.someIds[i % data.someIds.length]}`),
      bare: async (i) => {
        const id = data.someIds[i % data.someIds.length];
        await db.query(`SELECT * FROM dossier WHERE id = $1`, [id]);
        await db.query(`SELECT * FROM dossier_attachment WHERE dossier_id = $1 ORDER BY created_at`, [id]);
      },
    },
    {
      name: 'dossier : journal',
      product: (i) => get(`/api/dossiers/${data.someIds[i % data.someIds.length]}/journal`),
      bare: (i) =>
        db
          .query(
            `SELECT j.*, u.full_name FROM dossier_journal j LEFT JOIN app_user u ON u.id = j.actor_id WHERE j.dossier_id = $1 ORDER BY j.id`,
            [data.someIds[i % data.someIds.length]],
          )
          .then(() => undefined),
    },
  ];

  // Transitions: each call opens a fresh dossier (product and bare each have their own).
  const productDepose = data.deposeIds.slice(0, Math.floor(data.deposeIds.length / 2));
  // (the last one of the product's half is kept for the captured transition below)
  const bareDepose = data.deposeIds.slice(Math.floor(data.deposeIds.length / 2));
  let pNext = 0;
  let bNext = 0;
  const campaign = (await db.query(`SELECT * FROM campaign WHERE id = $1`, [data.campaignId])).rows[0];
  const slots = Object.entries(
    requiredSlots({ requiredAvisRoles: campaign.required_avis_roles, compagnonsPerDossier: campaign.compagnons_per_dossier }),
  );
  const [{ id: instructeurId }] = (await db.query(`SELECT id FROM app_user WHERE email = 'instructeur@bench.example.org'`)).rows;
  cases.push({
    name: 'transition ouvrir_instruction',
    goal: 'ratio ≥ 0,5',
    requests: Math.min(REQUESTS, 60),
    product: async () => {
      const id = productDepose[pNext++];
      const r = await fetch(`${api.url}/api/dossiers/${id}/transitions`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'ouvrir_instruction', expectedVersion: 1 }),
      });
      await r.arrayBuffer();
      if (r.status !== 200 && r.status !== 201) throw new Error(`transition ${r.status}`);
    },
    // The same rows by hand: the locked row, the campaign, attachments and avis read, one UPDATE, the journal and
    // outbox rows, the reviewers of every required role in one query, their avis with journal and outbox rows.
    bare: async () => {
      const id = bareDepose[bNext++];
      const c = await db.connect();
      try {
        await c.query('BEGIN');
        const d = (await c.query(`SELECT * FROM dossier WHERE id = $1 FOR UPDATE`, [id])).rows[0];
        await c.query(`SELECT * FROM campaign WHERE id = $1`, [d.campaign_id]);
        await c.query(`SELECT * FROM dossier_attachment WHERE dossier_id = $1`, [id]);
        await c.query(`SELECT kind FROM dossier_member WHERE dossier_id = $1`, [id]);
        await c.query(`SELECT role, status, required FROM avis WHERE dossier_id = $1`, [id]);
        await c.query(
          `UPDATE dossier SET state = 'en_instruction', version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING version`,
          [id, d.version],
        );
        await c.query(
          `INSERT INTO dossier_journal (dossier_id, actor_id, actor_role, action, from_state, to_state, data, version) VALUES ($1,$2,'instructeur','ouvrir_instruction','depose','en_instruction','{}',$3)`,
          [id, instructeurId, d.version + 1],
        );
        await c.query(
          `INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ('dossier.instruction_ouverte',$1,$2,'{}')`,
          [id, d.campaign_id],
        );
        const roles = slots.map(([r]) => r);
        const cands = (
          await c.query(
            `SELECT u.id, u.roles, u.regions,
                    (SELECT count(*) FROM avis l WHERE l.reviewer_id = u.id AND l.status IN ('a_rediger','brouillon')) AS load
               FROM app_user u WHERE u.active AND u.roles && $1::text[] AND (u.roles && '{compagnon}' OR $2 = ANY(u.regions))`,
            [roles, d.region],
          )
        ).rows.sort((a, b) => Number(a.load) - Number(b.load));
        for (const [role, n] of slots) {
          for (const u of cands.filter((u) => u.roles.includes(role)).slice(0, n as number)) {
            const [a] = (
              await c.query(
                `INSERT INTO avis (dossier_id, reviewer_id, role, status, due_at) VALUES ($1,$2,$3,'a_rediger', now() + interval '15 days') RETURNING *`,
                [id, u.id, role],
              )
            ).rows;
            await c.query(
              `INSERT INTO dossier_journal (dossier_id, actor_role, action, from_state, to_state, data, version) VALUES ($1,'system','assigner_avis','en_instruction','en_instruction',$2,$3)`,
              [id, { avisId: a.id, reviewerId: u.id, role }, d.version + 1],
            );
            await c.query(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ('avis.assigne',$1,$2,$3)`, [
              id,
              d.campaign_id,
              { avisId: a.id, reviewerId: u.id, role },
            ]);
          }
        }
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK');
        throw e;
      } finally {
        c.release();
      }
    },
  });
  // Login: the product's whole login (password check, session, tokens) against the read and the argon2 check alone.
  cases.push({
    name: 'connexion',
    requests: 20,
    levels: LEVELS.filter((l) => l <= 10),
    product: () => login(api.url, `expert.${REGION_CODES[0]}.1@bench.example.org`).then(() => undefined),
    bare: async () => {
      const [u] = (
        await db.query(`SELECT password_hash FROM app_user WHERE lower(email) = lower($1)`, [
          `expert.${REGION_CODES[0]}.1@bench.example.org`,
        ])
      ).rows;
      await verifyPassword(u.password_hash, BENCH_PASSWORD);
    },
  });

  if (selected('avis :')) cases.push(...(await avisCases(db, api.url)));

  console.log(`\nProduit (HTTP, processus séparé) contre SQL nu (pool pg de ${POOL}), ${ROUNDS} tours alternés après échauffement`);
  for (const c of cases) if (selected(c.name)) await sideBySide(c, results);
  if (standin) {
    console.log(`\nImport DS (remplaçant DS, pièces téléchargées) : produit = API + worker, ${IMPORT_ROUNDS} tours alternés`);
    const worker = await startWorker(hasDist, dsEnv);
    try {
      await importCases(db, standin, api.url, worker, storage, instructeurId, results);
    } finally {
      // The worker drains its other queues (the imports' e-mails) before it stops: 10 s, then it is killed.
      worker.proc.kill('SIGTERM');
      const killer = setTimeout(() => worker.proc.kill('SIGKILL'), 10_000);
      await new Promise((r) => (worker.proc.exitCode === null && worker.proc.signalCode === null ? worker.proc.once('exit', r) : r(null)));
      clearTimeout(killer);
      await standin.close();
    }
  }
  rmSync(storage, { recursive: true, force: true });

  // EXPLAIN of the SQL the product sent (captured on a second API process, one request per list case).
  console.log('\nPlans des requêtes envoyées par le produit (capturées, EXPLAIN ANALYZE)');
  const capture = await startApi(hasDist, { DB_CAPTURE_SQL: '1' });
  const capToken = await login(capture.url, 'instructeur@bench.example.org');
  const plans: { case: string; sql: string; plan: string; ms: number }[] = [];
  for (const [label, path] of [
    ['tri par défaut', listPath({ range: [0, 24] })],
    ['campagne + phase + état', listPath({ range: [0, 24], filter: { campaignId: data.campaignId, phase: 1, state: 'en_instruction' } })],
    ['région + tri par nom', listPath({ range: [0, 24], filter: { region: '53' }, sort: ['projectName', 'ASC'] })],
    ['page profonde', listPath({ range: [deep, deep + 24], sort: ['projectName', 'ASC'] })],
  ] as const) {
    capture.stderr.length = 0;
    const r = await fetch(`${capture.url}${path}`, { headers: { authorization: `Bearer ${capToken}` } });
    await r.arrayBuffer();
    await new Promise((res) => setTimeout(res, 100)); // the last stderr lines
    const sent = capture.stderr
      .filter((l) => l.startsWith('[sql] '))
      .map((l) => JSON.parse(l.slice(6)) as { query: string; parameters: unknown[] })
      .filter((q) => /\bFROM "?dossier"?\b/i.test(q.query) && /^\s*(SELECT|EXPLAIN)/i.test(q.query) && !/^\s*EXPLAIN/i.test(q.query));
    for (const q of sent) {
      const rows = (await db.query(`EXPLAIN (ANALYZE, FORMAT TEXT) ${q.query}`, q.parameters)).rows.map((x) => x['QUERY PLAN'] as string);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(rows.join('\n'))?.[1] ?? NaN);
      const nodes = rows
        .join('\n')
        .match(/(Index Only Scan|Index Scan|Bitmap Heap Scan|Bitmap Index Scan|Seq Scan|Sort|Limit|Aggregate)[^\n(]*/g)
        ?.slice(0, 4)
        .map((s) => s.trim())
        .join(' → ');
      plans.push({ case: label, sql: q.query.replace(/\s+/g, ' ').slice(0, 400), plan: rows.join('\n'), ms });
      console.log(`${label.padEnd(26)} ${ms.toFixed(2).padStart(8)} ms  ${nodes}`);
    }
  }
  // One transition as the product sends it: each statement EXPLAIN ANALYZEd again inside a rolled-back transaction
  // (a savepoint each: a repeated INSERT may now conflict), to tell database time from the rest.
  capture.stderr.length = 0;
  const spare = productDepose[productDepose.length - 1];
  const tr = await fetch(`${capture.url}/api/dossiers/${spare}/transitions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${capToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'ouvrir_instruction', expectedVersion: 1 }),
  });
  await tr.arrayBuffer();
  await new Promise((res) => setTimeout(res, 100));
  const trSql = capture.stderr
    .filter((l) => l.startsWith('[sql] '))
    .map((l) => JSON.parse(l.slice(6)) as { query: string; parameters: unknown[] })
    .filter((q) => !/^\s*(START TRANSACTION|COMMIT|ROLLBACK)/i.test(q.query));
  const pc = await db.connect();
  const timings: { sql: string; ms: number }[] = [];
  try {
    await pc.query('BEGIN');
    for (const q of trSql) {
      await pc.query('SAVEPOINT s');
      try {
        const rows = (await pc.query(`EXPLAIN (ANALYZE, FORMAT TEXT) ${q.query}`, q.parameters)).rows.map((x) => x['QUERY PLAN'] as string);
        timings.push({
          sql: q.query.replace(/\s+/g, ' ').slice(0, 90),
          ms: Number(/Execution Time: ([\d.]+)/.exec(rows.join('\n'))?.[1] ?? NaN),
        });
        await pc.query('RELEASE SAVEPOINT s');
      } catch {
        await pc.query('ROLLBACK TO SAVEPOINT s');
        timings.push({ sql: q.query.replace(/\s+/g, ' ').slice(0, 90), ms: NaN });
      }
    }
  } finally {
    await pc.query('ROLLBACK').catch(() => undefined);
    pc.release();
  }
  const dbMs = timings.reduce((sum, x) => sum + (Number.isNaN(x.ms) ? 0 : x.ms), 0);
  console.log(
    `transition ouvrir_instruction : ${trSql.length} requêtes (hors BEGIN/COMMIT), ${dbMs.toFixed(1)} ms d’exécution en base ; les plus longues :`,
  );
  for (const x of [...timings].sort((a, b) => (b.ms || 0) - (a.ms || 0)).slice(0, 4))
    console.log(`  ${x.ms.toFixed(2).padStart(8)} ms  ${x.sql}`);
  plans.push({ case: 'transition ouvrir_instruction', sql: `${trSql.length} statements`, plan: JSON.stringify(timings), ms: dbMs });
  await stopApi(capture);

  // Admin UI: initial JS (gzip) and the dossier list's interactive time in headless Chromium.
  const ui = await measureUi(api.url).catch((e) => ({ error: String(e?.message ?? e) }));
  console.log(`\nInterface : ${JSON.stringify(ui)}`);

  await stopApi(api);
  await db.end();
  const out = {
    startedAt: started.toISOString(),
    note: 'Échelle et machine : voir scale ; machine partagée et chargée (bruit important) — les ratios comptent plus que les valeurs absolues.',
    scale: { dossiers: N, rounds: ROUNDS, clients: LEVELS, requests: REQUESTS, sectionKb: SECTION_KB, pool: POOL, load: readLoad() },
    coldStartMs: coldStart,
    results,
    plans,
    ui,
  };
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const stamp = started.toISOString().replace(/[:]/g, '-').slice(0, 19);
  writeFileSync(join(dir, `${stamp}.json`), JSON.stringify(out, null, 2));
  writeFileSync(join(dir, `${stamp}.md`), table(out));
  console.log(`\n${table(out)}`);
  console.log(`Résultats : bench/results/${stamp}.json et .md`);
}

function readLoad(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'inconnue';
  }
}

function table(out: { scale: Record<string, unknown>; coldStartMs: Record<string, number>; results: CaseResult[]; ui: unknown }): string {
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const lines = [
    `# Banc côte à côte — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Échelle : ${JSON.stringify(out.scale)}. Machine partagée (charge indiquée) : mesures bruitées, à échelle réduite si dossiers < 50 000.`,
    '',
    '| cas | clients | produit req/s (min/méd/max) | p95 produit ms | nu req/s (min/méd/max) | p95 nu ms | ratio méd (min–max) | objectif |',
    '|---|---|---|---|---|---|---|---|',
    ...out.results.map(
      (r) =>
        `| ${r.case} | ${r.clients} | ${f(r.product.rps.min)} / ${f(r.product.rps.median)} / ${f(r.product.rps.max)} | ${f(r.product.p95)} | ${f(r.bare.rps.min)} / ${f(r.bare.rps.median)} / ${f(r.bare.rps.max)} | ${f(r.bare.p95)} | ${r.ratio.median.toFixed(2)} (${r.ratio.min.toFixed(2)}–${r.ratio.max.toFixed(2)}) | ${r.goal ?? ''}${r.unit ? ` (${r.unit} ; p95 = run le plus long)` : ''}${r.note ? ` — ${r.note}` : ''}${r.product.errors ? ` — ${r.product.errors} erreurs` : ''}${r.bare.errors ? ` — ${r.bare.errors} erreurs côté nu (ratio faux)` : ''} |`,
    ),
    '',
    `Démarrage à froid (jusqu’à /api/health) : ${Object.entries(out.coldStartMs)
      .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
      .join(', ')} (objectif ≤ 2 000 ms depuis dist/).`,
    `Interface : ${JSON.stringify(out.ui)} (objectifs : JS initial ≤ 300 Ko gz, liste interactive ≤ 1 500 ms).`,
    '',
  ];
  return lines.join('\n');
}

/** Initial JS of the admin build (what index.html loads, gzip) and the dossier list's time to rows in Chromium. */
async function measureUi(url: string): Promise<Record<string, unknown>> {
  const dist = join(ROOT, 'apps/admin/dist');
  if (!existsSync(join(dist, 'index.html'))) return { skipped: 'pas de build de l’interface (npm run build:admin)' };
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const initialGzKb = initial.reduce((s, f) => s + gzipSync(readFileSync(join(dist, f))).length, 0) / 1024;
  const allJs = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const allGzKb = allJs.reduce((s, f) => s + gzipSync(readFileSync(join(dist, 'assets', f))).length, 0) / 1024;
  const res: Record<string, unknown> = { initialJsGzKb: Math.round(initialGzKb), allJsGzKb: Math.round(allGzKb), jsChunks: allJs.length };
  if (process.env.BENCH_UI === '0' || !existsSync('/usr/bin/chromium'))
    return { ...res, listInteractiveMs: 'non mesuré (BENCH_UI=0 ou pas de Chromium)' };
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${url}/#/login`);
    await page.locator('input[type="email"], input[name="email"], input[name="username"]').first().fill('instructeur@bench.example.org');
    await page.locator('input[type="password"]').first().fill(BENCH_PASSWORD);
    await page.locator('button[type="submit"]').first().click();
    await page.waitForURL((u) => !u.hash.includes('login'), { timeout: 60_000 });
    // A full reload on the list (assets from the browser's cache, the session restored): time to the first rows.
    await page.goto(`${url}/#/dossiers`);
    await page.locator('table tbody tr').first().waitFor({ timeout: 60_000 });
    const t0 = performance.now();
    await page.reload();
    await page.locator('table tbody tr').first().waitFor({ timeout: 60_000 });
    res.listInteractiveMs = Math.round(performance.now() - t0);
  } catch (e) {
    res.listInteractiveMs = `échec : ${(e as Error).message.split('\n')[0]}`;
  } finally {
    await browser.close();
  }
  return res;
}

process.on('SIGINT', () => {
  void cleanup().then(() => process.exit(130));
});
main()
  .then(cleanup)
  .catch(async (e) => {
    console.error(e);
    await cleanup();
    process.exit(1);
  });
