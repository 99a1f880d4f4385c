import { DEMO_INSTITUTIONS } from '../../db/seed/demo';
import { expect, test } from './fixtures';

test.describe('public pages on a phone in WeChat', () => {
  test('home shows the six tracks, the open poll and the open notice', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('六个十');
    for (const title of [
      '十大精品工种',
      '十大劳务品牌',
      '十所鉴定机构',
      '十场技能大赛',
      '十场招聘活动',
      '十个培训示范基地',
    ]) {
      await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
    }
    await expect(page.getByRole('link', { name: /十大精品工种公众评选/ })).toBeVisible();
    await expect(page.getByRole('link', { name: /培训示范基地拟命名名单的公示/ })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });

  test('a track page shows its stages and links to its poll', async ({ page }) => {
    await page.goto('/tracks/trades/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('十大精品工种');
    await expect(page.locator('.steps li')).toHaveCount(4);
    await expect(page.locator('.steps li.active')).toContainText('公众评选');
    await page.getByRole('link', { name: /十大精品工种公众评选/ }).click();
    await expect(page).toHaveURL(/\/polls\/trades-vote\/$/);
  });

  test('the poll page lists the 15 finalists and reads without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto('/polls/trades-vote/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('十大精品工种公众评选');
    await expect(page.locator('.finalists li')).toHaveCount(15);
    await expect(page.locator('.finalists li').first()).toContainText('焊工');
    await expect(page.getByText('投票中')).toBeVisible();
    await context.close();
  });

  test('the notice page shows the period, the items and how to object', async ({ page }) => {
    await page.goto('/notices/bases-publicity/');
    await expect(page.getByText('5个工作日')).toBeVisible();
    await expect(page.locator('tbody tr')).toHaveCount(10);
    await expect(page.getByRole('heading', { name: '对公示有异议？' })).toBeVisible();
  });

  test('directories and schedules come from the seed document', async ({ page }) => {
    await page.goto('/competitions/');
    await expect(page.locator('tbody').first().locator('tr')).toHaveCount(10);
    await expect(page.getByText('临汾市“桐封杯”焊接职业技能大赛')).toBeVisible();
    await page.goto('/recruitment/');
    await expect(page.locator('article.card')).toHaveCount(10);
    await page.goto('/institutions/');
    await expect(page.locator('tbody tr')).toHaveCount(DEMO_INSTITUTIONS.length);
    await expect(page.locator('tbody tr').first()).toContainText(DEMO_INSTITUTIONS[0].name);
  });

  test('an unknown poll address is a readable 404 page', async ({ page }) => {
    const res = await page.goto('/polls/no-such-poll/');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
  });
});

test.describe('the rules page on a 320 px phone', () => {
  test.use({ viewport: { width: 320, height: 700 } });

  test('does not scroll sideways: the record format and the hash formula wrap', async ({ page }) => {
    await page.goto('/rules/');
    await expect(page.getByRole('heading', { name: '公开选票记录与自行核对' })).toBeVisible();
    // The detection rules come from the deployment's settings, filled into the template.
    await expect(page.locator('dl dt').first()).toContainText('（');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    for (const pre of await page.locator('pre').all()) {
      expect(await pre.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
  });
});
