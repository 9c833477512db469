// `npm run bench`: brings up PostgreSQL and Redis like `npm test`, then runs the benchmarks in bench/:
//   1. bench/side-by-side.ts — the product (API over HTTP, its own process) against a bare baseline doing the same
//      work (hand-written SQL on a bare pg pool), alternating rounds at 1, 10 and 50 clients; EXPLAIN of the SQL the
//      product sent; cold start; the admin UI (initial JS, list interactive time in Chromium).
//   2. bench/notifications.bench.ts — 10,000 decision e-mails through the pipeline against a bare nodemailer loop.
// `npm run bench -- --quick`: reduced scale (5,000 dossiers, 3 rounds, 1,000 e-mails) to check that it all runs.
// Results: bench/results/<date>.json and .md. Nothing asserts a timing.
import { ensureDependencies, ensurePostgres, ensureRedis, runTs, stopAll } from './lib/services.mjs';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptce';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const quick = process.argv.includes('--quick');
const scale = quick
  ? { BENCH_DOSSIERS: '5000', BENCH_ROUNDS: '3', BENCH_REQUESTS: '60', BENCH_SECTION_KB: '20', BENCH_EMAILS: '1000' }
  : {};
const env = { DATABASE_URL, REDIS_URL, ...scale, ...pick(process.env, /^BENCH_|^DB_POOL_SIZE$|^LIST_EXACT_COUNT_LIMIT$/) };
ensureDependencies();
await ensurePostgres(DATABASE_URL);
await ensureRedis(REDIS_URL);
const code = await runTs('bench/side-by-side.ts', env);
// Notification pipeline vs a bare pooled nodemailer loop (decision e-mails to a local SMTP listener).
const notifCode = await runTs('bench/notifications.bench.ts', env);
stopAll();
process.exit(code || notifCode);

function pick(obj, re) {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => re.test(k)));
}
