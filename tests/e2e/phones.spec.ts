/**
 * A citizen on a small phone inside WeChat, Douyin and Kuaishou, at 320 and 390 px: every page links
 * the lookups and the archives and never scrolls sideways; wide tables become cards; a phone that
 * has voted sees 已投票; the open-in-browser hint shows only where the app cannot save the poster;
 * and axe finds no violation of any impact on the public pages under each user agent. Each page is
 * loaded once per user agent and checked at both widths (the viewport is resized, which lays the
 * page out again), so the spec stays quick.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { APIRequestContext, Page } from '@playwright/test';
import { DOUYIN_UA, KUAISHOU_UA, WECHAT_UA } from '../setup/chromium';
import { expect, test } from './fixtures';
import { PUBLIC_PAGES as PAGES } from '../fixtures/public-pages';

/** axe-core's browser build, evaluated in the page (Playwright's evaluate is not subject to the page's CSP). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every rule axe runs by default, all impacts; the violations as "rule (impact): targets" lines. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<any> } }).axe;
    const result = await axe.run(document);
    return result.violations.map(
      (v: any) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n: any) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  });
  return violations;
}

const APPS = [
  { app: 'WeChat', ua: WECHAT_UA, savesPoster: true },
  { app: 'Douyin', ua: DOUYIN_UA, savesPoster: false },
  { app: 'Kuaishou', ua: KUAISHOU_UA, savesPoster: false },
] as const;

const WIDTHS = [390, 320] as const;
const atWidth = (page: Page, width: number) => page.setViewportSize({ width, height: 780 });

/** A different phone number for every test run, user agent and width: each verifies once. */
let phoneSeq = 0;
const runTag = String(Date.now() % 10_000).padStart(4, '0');
const nextPhone = () => `136${runTag}${String(++phoneSeq).padStart(4, '0')}`;

/** Verifies a phone by SMS code through the API; the voter session cookie lands in `request`'s context. */
async function verify(request: APIRequestContext, phone: string): Promise<void> {
  const sent = await request.post('/api/otp', { data: { phone } });
  expect(sent.status()).toBe(202);
  const { challenge } = await sent.json();
  const sms = await (await request.get(`/api/dev/sms?phone=${phone}`)).json();
  const session = await request.post('/api/voter-session', {
    data: { phone, code: sms.messages[0].code, challenge },
  });
  expect(session.status()).toBe(200);
}

/** What a page must hold on every phone: the footer lookups, the archives, no sideways scroll. */
async function checkPhonePage(page: Page, path: string, width: number) {
  const footer = page.locator('footer.site-footer');
  await expect(footer.getByRole('link', { name: '查询选票' }), path).toHaveAttribute('href', '/receipts/');
  await expect(footer.getByRole('link', { name: '查询异议' }), path).toHaveAttribute('href', '/objections/');
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const [name, href] of [
    ['投票', '/polls/'],
    ['公示', '/notices/'],
    ['名单', '/lists/'],
  ])
    await expect(nav.getByRole('link', { name, exact: true }), path).toHaveAttribute('href', href);
  // Every navigation item lies within the screen's width (the bar wraps), "投票与公示规则" whole.
  const items = await nav
    .getByRole('link')
    .evaluateAll((links) =>
      links.map((a) => ({ left: a.getBoundingClientRect().left, right: a.getBoundingClientRect().right })),
    );
  for (const item of items) expect(item.left >= 0 && item.right <= width, `${path} nav item cut off`).toBe(true);
  await expect(nav.getByRole('link', { name: '投票与公示规则', exact: true })).toBeVisible();
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${path} scrolls sideways at ${width} px`).toBeLessThanOrEqual(width);
}

for (const { app, ua, savesPoster } of APPS) {
  test.describe(`${app} at 320 and 390 px`, () => {
    test.use({ userAgent: ua, viewport: { width: 390, height: 780 } });

    test('every public page links the lookups and archives, never scrolls sideways, and passes axe', async ({
      page,
    }) => {
      for (const path of PAGES) {
        await atWidth(page, 390);
        await page.goto(path);
        expect(await axeViolations(page), `axe on ${path}`).toEqual([]);
        for (const width of WIDTHS) {
          await atWidth(page, width);
          await checkPhonePage(page, path, width);
        }
      }
      await atWidth(page, 390);
      await page.goto('/polls/trades-vote/poster/');
      expect(await axeViolations(page), 'axe on the poster page').toEqual([]);
      for (const width of WIDTHS) {
        await atWidth(page, width);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
    });

    test('wide tables become cards and no name breaks one character per line', async ({ page }) => {
      for (const path of ['/notices/bases-publicity/', '/competitions/', '/institutions/']) {
        await page.goto(path);
        for (const width of WIDTHS) {
          await atWidth(page, width);
          const tables = page.locator('table.cards');
          expect(await tables.count(), path).toBeGreaterThan(0);
          const cards = await tables.evaluateAll((all) =>
            all.flatMap((table) =>
              [...table.querySelectorAll('tbody tr')].map((tr) => {
                const name = tr.querySelector('td.title')!;
                // The name is the cell's first text; a note below it (a div) is not counted.
                const text = [...name.childNodes].find((n) => n.nodeType === 3 && n.textContent!.trim())!;
                const range = document.createRange();
                range.selectNodeContents(text);
                const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
                return {
                  display: getComputedStyle(tr).display,
                  nameWidth: name.getBoundingClientRect().width,
                  rowWidth: tr.getBoundingClientRect().width,
                  lines,
                  text: text.textContent!.trim(),
                };
              }),
            ),
          );
          expect(cards.length, path).toBeGreaterThan(0);
          for (const c of cards) {
            const where = `${path} at ${width} px: ${c.text}`;
            expect(c.display, where).toBe('block');
            expect(c.nameWidth, where).toBeGreaterThan(c.rowWidth * 0.8);
            // One character per line would take as many lines as characters; these names take one or two.
            expect(c.lines, where).toBeLessThanOrEqual(2);
          }
          await expect(page.locator('table.cards td[data-label]').first()).toBeVisible();
        }
      }
    });

    test('a phone that has voted sees 已投票 and its receipt, also in another browser holding a session of that phone', async ({
      page,
      browser,
    }) => {
      const phone = nextPhone();
      await atWidth(page, 320);
      await page.goto('/polls/trades-vote/');
      await page.getByRole('checkbox', { name: /焊工/ }).check();
      await page.getByLabel('手机号码').fill(phone);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await expect(page.getByText(/验证码已发送/)).toBeVisible();
      const sms = await (await page.request.get(`/api/dev/sms?phone=${phone}`)).json();
      await page.getByLabel('短信验证码').fill(sms.messages[0].code);
      await page.getByRole('button', { name: /提交投票/ }).click();
      await expect(page.getByRole('heading', { name: '投票成功' })).toBeVisible();
      const receipt = (await page.locator('.receipt-code').textContent())!.trim();
      // Why the count below may not show this ballot yet, with the real refresh figures.
      const note = page.locator('.count-note');
      await expect(note).toContainText('通过投票规则的自动检查后计入票数');
      await expect(note).toContainText('每 15 秒更新一次');
      await expect(note).toContainText('最迟约 45 秒');

      await page.reload();
      for (const width of WIDTHS) {
        await atWidth(page, width);
        await expect(page.getByRole('heading', { name: '已投票' })).toBeVisible();
        await expect(page.locator('.receipt-code')).toHaveText(receipt);
        await expect(page.getByRole('button', { name: /提交投票/ })).toHaveCount(0);
        await expect(page.getByRole('checkbox', { name: /焊工/ })).toBeChecked();
        await expect(page.getByRole('checkbox', { name: /焊工/ })).toBeDisabled();
        await checkPhonePage(page, 'voted poll page', width);
      }
      await atWidth(page, 390);
      expect(await axeViolations(page), 'axe on the voted poll page').toEqual([]);

      await page.goto(`/receipts/${receipt}/`);
      expect(await axeViolations(page), 'axe on the receipt page').toEqual([]);
      for (const width of WIDTHS) {
        await atWidth(page, width);
        await checkPhonePage(page, 'receipt page', width);
      }

      // Another browser on the same phone: nothing of the first page is there but a voter session
      // for the same phone (a new code could only be sent after 60 s, so it gets the session cookie
      // the verification made); the server knows the ballot. A fresh verification's own session is
      // covered by tests/worker/routes/my-ballot.test.ts.
      const other = await browser.newContext({ userAgent: ua, viewport: { width: 390, height: 780 } });
      await other.addCookies((await page.context().cookies()).filter((c) => c.name === 'lf_voter'));
      const second = await other.newPage();
      await second.goto('/polls/trades-vote/');
      await expect(second.getByRole('heading', { name: '已投票' })).toBeVisible();
      await expect(second.locator('.receipt-code')).toHaveText(receipt);
      await other.close();
    });

    test(`the open-in-browser hint ${savesPoster ? 'stays hidden' : 'shows beside the poster, inside a landmark'}`, async ({
      page,
    }) => {
      for (const path of ['/polls/trades-vote/', '/polls/trades-vote/poster/']) {
        await page.goto(path);
        const hint = page.locator('#open-in-browser');
        for (const width of WIDTHS) {
          await atWidth(page, width);
          if (savesPoster) await expect(hint, path).toBeHidden();
          else {
            await expect(hint, path).toBeVisible();
            await expect(hint, path).toContainText('无法长按保存图片');
            expect(await hint.evaluate((e) => e.closest('main') !== null), path).toBe(true);
            const box = (await hint.boundingBox())!;
            expect(box.x >= 0 && box.x + box.width <= width, `${path} hint within the screen`).toBe(true);
          }
        }
      }
      // Voting works in every app: no page but the poster's says to leave it.
      await page.goto('/');
      await expect(page.locator('#open-in-browser')).toHaveCount(0);
    });

    test('the objection status page shows what was objected to', async ({ page }) => {
      await verify(page.request, nextPhone());
      const filed = await page.request.post('/api/notices/bases-publicity/objections', {
        data: { name: '张三', content: '得分有误' },
      });
      expect(filed.status()).toBe(201);
      const { trackingNo } = await filed.json();
      await page.goto(`/objections/${trackingNo}/`);
      await expect(page.getByText('异议对象：整份公示')).toBeVisible();
      await expect(page.getByRole('link', { name: /培训示范基地拟命名名单的公示/ })).toHaveAttribute(
        'href',
        '/notices/bases-publicity/',
      );
      expect(await axeViolations(page), 'axe on the objection status page').toEqual([]);
      for (const width of WIDTHS) {
        await atWidth(page, width);
        await checkPhonePage(page, 'objection status page', width);
      }
    });
  });
}
