import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

/** The `/*` rule of site/public/_headers (a vitest test keeps it equal to the Worker's own headers). */
const STATIC_HEADERS = Object.fromEntries(
  readFileSync('site/public/_headers', 'utf8')
    .split(/^\/_astro\/\*$/m)[0]
    .split('\n')
    .filter((l) => /^\s+\S+:/.test(l))
    .map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
);

test.describe('headers and addresses as wrangler dev serves them', () => {
  test('static files carry the security headers from _headers', async ({ request }) => {
    const poll = await (await request.get('/polls/trades-vote/')).text();
    const script = /<script type="module" src="(\/_astro\/[^"]+\.js)"/.exec(poll)![1];
    for (const path of ['/admin/', script]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(200);
      expect(Object.keys(STATIC_HEADERS)).toHaveLength(6);
      expect(res.headers(), path).toMatchObject(STATIC_HEADERS);
    }
    // Hashed build files (the island script, the stylesheet) are immutable; pages are not.
    const stylesheet = /<link rel="stylesheet" href="(\/_astro\/[^"]+\.css)"/.exec(poll)![1];
    for (const path of [script, stylesheet])
      expect((await request.get(path)).headers()['cache-control'], path).toBe('public, max-age=31536000, immutable');
    expect((await request.get('/admin/')).headers()['cache-control']).not.toContain('immutable');
  });

  test("pages the Worker renders allow only this site's scripts; /embed/* may be framed anywhere", async ({
    request,
  }) => {
    const page = await request.get('/polls/trades-vote/');
    expect(page.headers()['content-security-policy']).toMatch(/script-src 'self';/);
    const rules = await request.get('/rules/');
    expect(rules.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(rules.headers()['x-content-type-options']).toBe('nosniff');
    expect(page.headers()['x-content-type-options']).toBe('nosniff');
    const embed = await request.get('/embed/polls/trades-vote/');
    expect(embed.headers()['content-security-policy']).toContain('frame-ancestors *');
  });

  test('addresses typed without the trailing slash redirect with 308', async ({ request }) => {
    for (const [path, location] of [
      ['/rules', '/rules/'],
      ['/polls/trades-vote', '/polls/trades-vote/'],
      // The edge cache keeps only the query parameters a route reads before the app sees the request.
      ['/competitions?from=qr', '/competitions/'],
      ['/competitions?x=1', '/competitions/'],
      ['/receipts?code=ab12&x=1', '/receipts/?code=ab12'],
      ['/receipts', '/receipts/'],
      ['/recruitment', '/recruitment/'],
      ['/lists/some-list', '/lists/some-list/'],
      ['/api/polls/', '/api/polls'],
    ]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(308);
      expect(res.headers().location, path).toBe(location);
    }
    const api = await request.get('/api');
    expect(api.status()).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
  });

  test('the CSP guard catches a blocked inline script', async ({ page, cspViolations }) => {
    await page.goto('/rules/');
    await page.addScriptTag({ content: 'window.injected = true' }).catch(() => {});
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as any).injected)).toBeUndefined();
    cspViolations.length = 0;
  });
});
