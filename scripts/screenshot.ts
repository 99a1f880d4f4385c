/**
 * Phone-size screenshots of pages of a running server, for looking at what was built.
 * Usage: tsx scripts/screenshot.ts [baseUrl] [path...]   (PNGs land in dist/screenshots/)
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PHONE_VIEWPORT, WECHAT_UA } from '../tests/setup/chromium';

const [base = 'http://127.0.0.1:8787', ...paths] = process.argv.slice(2);
const targets = paths.length ? paths : ['/', '/polls/trades-vote/'];
mkdirSync('dist/screenshots', { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: PHONE_VIEWPORT, deviceScaleFactor: 1, userAgent: WECHAT_UA });
for (const p of targets) {
  await page.goto(base + p);
  const file = `dist/screenshots/${p.replace(/\W+/g, '_') || 'home'}.png`;
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}
await browser.close();
