import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// The multi-instance scenario (docker/compose.yml: 2 API replicas, 2 workers, MinIO) needs Docker. Where it is absent
// (the project's CI machines) this test says so and is skipped; where it is present it runs docker/e2e.mjs.
const hasDocker = (() => {
  const r = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
})();
if (!hasDocker) console.log('Docker absent : le scénario multi-instances (docker/e2e.mjs, MinIO, 2 API, 2 workers) est ignoré.');

(hasDocker ? describe : describe.skip)('2 API replicas and 2 workers on MinIO (Docker)', () => {
  it('imports, decides and downloads a statuts file through different replicas', () => {
    const r = spawnSync(process.execPath, ['docker/e2e.mjs'], { cwd: resolve(__dirname, '../..'), encoding: 'utf8', timeout: 20 * 60_000 });
    expect(r.stderr).not.toMatch(/ÉCHEC/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/OK : le même fichier/);
  }, 20 * 60_000);
});
