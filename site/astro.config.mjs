import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';

/**
 * What every island page loads besides its own entry, as one file: Preact, the typed API client
 * (hono/client), the mount helper and the citizen islands' shared code. Split into the default
 * per-module chunks, the poll page loaded seven scripts, and each response's headers cost as much as a
 * small module (docs/benchmarks.md, bench:size). The captcha loader stays its own chunk: it is imported
 * only when a provider is configured.
 */
const ISLAND_RUNTIME =
  /node_modules\/(preact|hono)\/|vite\/preload-helper|site\/src\/islands\/(mount|api|verification|PhoneCodeFields)\./;

// Static output served by the Worker as assets. Pages whose content lives in D1 (home, tracks, polls,
// notices, directories) are built as templates under /templates/ and filled by the Worker per request.
export default defineConfig({
  outDir: '../dist/site',
  integrations: [preact()],
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  vite: {
    build: {
      rolldownOptions: {
        output: {
          codeSplitting: { groups: [{ name: 'islands', test: (id) => ISLAND_RUNTIME.test(id) }] },
        },
      },
    },
  },
});
