import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

export default defineConfig({
  root: adminDir,
  base: '/',
  publicDir: resolve(adminDir, 'public'),
  plugins: [dsfrAssets(), react()],
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
            { name: 'vendor-mui', test: /[\\/]node_modules[\\/](@mui|@emotion)[\\/]/, priority: 20 },
            {
              name: 'vendor-ra',
              test: /[\\/]node_modules[\\/](react-admin|ra-[a-z-]+|@tanstack|react-hook-form|lodash)[\\/]/,
              priority: 10,
            },
            // everything else, except the DSFR runtime: react-dsfr imports it lazily after setting its
            // config (window.dsfr); bundling it eagerly would start it in the wrong mode
            {
              name: 'vendor',
              test: (id: string) => /[\\/]node_modules[\\/]/.test(id) && !/[\\/]react-dsfr[\\/]dsfr[\\/]/.test(id),
              priority: 0,
            },
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
