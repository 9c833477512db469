// `npm run build`: the API, the worker and the migrations compiled once to JavaScript in dist/ (SWC: decorators and
// their metadata, the @ptce/domain paths rewritten), then the admin UI (Vite). Production starts from dist/:
//   node dist/apps/api/src/main.js      (the API)          node dist/apps/worker/src/main.js   (a worker)
//   node dist/migrations/run.js         (npm run migrate)  — `npm start` keeps running the sources for development.
// Options: --server-only (no admin build), --out <dir> (dist by default). Type-checking is `npm run typecheck`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const swc = require('@swc/core');

const args = process.argv.slice(2);
const serverOnly = args.includes('--server-only');
const outArg = args.indexOf('--out');
const OUT = path.resolve(ROOT, outArg >= 0 ? args[outArg + 1] : 'dist');
const SOURCES = ['apps/api/src', 'apps/worker/src', 'libs/domain/src', 'libs/server/src', 'migrations'];

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...tsFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.(spec|test)\.ts$/.test(name)) out.push(full);
  }
  return out;
}

const swcOptions = (filename) => ({
  filename,
  sourceMaps: true,
  swcrc: false,
  configFile: false,
  module: { type: 'commonjs' },
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: ROOT,
    paths: {
      '@ptce/domain': ['libs/domain/src/index.ts'],
      '@ptce/domain/*': ['libs/domain/src/*'],
      '@ptce/server/*': ['libs/server/src/*'],
    },
  },
});

const started = Date.now();
rmSync(OUT, { recursive: true, force: true });
let count = 0;
const files = SOURCES.flatMap((s) => tsFiles(path.join(ROOT, s)));
// A few at a time: the machine is shared.
for (let i = 0; i < files.length; i += 16) {
  await Promise.all(
    files.slice(i, i + 16).map(async (file) => {
      const rel = path.relative(ROOT, file);
      const dest = path.join(OUT, rel.replace(/\.ts$/, '.js'));
      const { code, map } = await swc.transformFile(file, swcOptions(file));
      mkdirSync(path.dirname(dest), { recursive: true });
      writeFileSync(dest, `${code}\n//# sourceMappingURL=${path.basename(dest)}.map\n`);
      if (map) writeFileSync(`${dest}.map`, map);
      count++;
    }),
  );
}
// The compiled API looks for the admin build next to itself (apps/admin/dist): a link to the real one.
mkdirSync(path.join(OUT, 'apps/admin'), { recursive: true });
const adminLink = path.join(OUT, 'apps/admin/dist');
if (!existsSync(adminLink)) symlinkSync(path.relative(path.dirname(adminLink), path.join(ROOT, 'apps/admin/dist')), adminLink, 'dir');
console.log(`[build] ${count} fichiers TypeScript compilés dans ${path.relative(ROOT, OUT) || '.'}/ en ${((Date.now() - started) / 1000).toFixed(1)} s`);

if (!serverOnly) {
  const r = spawnSync('npm', ['run', 'build:admin'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[build] La construction de l’interface d’administration a échoué.');
    process.exit(r.status ?? 1);
  }
}
