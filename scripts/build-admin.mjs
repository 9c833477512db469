// `npm run build:admin`: the admin UI built aside, then swapped in at once, so that a product serving
// apps/admin/dist (npm start) never serves a half-written build (missing chunks, a stale compressed file list).
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'apps/admin/dist');
const next = `${dist}.next-${process.pid}`;
const old = `${dist}.old-${process.pid}`;
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
const r = spawnSync(process.execPath, [vite, 'build', '--config', 'apps/admin/vite.config.mts', '--outDir', next, '--emptyOutDir', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
if (r.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
