// `npm run bench`: brings up PostgreSQL and Redis like `npm test`, then runs the benchmarks in bench/.
import { ensureDependencies, ensurePostgres, ensureRedis, runTs, stopAll } from './lib/services.mjs';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptce';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
ensureDependencies();
await ensurePostgres(DATABASE_URL);
await ensureRedis(REDIS_URL);
const code = await runTs('bench/dossiers.bench.ts', { DATABASE_URL, REDIS_URL });
// Notification pipeline vs a bare pooled nodemailer loop (10,000 decision e-mails to a local SMTP listener).
const notifCode = await runTs('bench/notifications.bench.ts', { DATABASE_URL, REDIS_URL });
stopAll();
process.exit(code || notifCode);
