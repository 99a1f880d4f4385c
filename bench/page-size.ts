/**
 * `npm run bench:size [-- --port 8791]` — what a voter's phone receives for the poll page, measured in
 * Chromium at 390x844 with a WeChat user agent against a private `wrangler dev`: every script the page
 * loads, counted as the bytes that came over the network (Chromium's encodedDataLength: the response
 * headers plus the body as compressed by the server, as a phone on a cold cache receives them) and any
 * inline script gzip-compressed, against the 15 KB budget of the vote page, with the home page (no
 * islands) measured in the same run as the baseline.
 */
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PHONE_VIEWPORT, WECHAT_UA } from '../tests/setup/chromium';
import { flag } from './measure';
import { benchServer, runBench } from './server';

const BUDGET_KB = 15;
const server = benchServer({ port: flag('port', 8791), state: '.wrangler/bench-size' });

const gz = (s: string | Buffer) => gzipSync(s, { level: 9 }).byteLength;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

interface Script {
  url: string;
  /** The response's status line and headers, as received. */
  headers: number;
  /** Everything received for the response: headers and the encoded body. */
  bytes: number;
}

async function measure(path: string) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: PHONE_VIEWPORT, userAgent: WECHAT_UA });
  // The DevTools protocol reports the bytes on the wire; Playwright's response.body() is decoded.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const scripts = new Map<string, Script>();
  const received = new Map<string, number>();
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scripts.set(e.requestId, { url: new URL(e.response.url).pathname, headers: 0, bytes: 0 });
  });
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    if (e.headersText) received.set(e.requestId, Buffer.byteLength(e.headersText));
  });
  cdp.on('Network.loadingFinished', (e) => {
    const s = scripts.get(e.requestId);
    if (s) s.bytes = e.encodedDataLength;
  });
  const main = await page.goto(server.base + path, { waitUntil: 'networkidle' });
  const html = await main!.text();
  const inline = await page.$$eval('script:not([src]):not([type="application/json"])', (els) =>
    els.map((e) => e.textContent ?? ''),
  );
  await browser.close();
  const list = [...scripts].map(([id, s]) => ({ ...s, headers: received.get(id) ?? 0 }));
  const unfinished = list.filter((s) => s.bytes === 0);
  if (unfinished.length) throw new Error(`scripts without a finished load: ${unfinished.map((s) => s.url).join(', ')}`);
  const inlineBytes = inline.reduce((n, s) => n + gz(s), 0);
  const external = list.reduce((n, s) => n + s.bytes, 0);
  const headers = list.reduce((n, s) => n + s.headers, 0);
  return { html: gz(html), inline: inlineBytes, external, headers, scripts: list, js: inlineBytes + external };
}

async function main(): Promise<boolean> {
  await server.start();
  const home = await measure('/');
  const poll = await measure('/polls/trades-vote/');
  console.log(`\nbench:size  bytes received (headers + compressed body), Chromium 390x844, WeChat UA`);
  console.log(
    `home page (baseline)   html ${kb(home.html)} (gzip -9)  js ${kb(home.js)} in ${home.scripts.length} files`,
  );
  console.log(
    `poll page              html ${kb(poll.html)} (gzip -9)  js ${kb(poll.js)} in ${poll.scripts.length} files` +
      ` (headers ${kb(poll.headers)}, inline ${kb(poll.inline)})`,
  );
  for (const s of poll.scripts) console.log(`  ${s.url.padEnd(44)} ${kb(s.bytes)} (headers ${kb(s.headers)})`);
  const ok = poll.js <= BUDGET_KB * 1024;
  console.log(
    `poll page js vs budget: ${kb(poll.js)} / ${BUDGET_KB} KB = ${(poll.js / (BUDGET_KB * 1024)).toFixed(2)} ${ok ? 'OK' : 'OVER BUDGET'}`,
  );
  console.log(`poll page js minus home page js: ${kb(poll.js - home.js)}`);
  return ok;
}

runBench(server, main);
