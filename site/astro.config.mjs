import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';

// Static output served by the Worker as assets. Pages whose content lives in D1 (home, tracks, polls,
// notices, directories) are built as templates under /templates/ and filled by the Worker per request.
export default defineConfig({
  outDir: '../dist/site',
  integrations: [preact()],
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
});
