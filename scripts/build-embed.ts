/**
 * Builds the results widget's script (site/src/embed/widget-client.ts, which refreshes the widget
 * from the worker's own view) into dist/site/embed/widget.js, served as a static asset beside the
 * Astro output. Run by `npm run build` after `astro build`.
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['site/src/embed/widget-client.ts'],
  outfile: 'dist/site/embed/widget.js',
  bundle: true,
  minify: true,
  format: 'iife',
  // Phones in WeChat's in-app browser: keep to what older WebViews run.
  target: 'es2017',
  legalComments: 'none',
  logLevel: 'warning',
});
