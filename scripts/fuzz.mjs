// `npm run fuzz`: the fuzz test of `npm test`, longer (FUZZ_RUNS, default 5000) and with a seed of your choice
// (FUZZ_SEED; a failure prints the seed and a request that shows it). Same bring-up as `npm test`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '5000', FUZZ_VERBOSE: '1' };
if (!process.env.FUZZ_SEED) env.FUZZ_SEED = String(Date.now() % 1_000_000);
console.log(`Fuzz : ${env.FUZZ_RUNS} requêtes, graine ${env.FUZZ_SEED}`);
const r = spawnSync(process.execPath, [path.join(root, 'scripts/test.mjs'), 'test/e2e/fuzz.spec.ts'], { cwd: root, stdio: 'inherit', env });
process.exit(r.status ?? 1);
