import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { copyDsfr } from './scripts/copy-dsfr.mjs';

const adminDir = dirname(fileURLToPath(import.meta.url));

/** Copies the DSFR assets into public/dsfr before dev and build (no CDN: the app must be self-contained). */
function dsfrAssets(): Plugin {
  let done: Promise<void> | undefined;
  return {
    name: 'dsfr-assets',
    // `config` runs before Vite reads index.html and public/ (dev server and build alike).
    async config() {
      done ??= copyDsfr();
      await done;
    },
  };
}

/**
 * Writes `.br` and `.gz` next to every compressible file of the build, once (best compression), so that the API
 * serves them as they are (express-static-gzip) instead of compressing the same bundle at every request.
 */
function precompress(): Plugin {
  let outDir = '';
  const walk = (dir: string): string[] =>
    existsSync(dir) ? readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)])) : [];
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        try {
          if (!/\.(js|mjs|css|html|svg|json|txt|map)$/.test(file) || statSync(file).size < 1024) continue;
          const buf = readFileSync(file);
          writeFileSync(`${file}.br`, brotliCompressSync(buf, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }));
          writeFileSync(`${file}.gz`, gzipSync(buf, { level: 9 }));
        } catch (e) {
          // Another build emptied the folder meanwhile: nothing to compress, that build writes its own.
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    },
  };
}

export default defineConfig({
  root: adminDir,
  base: '/',
  publicDir: resolve(adminDir, 'public'),
  plugins: [dsfrAssets(), react(), precompress()],
  resolve: {
    // the pure domain lib (French labels for display only; no business rule runs in the browser)
    alias: [
      { find: /^@ptce\/domain$/, replacement: resolve(adminDir, '../../libs/domain/src/index.ts') },
      { find: /^@ptce\/domain\/(.*)$/, replacement: resolve(adminDir, '../../libs/domain/src/$1') },
    ],
  },
  build: {
    outDir: resolve(adminDir, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        // long-lived vendor chunks (cache survives app releases)
        codeSplitting: {
          groups: [
            {
              name: 'vendor-react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/,
              priority: 30,
            },
            // MUI, react-admin and the rest are left to the bundler: what only a lazily loaded screen uses goes in that
            // screen's chunks (forcing them into one vendor chunk put every screen's libraries in the first load).
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
