import * as OTPAuth from 'otpauth';
import type { APIRequestContext, Page } from '@playwright/test';
import { DOUYIN_UA, KUAISHOU_UA, WECHAT_UA } from '../setup/chromium';
import { expect, test } from './fixtures';
import { castBallot, voterToken } from './citizens';
import { createAccounts as createStaff } from './staff';

/**
 * Two rounds (年度评选) of the trades track end to end, in desktop Chromium: each round runs
 * county recommendation → expert review and shortlist → a poll with ballots → the decision → the
 * final list. The same trade (焊工) takes part in both years, chosen the first year and not the
 * second. The first round is driven through the API; the second is started in the admin UI
 * (preview of the annex's stages, then the confirmation dialog). Both final lists are public, and
 * the first year's pages (round page, poll, list, archive entries) read the same after the second
 * year as before it, apart from the links to the other year that the second round adds.
 */

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Rounds e2e horse battery 7';
/** Unique per run, so a reused server (E2E_REUSE=1) takes the test again. */
const RUN = Date.now().toString(36);
const ADMIN = `rounds-admin-${RUN}`;
const EXPERT = `rounds-expert-${RUN}`;

/** Counties that recommend trades (the city's own units have no trades quota). */
const COUNTIES = [
  'yaodu',
  'houma',
  'huozhou',
  'quwo',
  'yicheng',
  'xiangfen',
  'hongtong',
  'guxian',
  'anze',
  'fushan',
  'jixian',
  'xiangning',
  'daning',
  'xixian',
  'yonghe',
  'puxian',
  'fenxi',
];

interface Staff {
  api: APIRequestContext;
  csrf: string;
  origin: string;
}

/** The run's city admin and expert. */
const createAccounts = () =>
  createStaff(
    [
      { username: ADMIN, displayName: '年度测试管理员', role: 'city_admin', countyId: null },
      { username: EXPERT, displayName: '年度测试专家', role: 'expert', countyId: null },
    ],
    PASSWORD,
  );

/** Signs in through the API with password and a first TOTP enrolment; the cookie stays in `api`. */
async function signIn(api: APIRequestContext, origin: string, username: string): Promise<Staff> {
  // The admin pages' requests carry our Origin; a body-less POST without one counts as a form post.
  const start = await api.post('/api/admin/session', {
    data: { username, password: PASSWORD },
    headers: { Origin: origin },
  });
  expect(start.status(), await start.text()).toBe(200);
  const enrol = await api.post('/api/admin/session/totp/enrol', {
    headers: { 'X-CSRF-Token': (await start.json()).csrfToken, Origin: origin },
  });
  expect(enrol.status(), await enrol.text()).toBe(200);
  const totp = OTPAuth.URI.parse((await enrol.json()).uri) as OTPAuth.TOTP;
  const confirm = await api.post('/api/admin/session/totp/confirm', {
    data: { code: totp.generate() },
    headers: { 'X-CSRF-Token': (await start.json()).csrfToken, Origin: origin },
  });
  expect(confirm.status(), await confirm.text()).toBe(200);
  return { api, csrf: (await confirm.json()).csrfToken, origin };
}

/** A staff API call that must succeed; answers the body. */
async function call(s: Staff, method: 'GET' | 'POST', path: string, data?: unknown) {
  const res = await s.api.fetch(path, { method, data, headers: { 'X-CSRF-Token': s.csrf, Origin: s.origin } });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.status() === 204 ? null : res.json();
}

interface Plan {
  year: number;
  /** The trades the counties recommend, in county order (the first three become finalists). */
  trades: string[];
  /** Ballots as finalist names. */
  ballots: string[][];
  /** Who the decision selects (top 2 by votes: the poll weighs votes only). */
  selected: string[];
}

const slugs = (year: number) => ({
  poll: `trades-${year}-vote-${RUN}`,
  list: `trades-${year}-top-${RUN}`,
});

/**
 * Runs the current trades round from its first stage to its published final list: every county
 * recommends, the expert scores three, they are the shortlist, the poll takes the ballots, the
 * decision selects the top two, the list is published.
 */
async function runRound(admin: Staff, expert: Staff, voters: string[], plan: Plan) {
  const { poll, list } = slugs(plan.year);
  const t = '/api/admin/tracks/trades';
  await call(admin, 'POST', `${t}/stages/recommend/open`, {});
  for (const [i, countyId] of COUNTIES.entries())
    await call(admin, 'POST', `${t}/recommendations`, {
      countyId,
      candidate: {
        name: plan.trades[i % plan.trades.length] + (i < plan.trades.length ? '' : `（${countyId}）`),
        trainingSharePct: 40,
      },
    });
  await call(admin, 'POST', `${t}/stages/recommend/close`);
  await call(admin, 'POST', `${t}/stages/review/open`, { targetCount: 3 });
  const view = await call(admin, 'GET', t);
  const ids = new Map<string, number>(view.candidates.map((c: { id: number; name: string }) => [c.name, c.id]));
  const finalists = plan.trades.slice(0, 3).map((n) => ids.get(n)!);
  const me = await call(expert, 'GET', '/api/admin/session');
  await call(admin, 'POST', `${t}/experts`, { candidateIds: finalists, expertIds: [me.account.id] });
  for (const [i, id] of finalists.entries())
    await call(expert, 'POST', `/api/admin/candidates/${id}/score`, { score: 90 - i });
  await call(admin, 'POST', `${t}/shortlist`, { candidateIds: finalists });
  await call(admin, 'POST', `${t}/stages/review/close`);
  await call(admin, 'POST', `${t}/stages/vote/open`, {});
  await call(admin, 'POST', `${t}/poll`, {
    slug: poll,
    title: `${plan.year}年度十大精品工种公众评选（测试）`,
    opensAt: new Date().toISOString(),
    days: 15,
    maxChoices: 2,
    liveCounts: true,
    weights: { county: 0, expert: 0, vote: 100 },
  });
  for (const [i, names] of plan.ballots.entries())
    await castBallot(
      admin.api,
      poll,
      voters[i],
      names.map((n) => ids.get(n)!),
    );
  await call(admin, 'POST', `/api/admin/polls/${poll}/close`, { reason: '测试：投票已足够，提前截止。' });
  await call(admin, 'POST', `/api/admin/polls/${poll}/publish-results`);
  await call(admin, 'POST', `${t}/stages/vote/close`);
  await call(admin, 'POST', `${t}/stages/decide/open`, { targetCount: 2 });
  await call(admin, 'POST', `${t}/decision`, { mode: 'top_n' });
  await call(admin, 'POST', `${t}/final-list`, { slug: list, title: `${plan.year}年度十大精品工种名单（测试）` });
}

/** The main content of a page, without the links to other years that a later round adds. */
async function mainContent(page: Page, path: string, within = 'main'): Promise<string> {
  await page.goto(path);
  return page.locator(within).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.elsewhere').forEach((e) => e.remove());
    return copy.innerHTML;
  });
}

test('two rounds of trades: both final lists are public, the first year reads the same after the second', async ({
  page,
  playwright,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await createAccounts();
  const admin = await signIn(page.request, baseURL!, ADMIN);
  const expert = await signIn(await playwright.request.newContext({ baseURL }), baseURL!, EXPERT);

  // Whatever the seeded round is doing, it ends here: a new round starts only after it.
  const track = (await call(admin, 'GET', '/api/tracks/trades')).track;
  const seeded = track.round;
  if (seeded?.status === 'open') {
    for (const p of track.polls.filter((p: { status: string }) => p.status === 'open' || p.status === 'scheduled'))
      await call(admin, 'POST', `/api/admin/polls/${p.slug}/close`, { reason: '测试：结束演示年度。' });
    await call(admin, 'POST', `/api/admin/tracks/trades/rounds/${seeded.year}/close`, {
      reason: '测试：演示年度提前结束。',
    });
  }
  const first = Math.max(seeded?.year ?? 0, new Date().getFullYear()) + 1;
  const second = first + 1;
  // Both rounds start today: their working-day deadlines need this year's and next year's holidays.
  for (const y of [new Date().getFullYear(), new Date().getFullYear() + 1]) {
    const cal = await call(admin, 'GET', `/api/admin/calendar/${y}`);
    if (cal.status === null)
      await call(admin, 'POST', `/api/admin/calendar/${y}/confirm-plain`, { reason: '测试：按普通周计算。' });
  }

  // Numbers of this run (a reused server keeps the SMS cooldown of earlier runs' numbers).
  const prefix = `139${String(Date.now() % 1e7).padStart(7, '0')}`;
  const voters = await Promise.all([1, 2, 3].map((i) => voterToken(page.request, `${prefix}${i}`)));

  // Year one, through the API: 焊工 and 电工 are chosen.
  await call(admin, 'POST', '/api/admin/tracks/trades/rounds', { year: first });
  await runRound(admin, expert, voters, {
    year: first,
    trades: ['焊工', '电工', '面点师'],
    ballots: [['焊工', '电工'], ['焊工', '电工'], ['焊工']],
    selected: ['焊工', '电工'],
  });

  // The first year's pages as they read when it ended.
  const firstSlugs = slugs(first);
  const before = {
    round: await mainContent(page, `/tracks/trades/${first}/`),
    poll: await mainContent(page, `/polls/${firstSlugs.poll}/`),
    list: await mainContent(page, `/lists/${firstSlugs.list}/`),
    polls: await mainContent(page, '/polls/', `section:has(h2#y${first})`),
    lists: await mainContent(page, '/lists/', `section:has(h2#y${first})`),
  };
  expect(before.round).toContain('焊工');

  // Year two starts in the admin UI: the annex's stages with their dates, then the confirmation.
  await page.goto('/admin/tracks/?track=trades');
  const panel = page.getByRole('region', { name: '年度评选' });
  await expect(panel.getByText(/已完成/).first()).toBeVisible();
  await panel.getByLabel('年度', { exact: true }).fill(String(second));
  await expect(panel.getByLabel('评选名称')).toHaveValue(`${second}年度十大精品工种评选`);
  await panel.getByRole('button', { name: '预览环节和截止时间' }).click();
  const schedule = panel.getByRole('table', { name: '新年度的环节和截止时间' });
  await expect(schedule.getByRole('row')).toHaveCount(5);
  await expect(
    schedule.getByRole('row', { name: /^县级推荐 \d{4}-\d{2}-\d{2} \d{4}-\d{2}-\d{2} 24:00/ }),
  ).toBeVisible();
  await page.screenshot({ path: 'test-results/rounds/start-preview.png', fullPage: true });
  await panel.getByRole('button', { name: new RegExp(`开始${second}年度`) }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`确认开始${second}年度`) });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('不能撤销');
  await page.screenshot({ path: 'test-results/rounds/start-confirm.png' });
  await dialog.getByRole('button', { name: '确认开始' }).click();
  await expect(panel.getByText(`本年度：${second}年度十大精品工种评选`)).toBeVisible();
  await expect(panel.getByRole('link', { name: `${first}年度十大精品工种评选` })).toBeVisible();
  // Forms propose slugs with the new year (the poll and final-list forms show only in their stages, so the
  // notice form stands for them here).
  await page.goto('/admin/notices/');
  await expect(page.getByRole('region', { name: '新建公示草稿' }).getByLabel('网址标识')).toHaveValue(
    `trades-${second}-notice`,
  );

  // Year two: 焊工 comes back and is not chosen; 钳工 and 中式烹调师 are.
  await runRound(admin, expert, voters, {
    year: second,
    trades: ['焊工', '钳工', '中式烹调师'],
    ballots: [['钳工', '中式烹调师'], ['钳工', '中式烹调师'], ['钳工']],
    selected: ['钳工', '中式烹调师'],
  });

  // Both final lists are public, with their own selections.
  for (const [year, selected, not] of [
    [first, ['焊工', '电工'], '钳工'],
    [second, ['钳工', '中式烹调师'], '焊工'],
  ] as const) {
    await page.goto(`/lists/${slugs(year).list}/`);
    await expect(page.locator('ol.finalists > li')).toHaveCount(2);
    for (const name of selected) await expect(page.locator('ol.finalists')).toContainText(name);
    await expect(page.locator('ol.finalists')).not.toContainText(not);
  }

  // The first year reads as before; its round page now links 焊工's other year.
  const after = {
    round: await mainContent(page, `/tracks/trades/${first}/`),
    poll: await mainContent(page, `/polls/${firstSlugs.poll}/`),
    list: await mainContent(page, `/lists/${firstSlugs.list}/`),
    polls: await mainContent(page, '/polls/', `section:has(h2#y${first})`),
    lists: await mainContent(page, '/lists/', `section:has(h2#y${first})`),
  };
  expect(after).toEqual(before);
  await page.goto(`/tracks/trades/${first}/`);
  await expect(
    page.locator('.finalists li', { hasText: '焊工' }).getByRole('link', { name: `${second}年度` }),
  ).toBeVisible();

  // The track page: the current round, the earlier ones; the archives list both years, newest first.
  await page.goto('/tracks/trades/');
  await expect(page.getByRole('heading', { name: `${second}年度十大精品工种评选` })).toBeVisible();
  await expect(page.getByRole('link', { name: `${first}年度十大精品工种评选` })).toBeVisible();
  await page.goto('/lists/');
  const years = await page.locator('main section h2').allTextContents();
  expect(years.indexOf(`${second}年度`)).toBeLessThan(years.indexOf(`${first}年度`));

  // A citizen on a phone opens the decided poll of the first year: what it came to comes first (the results
  // and the final list, above the finalists), and the page and its widget point to the final list.
  for (const userAgent of [WECHAT_UA, DOUYIN_UA, KUAISHOU_UA])
    for (const width of [320, 390]) {
      const phone = await browser.newContext({ userAgent, viewport: { width, height: 780 }, isMobile: true });
      const citizen = await phone.newPage();
      await citizen.goto(`/polls/${firstSlugs.poll}/`);
      const main = citizen.locator('main');
      await expect(main.locator('.final-list a').first()).toHaveAttribute('href', `/lists/${firstSlugs.list}/`);
      const top = async (selector: string) => (await main.locator(selector).first().boundingBox())!.y;
      const finalists = await top('h2:text-is("入围名单（3）")');
      expect(await top('h2#results')).toBeLessThan(finalists);
      expect(await top('.final-list')).toBeLessThan(finalists);
      expect(await citizen.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await citizen.goto(`/embed/polls/${firstSlugs.poll}`);
      await expect(citizen.getByText('最终名单').first()).toBeVisible();
      await expect(citizen.locator(`a[href$="/lists/${firstSlugs.list}/"]`).first()).toBeVisible();
      await phone.close();
    }
});
