// `npm test`: the same bring-up as `npm start`, then every test (unit, API end-to-end, browser) in one Jest run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, adminNeedsBuild, buildAdmin, ensureDependencies, ensurePostgres, ensureRedis, log, stopAll } from './lib/services.mjs';

const env = {
  DATABASE_URL: process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptce',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
};

ensureDependencies();
await ensurePostgres(env.DATABASE_URL);
await ensureRedis(env.REDIS_URL);
if (adminNeedsBuild()) buildAdmin();
mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
const report = path.join(ROOT, 'test-output', 'jest.json');
// Types first: a type error anywhere (API, worker, domain, UI) fails the run before any test.
log('Vérification des types…');
for (const project of ['tsconfig.json', 'apps/admin/tsconfig.json']) {
  const tc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project, '--noEmit'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (tc.status !== 0) {
    stopAll();
    console.error(`Erreurs de types dans ${project}.`);
    process.exit(1);
  }
}
// Lint next: the module boundaries (libs never import apps, the domain no framework…) are lint rules.
log('Vérification du style et des frontières entre modules (ESLint)…');
const lint = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), 'apps', 'libs', 'migrations', 'scripts', 'test', 'bench', 'docker'], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (lint.status !== 0) {
  stopAll();
  console.error('Erreurs ESLint : corrigez-les (npm run lint).');
  process.exit(1);
}
log('Lancement des tests…');
const r = spawnSync(
  process.execPath,
  [
    path.join(ROOT, 'node_modules/jest/bin/jest.js'),
    '--ci',
    '--maxWorkers=2',
    '--json',
    `--outputFile=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env, NODE_ENV: 'test' } },
);
stopAll();
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  console.log(
    `\nTests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests} skipped (${j.numTotalTestSuites} fichiers)`,
  );
}
process.exit(r.status ?? 1);
