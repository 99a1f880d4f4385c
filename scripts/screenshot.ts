/**
 * Phone-size screenshots of pages of a running server, for looking at what was built.
 * Usage: tsx scripts/screenshot.ts [baseUrl] [path...]   (PNGs land in dist/screenshots/)
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:8787', ...paths] = process.argv.slice(2);
const targets = paths.length ? paths : ['/', '/polls/trades-vote/'];
mkdirSync('dist/screenshots', { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 1,
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49 NetType/WIFI Language/zh_CN',
});
for (const p of targets) {
  await page.goto(base + p);
  const file = `dist/screenshots/${p.replace(/\W+/g, '_') || 'home'}.png`;
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}
await browser.close();
