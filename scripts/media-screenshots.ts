/**
 * `npm run media:screenshots` — the README's pictures of the results widget (docs/img/widget-320.png
 * and widget-800.png): a private `wrangler dev` with fresh demo data, a few dozen demo ballots cast
 * through the public API (so the bars differ), then the widget page in Debian's Chromium at 320 and
 * 800 px wide, China time.
 *
 * Usage: npm run media:screenshots [-- --port 8852]
 */
import { chromium } from '@playwright/test';
import { flag } from '../bench/measure';
import { benchServer, runBench } from '../bench/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/setup/chromium';

const POLL = 'trades-vote';
const VOTERS = 40;
const server = benchServer({
  port: flag('port', 8852),
  state: '.wrangler/media-screenshots',
  // Scripted voters are faster than people; the timing rule would hold their ballots back.
  vars: ['RULE_MACHINE_TIMING:off'],
});

async function api<T>(path: string, init?: { body?: unknown; token?: string }): Promise<T> {
  const headers: Record<string, string> = {};
  if (init?.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init?.token) headers.Authorization = `Bearer ${init.token}`;
  const res = await fetch(server.base + path, {
    method: init?.body === undefined ? 'GET' : 'POST',
    headers,
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** One demo voter: SMS code from the console provider, session, ballot. */
async function vote(phone: string, choices: number[]) {
  const { challenge } = await api<{ challenge: string }>('/api/otp', { body: { phone } });
  const { messages } = await api<{ messages: { code: string }[] }>(`/api/dev/sms?phone=${phone}`);
  const { token } = await api<{ token: string }>('/api/voter-session', {
    body: { phone, code: messages[0].code, challenge },
  });
  await api(`/api/polls/${POLL}/ballots`, { body: { choices }, token });
}

async function main(): Promise<boolean> {
  await server.start();
  const { poll } = await api<{ poll: { candidates: { id: number }[]; maxChoices: number } }>(`/api/polls/${POLL}`);
  const ids = poll.candidates.map((c) => c.id);
  for (let v = 0; v < VOTERS; v++) {
    // Earlier finalists are chosen more often, with some spread, so the ranking is readable.
    const choices = ids.filter((_, j) => (v * 7 + j * 13) % 23 < 17 - j).slice(0, poll.maxChoices);
    await vote(`1390000${String(v).padStart(4, '0')}`, choices.length ? choices : [ids[0]]);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    for (const width of [320, 800]) {
      const page = await browser.newPage({
        viewport: { width, height: 400 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        deviceScaleFactor: 1,
      });
      await page.goto(`${server.base}/embed/polls/${POLL}`);
      await page.screenshot({ path: `docs/img/widget-${width}.png`, fullPage: true });
      await page.close();
      console.log(`docs/img/widget-${width}.png`);
    }
  } finally {
    await browser.close();
  }
  return true;
}

runBench(server, main);
