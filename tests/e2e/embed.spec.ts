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

test.beforeAll(async ({ baseURL }) => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', HOST);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(hostPage(baseURL!, url.searchParams.get('loader') !== '0', Number(url.searchParams.get('w') ?? 360)));
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
