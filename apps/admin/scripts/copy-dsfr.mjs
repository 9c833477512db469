#!/usr/bin/env node
// Copies the DSFR static assets (CSS, Marianne/Spectral fonts, favicons, icons used by the CSS) from
// node_modules/@codegouvfr/react-dsfr/dsfr into apps/admin/public/dsfr, the way react-dsfr expects for Vite
// (its `copy-dsfr-to-public` bin). Vite then copies public/ into dist/, so the build needs no CDN.
// Called automatically by the `dsfr-assets` plugin of apps/admin/vite.config.mts (dev and build);
// can also be run by hand: `node apps/admin/scripts/copy-dsfr.mjs`.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const adminDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function copyDsfr() {
  const require = createRequire(resolve(adminDir, 'package.json'));
  // The bin is CommonJS; requiring it does not run it (guarded by `require.main === module`).
  const bin = require('@codegouvfr/react-dsfr/bin/copy-dsfr-to-public.js');
  // It writes <projectDir>/public/dsfr (skipped when public/dsfr/version.txt already matches)
  // and adds `?v=<dsfr version>` to the /dsfr/ hrefs of <projectDir>/index.html.
  mkdirSync(resolve(adminDir, 'public'), { recursive: true }); // the bin exits if public/ is missing
  await bin.main(['--projectDir', adminDir]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  copyDsfr().then(
    () => console.log('DSFR copié dans apps/admin/public/dsfr'),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
