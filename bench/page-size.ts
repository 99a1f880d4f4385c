/**
 * `npm run bench:size` — what a voter's phone downloads for the poll page, measured in Chromium at
 * 390x844 with a WeChat user agent against a private `wrangler dev`: every script the page loads
 * (external and inline), gzip-compressed, against the 15 KB budget of the vote page, with the home
 * page (no islands) measured in the same run as the baseline.
 */
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PHONE_VIEWPORT, WECHAT_UA } from '../tests/setup/chromium';
import { benchServer, runBench } from './server';

const BUDGET_KB = 15;
const server = benchServer({ port: 8791, state: '.wrangler/bench-size' });

const gz = (s: string | Buffer) => gzipSync(s, { level: 9 }).byteLength;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function measure(path: string) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: PHONE_VIEWPORT, userAgent: WECHAT_UA });
  const scripts: { url: string; bytes: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    pending.push(res.body().then((b) => void scripts.push({ url: new URL(res.url()).pathname, bytes: gz(b) })));
  });
  const main = await page.goto(server.base + path, { waitUntil: 'networkidle' });
  const html = await main!.text();
  await Promise.all(pending);
  const inline = await page.$$eval('script:not([src]):not([type="application/json"])', (els) =>
    els.map((e) => e.textContent ?? ''),
  );
  await browser.close();
  const inlineBytes = inline.reduce((n, s) => n + gz(s), 0);
  const external = scripts.reduce((n, s) => n + s.bytes, 0);
  return { html: gz(html), inline: inlineBytes, external, scripts, js: inlineBytes + external };
}

async function main(): Promise<boolean> {
  await server.start();
  const home = await measure('/');
  const poll = await measure('/polls/trades-vote/');
  console.log(`\nbench:size  gzip -9 sizes, Chromium 390x844, WeChat UA`);
  console.log(`home page (baseline)   html ${kb(home.html)}  js ${kb(home.js)}`);
  console.log(`poll page              html ${kb(poll.html)}  js ${kb(poll.js)} (inline ${kb(poll.inline)})`);
  for (const s of poll.scripts) console.log(`  ${s.url.padEnd(44)} ${kb(s.bytes)}`);
  const ok = poll.js <= BUDGET_KB * 1024;
  console.log(
    `poll page js vs budget: ${kb(poll.js)} / ${BUDGET_KB} KB = ${(poll.js / (BUDGET_KB * 1024)).toFixed(2)} ${ok ? 'OK' : 'OVER BUDGET'}`,
  );
  console.log(`poll page js minus home page js: ${kb(poll.js - home.js)}`);
  return ok;
}

runBench(server, main);
