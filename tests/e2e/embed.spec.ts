import { createServer, type Server } from 'node:http';
import { expect, test, type Frame, type Page } from '@playwright/test';

/*
 * A news site on another origin (a second local port) embeds two results widgets with the loader.
 * The loader's origin is the site under test (baseURL).
 */
const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 8789);
const HOST = `http://127.0.0.1:${HOST_PORT}`;
let server: Server;

function hostPage(site: string, withLoader: boolean, width: number): string {
  const loader = `<script src="${site}/embed.js" async></script>`;
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某新闻网</title></head>' +
    `<body style="margin:0"><h1>新闻</h1><div id="box" style="width:${width}px">` +
    '<div data-linfen-poll="trades-vote">正在加载投票结果……</div><p>正文</p>' +
    '<div data-linfen-poll="brands-vote"></div></div>' +
    // Pasted twice by an editor: must still embed each widget once.
    (withLoader ? loader + loader : '') +
    '</body></html>'
  );
}

/**
 * A CMS page showing the oEmbed answer for a poll address: its `html` as the site returns it, or
 * with every script stripped, as many CMSs do.
 */
async function oembedPage(site: string, strip: boolean, width: number): Promise<string> {
  const res = await fetch(`${site}/api/oembed?url=${encodeURIComponent(`${site}/polls/trades-vote/`)}&format=json`);
  const { html } = (await res.json()) as { html: string };
  const body = strip ? html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '') : html;
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某媒体</title></head>' +
    `<body style="margin:0"><article style="width:${width}px">${body}<p>正文</p></article></body></html>`
  );
}

test.beforeAll(async ({ baseURL }) => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', HOST);
    const width = Number(url.searchParams.get('w') ?? 360);
    const page =
      url.pathname === '/oembed'
        ? oembedPage(baseURL!, url.searchParams.get('strip') === '1', width)
        : Promise.resolve(hostPage(baseURL!, url.searchParams.get('loader') !== '0', width));
    void page.then((html) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
    });
  });
  await new Promise<void>((resolve) => server.listen(HOST_PORT, '127.0.0.1', resolve));
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const frameHeight = (page: Page, n: number) =>
  page
    .locator('iframe')
    .nth(n)
    .evaluate((el) => (el as HTMLIFrameElement).getBoundingClientRect().height);

async function widgetFrame(page: Page, slug: string): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().endsWith(`/embed/polls/${slug}`))).toBe(true);
  const frame = page.frames().find((f) => f.url().endsWith(`/embed/polls/${slug}`))!;
  await frame.waitForSelector('h1');
  return frame;
}

test.describe('embedding the results widget on another site', () => {
  test('two widgets render and size themselves to their content', async ({ page, baseURL }) => {
    await page.goto(`${HOST}/?w=360`);
    await expect(page.locator('iframe')).toHaveCount(2);
    await expect(page.locator('iframe').first()).toHaveAttribute('src', `${baseURL}/embed/polls/trades-vote`);
    const trades = await widgetFrame(page, 'trades-vote');
    const brands = await widgetFrame(page, 'brands-vote');
    await expect(trades.locator('h1')).toContainText('十大精品工种');
    await expect(brands.locator('h1')).toContainText('劳务品牌');
    for (const [i, frame] of [trades, brands].entries()) {
      const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      await expect.poll(() => frameHeight(page, i)).toBe(content);
      expect(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    expect(await frameHeight(page, 0)).not.toBe(await frameHeight(page, 1));
  });

  test('names each iframe after its poll', async ({ page }) => {
    await page.goto(`${HOST}/`);
    await widgetFrame(page, 'brands-vote');
    await expect(page.locator('iframe').nth(0)).toHaveAttribute('title', /十大精品工种.* · 投票结果$/);
    await expect(page.locator('iframe').nth(1)).toHaveAttribute('title', /劳务品牌.* · 投票结果$/);
  });

  test('refreshes from its own document every 30 s while the poll is open', async ({ page, baseURL }) => {
    await page.clock.install();
    await page.goto(`${HOST}/`);
    const frame = await widgetFrame(page, 'trades-vote');
    const widget = `${baseURL}/embed/polls/trades-vote`;
    const later = (await (await fetch(widget)).text())
      .replace(/data-as-of="[^"]*"/, 'data-as-of="2999-01-01T00:00:00.000Z"')
      .replace(/共\d+张有效选票/, '共123张有效选票');
    await page.route(widget, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: later }));
    await page.clock.fastForward(31_000);
    await expect(frame.locator('.st')).toContainText('共123张有效选票');
    await expect(frame.locator('#w')).toHaveAttribute('data-as-of', '2999-01-01T00:00:00.000Z');
  });

  test('defines one global and embeds each widget once when loaded twice', async ({ page }) => {
    await page.goto(`${HOST}/?loader=0`);
    const before: string[] = await page.evaluate(() => Object.keys(window));
    await page.goto(`${HOST}/`);
    await expect(page.locator('iframe')).toHaveCount(2);
    await page.waitForFunction(() => 'LinfenEmbed' in window);
    const after: string[] = await page.evaluate(() => Object.keys(window));
    // Numeric keys are the frames (window[0], window[1]), not globals.
    expect(after.filter((k) => !before.includes(k) && !/^\d+$/.test(k))).toEqual(['LinfenEmbed']);
    await page.evaluate(() => (window as any).LinfenEmbed.scan());
    await expect(page.locator('iframe')).toHaveCount(2);
  });

  test('ignores resize messages from another origin or from another widget', async ({ page }) => {
    await page.goto(`${HOST}/`);
    const trades = await widgetFrame(page, 'trades-vote');
    const brands = await widgetFrame(page, 'brands-vote');
    const content = await trades.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await expect.poll(() => frameHeight(page, 0)).toBe(content);

    // Forged by the host page (wrong origin) and by the other widget (right origin, wrong source).
    await page.evaluate(() =>
      window.postMessage({ type: 'linfen-embed:resize', slug: 'trades-vote', height: 1234 }, '*'),
    );
    await brands.evaluate(() =>
      window.parent.postMessage({ type: 'linfen-embed:resize', slug: 'trades-vote', height: 1111 }, '*'),
    );
    await brands.evaluate(() => window.parent.postMessage({ type: 'linfen-embed:resize', slug: 'brands-vote' }, '*'));
    // A well-formed message from a widget about itself is still obeyed (proves messages get through).
    await brands.evaluate(() =>
      window.parent.postMessage({ type: 'linfen-embed:resize', slug: 'brands-vote', height: 777 }, '*'),
    );
    await expect.poll(() => frameHeight(page, 1)).toBe(777);
    expect(await frameHeight(page, 0)).toBe(content);
  });

  test('reads at 320 px and at 800 px wide', async ({ page }) => {
    for (const width of [320, 800]) {
      await page.setViewportSize({ width: Math.max(width, 390), height: 900 });
      await page.goto(`${HOST}/?w=${width}`);
      const frame = await widgetFrame(page, 'trades-vote');
      expect(await frame.evaluate(() => window.innerWidth)).toBe(width);
      expect(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expect(frame.locator('.rs li').first()).toContainText('第1名');
      if (process.env.EMBED_SCREENSHOTS) await page.screenshot({ path: `test-results/embed-${width}.png` });
    }
  });
});

test.describe('oEmbed on another site', () => {
  /** The widget's own height and the height of the iframe that frames it. */
  async function heights(page: Page) {
    const frame = await widgetFrame(page, 'trades-vote');
    const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    return { content, frame: await frameHeight(page, 0) };
  }

  test('the returned html sizes itself to the widget and names its poll', async ({ page }) => {
    for (const width of [320, 600]) {
      await page.goto(`${HOST}/oembed?w=${width}`);
      await expect(page.locator('iframe')).toHaveCount(1);
      await page.waitForFunction(() => 'LinfenEmbed' in window);
      const frame = await widgetFrame(page, 'trades-vote');
      const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      await expect.poll(() => frameHeight(page, 0)).toBe(content);
      await expect(page.locator('iframe')).toHaveAttribute('title', /十大精品工种.* · 投票结果$/);
    }
  });

  test('without its script, the fallback iframe still shows the whole widget', async ({ page }) => {
    for (const width of [320, 600]) {
      await page.goto(`${HOST}/oembed?strip=1&w=${width}`);
      await expect(page.locator('script')).toHaveCount(0);
      await expect(page.locator('iframe')).toHaveAttribute('title', /十大精品工种.* · 投票结果$/);
      const { content, frame } = await heights(page);
      // Every finalist shows: the frame is at least as tall as its content, and not much taller.
      expect(frame).toBeGreaterThanOrEqual(content);
      expect(frame - content).toBeLessThan(400);
      if (process.env.EMBED_SCREENSHOTS)
        await page.screenshot({ path: `test-results/oembed-${width}.png`, fullPage: true });
    }
  });
});
