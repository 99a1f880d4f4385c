/**
 * WeChat's share card, as site.js sets it inside WeChat. No Official Account answers here, so the
 * parts outside this site are stood in for: the page is given the marker and CSP host the Worker adds
 * when WECHAT_APP_ID is set (tests/worker/middleware/security-headers.test.ts checks that the Worker
 * does), the signature endpoint answers fixed values, and jweixin is a stub recording its calls.
 */
import { devices, type BrowserContext } from '@playwright/test';
import { expect, test } from './fixtures';

const JSSDK = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';
const SIGNED = { appId: 'wx-test-app', timestamp: 1795000000, nonceStr: 'n0nce', signature: 'f'.repeat(40) };
/** A stand-in for jweixin: records config and the share data in window.__wx. */
const STUB = `window.__wx = {};
window.wx = {
  config: function (c) { window.__wx.config = c; },
  ready: function (f) { setTimeout(f, 0); },
  updateAppMessageShareData: function (d) { window.__wx.app = d; },
  updateTimelineShareData: function (d) { window.__wx.timeline = d; },
};`;

/** Serves pages as a deployment with an Official Account would, and counts signature requests. */
async function withOfficialAccount(context: BrowserContext, configured: boolean) {
  const asked: string[] = [];
  await context.route(/\/polls\/trades-vote\/$/, async (route) => {
    const res = await route.fetch();
    let body = await res.text();
    const headers = res.headers();
    if (configured) {
      body = body.replace('</head>', '<meta name="wechat-share" content="on"></head>');
      headers['content-security-policy'] = headers['content-security-policy'].replace(
        "script-src 'self'",
        "script-src 'self' https://res.wx.qq.com",
      );
    }
    await route.fulfill({ response: res, body, headers });
  });
  await context.route(/\/api\/wechat\/jssdk-signature\?/, (route) => {
    asked.push(new URL(route.request().url()).searchParams.get('url')!);
    return route.fulfill({ json: SIGNED, headers: { 'Cache-Control': 'no-store' } });
  });
  await context.route(JSSDK, (route) => route.fulfill({ body: STUB, contentType: 'text/javascript' }));
  return asked;
}

test.describe('WeChat share card', () => {
  test('inside WeChat, a poll page configures the JS-SDK and shares its title, description and QR image', async ({
    page,
    context,
  }) => {
    const asked = await withOfficialAccount(context, true);
    await page.goto('/polls/trades-vote/#results');
    await expect.poll(() => page.evaluate(() => (window as any).__wx?.timeline)).toBeTruthy();
    const wx = await page.evaluate(() => (window as any).__wx);
    const origin = new URL(page.url()).origin;
    // Signed for the address without its # part, as WeChat requires.
    expect(asked).toEqual([`${origin}/polls/trades-vote/`]);
    expect(wx.config).toEqual({ ...SIGNED, jsApiList: ['updateAppMessageShareData', 'updateTimelineShareData'] });
    const title = await page.locator('meta[property="og:title"]').getAttribute('content');
    expect(wx.app).toEqual({
      title,
      desc: await page.locator('meta[name="description"]').getAttribute('content'),
      link: `${origin}/polls/trades-vote/`,
      imgUrl: `${origin}/polls/trades-vote/qr.png`,
    });
    expect(title).toContain('十大精品工种');
    expect(wx.timeline).toEqual({ title, link: wx.app.link, imgUrl: wx.app.imgUrl });
    // The share text stays neutral: nothing asks anyone to vote for a candidate.
    expect(`${wx.app.title}${wx.app.desc}`).not.toMatch(/请为|投我|帮我投/);
  });

  test('without an Official Account, or outside WeChat, nothing is loaded or asked for', async ({
    page,
    context,
    browser,
  }) => {
    const asked = await withOfficialAccount(context, false);
    await page.goto('/polls/trades-vote/');
    await expect(page.locator('#island form, #island button').first()).toBeVisible();
    expect(asked).toEqual([]);
    expect(await page.evaluate(() => 'wx' in window)).toBe(false);

    const desktop = await browser.newContext({
      baseURL: new URL(page.url()).origin,
      userAgent: devices['Desktop Chrome'].userAgent,
    });
    const elsewhere = await withOfficialAccount(desktop, true);
    const other = await desktop.newPage();
    await other.goto('/polls/trades-vote/');
    await expect(other.locator('meta[name="wechat-share"]')).toHaveCount(1);
    await other.waitForLoadState('networkidle');
    expect(elsewhere).toEqual([]);
    await desktop.close();
  });
});
