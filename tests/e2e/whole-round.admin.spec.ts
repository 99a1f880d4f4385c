import type { APIRequestContext, Browser, Locator, Page } from '@playwright/test';
import { PHONE_VIEWPORT, WECHAT_UA } from '../setup/chromium';
import { expectNoAxeViolations } from './admin-axe';
import { expect, test } from './fixtures';
import { castBallot, fileObjection, voterToken } from './citizens';
import { answerConfirm, createAccounts, draftNotice, firstSignIn, menu, sql } from './staff';

/**
 * One whole round of the brands track (十大劳务品牌) in the admin pages, by the people who run it, at
 * 1366×768: a city admin ends the seeded year and starts the next, opens each stage, enters paper
 * recommendations on counties' behalf, assigns the expert, builds the shortlist, creates and runs the
 * poll, has a quarantined ballot voided and another released by a second city admin, confirms the
 * decision, publishes the 公示, upholds a citizen's objection (which re-publishes the 公示 without the
 * item) and publishes the final list. A county officer recommends with the annex's criteria fields; an
 * expert scores 79.4. Every confirmation is accepted (one withdrawal is looked at and cancelled), and
 * each role's menu and dashboard are checked at the step where they matter.
 *
 * Only two things are not done in the pages: citizens' ballots go through the public API (the vote
 * page has its own specs), and the 公示 period is moved into the past in the database once the
 * objection is handled, standing for the five working days a test cannot wait.
 *
 * Screenshots of each dashboard and each confirmation go to test-results/walk/.
 */

test.describe.configure({ mode: 'serial' });
test.use({
  viewport: { width: 1366, height: 768 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  actionTimeout: 15_000,
});

const PASSWORD = 'Walk e2e lantern orchard 9';
/** Unique per run, so a reused server (E2E_REUSE=1) takes the test again. */
const RUN = Date.now().toString(36);
const ADMIN = `walk-admin-${RUN}`;
const ADMIN2 = `walk-admin2-${RUN}`;
const COUNTY = `walk-county-${RUN}`;
const EXPERT = `walk-expert-${RUN}`;

const dir = 'test-results/walk';
const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: `${dir}/${name}.png`, fullPage });
const accept = (page: Page, name: string, action?: RegExp | string) =>
  answerConfirm(page, `${dir}/${name}.png`, 'accept', action);

/** The seven plain counties, each of which must recommend at least one brand (annex 3). */
const PLAIN: [id: string, name: string, brand: string][] = [
  ['yaodu', '尧都区', '尧都面点师（测试）'],
  ['houma', '侯马市', '侯马机电工（测试）'],
  ['huozhou', '霍州市', '霍州月嫂（测试）'],
  ['quwo', '曲沃县', '曲沃编织工（测试）'],
  ['yicheng', '翼城县', '翼城护工（测试）'],
  ['xiangfen', '襄汾县', '襄汾砌筑工（测试）'],
  ['hongtong', '洪洞县', '洪洞家政（测试）'],
];
const brand = (id: string) => PLAIN.find((p) => p[0] === id)![2];
/** The expert's scores: yaodu's is typed with one decimal, as the annex's forms allow two. */
const SCORES: [id: string, score: string][] = [
  ['yaodu', '79.4'],
  ['houma', '88'],
  ['huozhou', '84.5'],
  ['quwo', '70.25'],
];

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const chinaDay = (offset: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** A signed-in staff member in their own browser window. */
async function staffWindow(browser: Browser, baseURL: string, username: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await firstSignIn(page, username, PASSWORD);
  return page;
}

/** A ballot from `phone`, through the real SMS flow (console provider) and the public API. */
const vote = async (api: APIRequestContext, slug: string, phone: string, choices: number[]) =>
  castBallot(api, slug, await voterToken(api, phone), choices);

/**
 * Fills a brands recommendation form (本县推荐 or 代县录入) with the name and the annex's three criteria,
 * submits it, and checks it went through and the form is empty again for the next one.
 */
async function recommendBrand(
  form: Locator,
  name: string,
  criteria: { trained: string; employment: string; since: string },
) {
  await form.getByLabel('推荐名称').fill(name);
  await form.getByLabel('2018至2019年通过品牌培训人数').fill(criteria.trained);
  await form.getByLabel('就业率（%）').fill(criteria.employment);
  await form.getByLabel('开始培育创建的日期').fill(criteria.since);
  await form.getByRole('button', { name: '提交推荐' }).click();
  await expect(form.getByText('推荐已提交。')).toBeVisible();
  await expect(form.getByLabel('推荐名称')).toHaveValue('');
}

/** Closes the running stage (accepting its confirmation) and opens the next with an optional last day. */
async function nextStage(page: Page, closing: string, opening: string, lastDay: string | null, name: string) {
  await page.getByRole('button', { name: `关闭“${closing}”` }).click();
  await accept(page, name);
  await expect(page.getByText(`“${closing}”环节已关闭。`)).toBeVisible();
  const deadline = page.getByLabel(`“${opening}”截止日期（当天24:00截止）`);
  if (lastDay) await deadline.fill(lastDay);
  await page.getByRole('button', { name: `开启“${opening}”` }).click();
  await expect(page.getByText(`“${opening}”环节已开启。`)).toBeVisible();
}

test('a whole brands round, run in the admin pages by a county officer, an expert and two city admins', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(420_000);
  await createAccounts(
    [
      { username: ADMIN, displayName: '全流程测试管理员', role: 'city_admin', countyId: null },
      { username: ADMIN2, displayName: '全流程测试复核员', role: 'city_admin', countyId: null },
      { username: COUNTY, displayName: '尧都区人社局（测试）', role: 'county_officer', countyId: 'yaodu' },
      { username: EXPERT, displayName: '全流程测试专家', role: 'expert', countyId: null },
    ],
    PASSWORD,
  );

  // ── The city admin signs in: every menu item, the six tracks, what waits.
  await firstSignIn(page, ADMIN, PASSWORD);
  await expect(menu(page)).toHaveText(['工作台', '赛道管理', '公示管理', '节假日', '选票复核', '审计日志', '账号管理']);
  await expect(page.getByRole('region', { name: '六个赛道' }).getByRole('article')).toHaveCount(6);
  await expect(page.getByTestId('todo').getByRole('heading', { name: '待办事项' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /今日短信用量/ })).toBeVisible();
  // Working days of the deadlines below reach into next year in late December.
  const { csrfToken } = await (await page.request.get('/api/admin/session')).json();
  const headers = { 'X-CSRF-Token': csrfToken, Origin: baseURL! };
  for (const y of [Number(chinaToday().slice(0, 4)), Number(chinaToday().slice(0, 4)) + 1]) {
    const cal = await (await page.request.get(`/api/admin/calendar/${y}`)).json();
    if (cal.status === null)
      await page.request.post(`/api/admin/calendar/${y}/confirm-plain`, {
        headers,
        data: { reason: '测试：按普通周计算。' },
      });
  }

  // ── The seeded year ends early (its poll has not opened), and the next starts from today.
  await page.goto('/admin/tracks/?track=brands');
  const rounds = page.getByRole('region', { name: '年度评选' });
  const seeded = (await (await page.request.get('/api/tracks/brands')).json()).track.round;
  if (seeded?.status === 'open') {
    // Its poll has not opened: it is ended first, or it would take ballots into a closed year.
    const scheduled = page.locator('[data-poll="brands-vote"]');
    if ((await scheduled.locator('.status').textContent()) === '未开始') {
      await scheduled.getByLabel(/原因/).fill('测试：本年度评选提前结束，投票不再举行。');
      await scheduled.getByRole('button', { name: '提前截止投票' }).click();
      await expect(page.getByRole('dialog')).toContainText('投票尚未开始，将就此结束，不会再开放投票。');
      await accept(page, 'confirm-end-scheduled-poll', '确认提前截止');
      await expect(scheduled.locator('.status')).toHaveText('已截止');
    }
    await rounds.getByText('提前结束本年度评选', { exact: true }).click();
    await rounds.getByLabel('原因（将在年度页面公开）').fill('测试：演示年度提前结束，开始新一年度。');
    await rounds.getByRole('button', { name: '提前结束本年度评选……' }).click();
    await accept(page, 'confirm-close-round', '确认提前结束');
    await expect(rounds.getByText('本年度评选已提前结束')).toBeVisible();
    // Guided: the closed year offers no stage to open, only a new year.
    await expect(page.getByTestId('next-step')).toContainText(
      '已提前结束，不再办理；下一步：在“年度评选”中开始下一年度评选。',
    );
    await expect(page.getByTestId('open-stage')).toHaveCount(0);
  }
  const year = (seeded?.year ?? Number(chinaToday().slice(0, 4)) - 1) + 1;
  const title = `${year}年度十大劳务品牌评选`;
  await expect(rounds.getByLabel('年度', { exact: true })).toHaveValue(String(year));
  await rounds.getByRole('button', { name: '预览环节和截止时间' }).click();
  await expect(rounds.getByRole('table', { name: '新年度的环节和截止时间' }).getByRole('row')).toHaveCount(6);
  await rounds.getByRole('button', { name: `开始${title}……` }).click();
  await accept(page, 'confirm-start-round', '确认开始');
  await expect(rounds.getByText(`本年度：${title}`)).toBeVisible();

  // ── Stages one and two: 发掘培育 closes, 推荐选送 opens until a week from today.
  // Only what is valid now: no poll, decision or final-list forms before their stages.
  await expect(page.getByRole('region', { name: '发布最终名单' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: '综合评定' })).toHaveCount(0);
  await expect(page.getByText('从入围名单创建投票')).toHaveCount(0);
  await expect(page.getByTestId('next-step')).toHaveText('下一步：开启“发掘培育”环节。');
  await page.getByRole('button', { name: '开启“发掘培育”' }).click();
  await expect(page.getByText('“发掘培育”环节已开启。')).toBeVisible();
  await nextStage(page, '发掘培育', '推荐选送', chinaDay(7), 'confirm-close-stage');
  await expect(page.getByTestId('stage-deadline')).toContainText('“推荐选送”环节截止');
  await expectNoAxeViolations(page, 'brands track, recommendation stage (city admin)');
  await shot(page, 'track-recommend-city-admin');

  // The dashboard names every plain county that has not recommended, linked to the progress table.
  await page.goto('/admin/dashboard/');
  const missing = page.getByTestId('todo').getByRole('link', { name: /尚未推荐的县（市、区）7 个：尧都区、侯马市/ });
  await expect(missing).toHaveAttribute('href', '/admin/tracks/?track=brands#progress');
  await expect(page.getByRole('article', { name: '十大劳务品牌' })).toContainText(title);
  await expect(page.getByRole('article', { name: '十大劳务品牌' }).getByText(/当前环节：推荐选送/)).toBeVisible();
  await expectNoAxeViolations(page, 'dashboard (city admin, recommendation)');
  await shot(page, 'dash-city-admin-recommend');

  // ── The county officer: their own menu, their county's task with its deadline, the criteria fields.
  const county = await staffWindow(browser, baseURL!, COUNTY);
  await expect(menu(county)).toHaveText(['工作台', '赛道管理', '账号管理']);
  await expect(county.getByTestId('todo')).toHaveCount(0);
  await expect(county.getByTestId('running-poll')).toHaveCount(0);
  await expect(county.getByRole('heading', { name: /今日短信用量/ })).toHaveCount(0);
  await expect(county.getByRole('heading', { name: '本县待办（尧都区）' })).toBeVisible();
  const task = county.getByTestId('county-tasks').getByRole('row', { name: /十大劳务品牌/ });
  await expect(task).toContainText('推荐选送');
  await expect(task).toContainText(/截止 \d{4}年\d{1,2}月\d{1,2}日 24:00（还剩 \d+ 个工作日）/);
  await expect(task).toContainText('0 / 1–5');
  await expectNoAxeViolations(county, 'dashboard (county officer)');
  await shot(county, 'dash-county-officer');
  await task.getByRole('link', { name: '去推荐' }).click();
  const own = county.getByRole('region', { name: '本县推荐' });
  for (const threshold of ['要求：应在1000人以上', '要求：应达到30%以上', '要求：培育创建应至少1年以上'])
    await expect(own.getByText(threshold)).toBeVisible();
  await expect(county.getByRole('link', { name: /CSV/ })).toHaveCount(0);
  await expect(county.getByRole('alert')).toHaveCount(0);
  await own.getByLabel('推荐理由').fill('面点培训连续三年输出本地务工人员，就业稳定。（测试）');
  await recommendBrand(own, brand('yaodu'), { trained: '1260', employment: '62.5', since: '2018-03-01' });
  await expectNoAxeViolations(county, 'brands track (county officer)');
  await shot(county, 'track-recommend-county-officer');
  await county.goto('/admin/dashboard/');
  await expect(county.getByTestId('county-tasks').getByRole('row', { name: /十大劳务品牌/ })).toContainText('1 / 1–5');

  // ── The city admin enters the six other plain counties' paper submissions on their behalf.
  await page.goto('/admin/tracks/?track=brands');
  const onBehalf = page.getByRole('region', { name: '代县（市、区）录入推荐' });
  for (const [, name, candidate] of PLAIN.slice(1)) {
    await onBehalf.getByLabel('推荐的县（市、区）').selectOption({ label: name });
    await recommendBrand(onBehalf, candidate, { trained: '1500', employment: '48', since: '2019-05-01' });
  }
  await expect(page.getByRole('region', { name: /候选（7）/ })).toBeVisible();
  await page.goto('/admin/dashboard/');
  await expect(page.getByTestId('todo').getByRole('link', { name: /尚未推荐的县/ })).toHaveCount(0);
  // The audit log says the entries were made on the counties' behalf, in Chinese.
  await page.goto('/admin/audit/');
  await expect(page.getByText(/市级管理员代侯马市录入（纸质材料）/).first()).toBeVisible();

  // ── 第三方评审: the expert is assigned four candidates.
  await page.goto('/admin/tracks/?track=brands');
  await nextStage(page, '推荐选送', '第三方评审', chinaDay(14), 'confirm-close-recommend');
  const assign = page.getByRole('region', { name: '分配评审专家' });
  for (const [id] of SCORES) await assign.getByRole('checkbox', { name: brand(id) }).check();
  await assign.getByRole('checkbox', { name: new RegExp(EXPERT) }).check();
  await assign.getByRole('button', { name: '分配' }).click();
  await expect(assign.getByText('专家已分配。')).toBeVisible();
  await page.goto('/admin/dashboard/');
  await expect(page.getByTestId('todo').getByRole('link', { name: '专家评分 0 / 4' })).toHaveAttribute(
    'href',
    '/admin/tracks/?track=brands#score-title',
  );

  // ── The expert: their own menu, the four assignments, an empty score refused, 79.4 kept as typed.
  const expert = await staffWindow(browser, baseURL!, EXPERT);
  await expect(menu(expert)).toHaveText(['工作台', '赛道管理', '账号管理']);
  await expect(expert.getByTestId('todo')).toHaveCount(0);
  const mine = expert.getByTestId('expert-tasks');
  await expect(mine).toContainText('分配给您的候选 4 项，尚未评分 4 项。');
  await expectNoAxeViolations(expert, 'dashboard (expert)');
  await shot(expert, 'dash-expert');
  await mine
    .getByRole('row', { name: new RegExp(brand('yaodu')) })
    .getByRole('link', { name: '去评分' })
    .click();
  const scoreForm = expert.getByRole('region', { name: '专家评分' });
  await scoreForm.getByLabel('候选').selectOption({ label: brand('yaodu') });
  await scoreForm.getByRole('button', { name: '保存评分' }).click();
  await expect(scoreForm.locator('.field-error', { hasText: '请填写评分' })).toBeVisible();
  for (const [id, score] of SCORES) {
    await scoreForm.getByLabel('候选').selectOption({ label: brand(id) });
    await scoreForm.getByLabel(/评分（0–100）/).fill(score);
    await scoreForm.getByRole('button', { name: '保存评分' }).click();
    await expect(scoreForm.getByText('评分已保存。')).toBeVisible();
    await expect(scoreForm.getByLabel(/评分（0–100）/)).toHaveValue('');
  }
  await expectNoAxeViolations(expert, 'brands track (expert)');
  await expert.goto('/admin/dashboard/');
  await expect(mine).toContainText('尚未评分 0 项');
  await expect(mine.getByRole('row', { name: new RegExp(brand('yaodu')) })).toContainText('79.40');
  await shot(expert, 'dash-expert-done');

  // ── The shortlist, picked from the candidates sorted by the expert's score, with the scores shown.
  await page.goto('/admin/dashboard/');
  await expect(page.getByTestId('todo').getByRole('link', { name: '专家评分 4 / 4' })).toBeVisible();
  await page.goto('/admin/tracks/?track=brands');
  const shortlist = page.getByRole('region', { name: '入围名单' });
  await expect(shortlist.getByRole('checkbox')).toHaveCount(7);
  expect((await shortlist.locator('label.check').allInnerTexts()).slice(0, 4)).toEqual([
    `${brand('houma')}（专家评分 88.00）`,
    `${brand('huozhou')}（专家评分 84.50）`,
    `${brand('yaodu')}（专家评分 79.40）`,
    `${brand('quwo')}（专家评分 70.25）`,
  ]);
  for (const [id] of SCORES) await shortlist.getByRole('checkbox', { name: new RegExp(brand(id)) }).check();
  await shortlist.getByRole('button', { name: '保存入围名单' }).click();
  await expect(shortlist.getByText('入围名单已保存。')).toBeVisible();
  await nextStage(page, '第三方评审', '网络投票和公示', null, 'confirm-close-review');

  // ── The poll opens now (today and the current minute are allowed) with three choices a ballot.
  await page.getByText('从入围名单创建投票').click();
  const create = page.locator('details', { hasText: '从入围名单创建投票' });
  await expect(create.getByLabel('网址标识')).toHaveValue(`brands-${year}-vote`);
  const pollSlug = `brands-${year}-vote`;
  // It proposes a start later today; an empty form is refused field by field in plain Chinese.
  await expect(create.getByLabel('开始日期')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  expect((await create.getByLabel('开始日期').inputValue()) >= chinaToday()).toBe(true);
  await expect(create.getByLabel('开始时刻')).toHaveValue(/^\d{2}:\d{2}$/);
  await create.getByRole('button', { name: '创建投票' }).click();
  await expect(create.locator('.field-error', { hasText: '请填写标题' })).toBeVisible();
  await expect(create.getByText('请求格式不正确')).toHaveCount(0);
  await expectNoAxeViolations(page, 'create poll refused');
  await shot(page, 'create-poll-refused');
  await create.getByLabel('投票标题').fill(`${year}年度十大劳务品牌网络投票（测试）`);
  await create.getByLabel('每票最多可选').fill('3');
  // The server takes a start up to a minute back: type this minute, not one about to end.
  if (new Date().getSeconds() > 30) await page.waitForTimeout((61 - new Date().getSeconds()) * 1000);
  const now = new Date(Date.now() + 8 * 3_600_000).toISOString();
  await create.getByLabel('开始日期').fill(now.slice(0, 10));
  await create.getByLabel('开始时刻').fill(now.slice(11, 16));
  await create.getByRole('button', { name: '创建投票' }).click();
  await expect(page.getByText('投票已创建。')).toBeVisible();
  const poll = page.locator(`[data-poll="${pollSlug}"]`);
  await expect(poll.locator('.status')).toHaveText('投票中');

  // Citizens vote (through the public API); two ballots from virtual-operator numbers are quarantined.
  const { poll: open } = await (await page.request.get(`/api/polls/${pollSlug}`)).json();
  const id = (key: string) => open.candidates.find((c: { name: string }) => c.name === brand(key)).id as number;
  const prefix = `139${String(Date.now() % 1e7).padStart(7, '0')}`.slice(0, 10);
  const ballots: string[][] = [['houma', 'huozhou', 'yaodu'], ['houma', 'yaodu'], ['huozhou', 'houma'], ['quwo']];
  for (const [i, keys] of ballots.entries()) await vote(page.request, pollSlug, `${prefix}${i}`, keys.map(id));
  const virtual = `170${String(Date.now() % 1e7).padStart(7, '0')}`.slice(0, 10);
  await vote(page.request, pollSlug, `${virtual}1`, [id('quwo')]);

  // The dashboard shows the running poll and the ballot waiting for review.
  await page.goto('/admin/dashboard/');
  const running = page.getByTestId('running-poll').filter({ hasText: '十大劳务品牌网络投票' });
  await expect(running.getByText('已投选票')).toBeVisible();
  await expect(running.getByRole('img', { name: /每小时投票数/ })).toBeVisible();
  const waiting = page.getByTestId('todo').getByRole('link', { name: /十大劳务品牌网络投票（测试）》待复核选票 1 张/ });
  await expect(waiting).toHaveAttribute('href', `/admin/ballots/?poll=${pollSlug}`);
  await expectNoAxeViolations(page, 'dashboard (city admin, poll running)');
  await shot(page, 'dash-city-admin-poll');

  // ── Quarantine: one city admin proposes voiding, a second confirms; then a release the same way.
  await waiting.click();
  let group = page.getByRole('article', { name: /虚拟运营商和物联网号段/ });
  await group.getByLabel(/理由/).fill('同一时段虚拟号段集中投票，核实无法联系（测试）');
  await group.getByRole('button', { name: '提议作废' }).click();
  await accept(page, 'confirm-propose-void', '确认提议作废');
  await expect(group.getByText('您是提议人，须由另一位市级管理员确认。')).toBeVisible();
  const second = await staffWindow(browser, baseURL!, ADMIN2);
  const proposal = second.getByTestId('todo').getByRole('link', { name: /作废提议 1 张，待另一位市级管理员确认/ });
  await expect(proposal).toBeVisible();
  await shot(second, 'dash-second-city-admin');
  await proposal.click();
  group = second.getByRole('article', { name: /虚拟运营商和物联网号段/ });
  // Names, not codes: who proposed it and what the ballot chose.
  await expect(group).toContainText('提议人：全流程测试管理员');
  await expect(group.getByRole('definition').filter({ hasText: brand('quwo') })).toBeVisible();
  await group.getByLabel(/理由/).fill('复核同意作废（测试）');
  await group.getByRole('button', { name: '确认作废' }).click();
  await accept(second, 'confirm-void', '确认作废');
  // The group leaves the review once voided.
  await expect(second.getByText('没有待复核的选票。')).toBeVisible();
  await vote(page.request, pollSlug, `${virtual}2`, [id('yaodu')]);
  await page.reload();
  group = page.getByRole('article', { name: /虚拟运营商和物联网号段/ });
  await group.getByLabel(/理由/).fill('电话回访确认为本地真实用户（测试）');
  await group.getByRole('button', { name: '提议恢复计入' }).click();
  await accept(page, 'confirm-propose-release', '确认提议');
  await second.reload();
  group = second.getByRole('article', { name: /虚拟运营商和物联网号段/ });
  await group.getByLabel(/理由/).fill('复核同意恢复计入（测试）');
  await group.getByRole('button', { name: '确认恢复计入' }).click();
  await accept(second, 'confirm-release', '确认恢复计入');
  await expect(second.getByText('没有待复核的选票。')).toBeVisible();
  await expectNoAxeViolations(second, 'ballots (second city admin)');
  await second.context().close();

  // ── The poll is extended, then closed early, and its results are published.
  await page.goto('/admin/tracks/?track=brands');
  await poll.getByLabel(/原因/).fill('测试：投票延长三天，便于山区县群众参与。');
  await poll.getByLabel('延期至（最后一天）').fill(chinaDay(17));
  await poll.getByRole('button', { name: '延期' }).click();
  await accept(page, 'confirm-extend-poll', '确认延期');
  await expect(page.getByText('投票已延期。')).toBeVisible();
  await poll.getByLabel(/原因/).fill('测试：入围品牌票数差距已稳定，提前截止。');
  await poll.getByRole('button', { name: '提前截止投票' }).click();
  await accept(page, 'confirm-close-poll', '确认提前截止');
  await expect(page.getByText('投票已提前截止。')).toBeVisible();
  await poll.getByRole('button', { name: '公布投票结果' }).click();
  await accept(page, 'confirm-publish-results', '确认公布结果');
  await expect(poll.locator('.status')).toHaveText('结果已公布');

  // ── The decision: the annex names no number, the admin takes three; the three are marked first.
  const decision = page.getByRole('region', { name: '综合评定' });
  await expect(decision.getByRole('row')).toHaveCount(5);
  await decision.getByLabel('确定数量').fill('3');
  await expect(decision.getByText('拟入选', { exact: true })).toHaveCount(3);
  await expectNoAxeViolations(page, 'decision');
  await decision.getByRole('button', { name: '确认前 3 名' }).click();
  await accept(page, 'confirm-decision', '确认前 3 名');
  await expect(decision.getByText('入选', { exact: true })).toHaveCount(3);
  const chosen = (await decision.locator('tr.selected td:nth-child(2)').allInnerTexts()).map((s) => s.trim());
  expect(chosen).toHaveLength(3);

  // ── The 公示 from the decision: drafted, previewed and edited, published.
  await page.getByRole('link', { name: '公示管理' }).click();
  const draft = page.getByRole('region', { name: '新建公示草稿' });
  await draft.getByLabel('赛道').selectOption('brands');
  await draft.getByLabel('公示内容来源').selectOption('decision');
  await expect(draft.getByLabel('网址标识')).toHaveValue(`brands-${year}-notice`);
  const noticeTitle = `关于${year}年度“临汾技工”十大劳务品牌拟入选名单的公示（测试）`;
  const detail = await draftNotice(page, noticeTitle, '经县级推荐、第三方评审和网络投票，拟入选名单公示如下。（测试）');
  for (const name of chosen) await expect(detail.getByRole('cell', { name }).first()).toBeVisible();
  await detail.getByRole('button', { name: '发布公示' }).click();
  await accept(page, 'confirm-publish-notice', '确认发布');
  await expect(page.getByText('已发布，公示期已计算并保存。')).toBeVisible();
  // Withdrawing asks first, saying what cannot be undone; looked at and cancelled.
  await detail.getByLabel('撤回理由（公开显示）').fill('测试：仅查看撤回确认。');
  await detail.getByRole('button', { name: '撤回公示' }).click();
  await answerConfirm(page, `${dir}/confirm-withdraw-notice.png`, 'cancel');
  await expect(detail.getByRole('button', { name: '撤回公示' })).toBeVisible();
  const noticeSlug = `brands-${year}-notice`;

  // ── A citizen on a phone in WeChat objects to one item of the 公示.
  const removed = chosen[2];
  const phone = await browser.newContext({
    viewport: PHONE_VIEWPORT,
    userAgent: WECHAT_UA,
    isMobile: true,
    hasTouch: true,
    baseURL,
  });
  const citizen = await phone.newPage();
  await citizen.goto(`/notices/${noticeSlug}/`);
  const objector = `138${String(Date.now() % 1e7).padStart(7, '0')}`.slice(0, 10) + '5';
  const trackingNo = await fileObjection(citizen, {
    name: '李测试',
    phone: objector,
    item: removed,
    content: '该品牌2018至2019年培训人数与申报材料不符，请核实。（测试）',
  });

  // ── The dashboard shows it waiting; the city admin takes it, answers and upholds it, removing the item.
  await page.goto('/admin/dashboard/');
  const objection = page.getByTestId('todo').getByRole('link', { name: '待处理异议 1 件' });
  await expect(objection).toHaveAttribute('href', `/admin/notices/?notice=${noticeSlug}`);
  await shot(page, 'dash-city-admin-objection');
  await objection.click();
  const card = page.getByRole('article', { name: `异议 ${trackingNo}` });
  await expect(card.getByText('李测试')).toBeVisible();
  // Nothing arrives ticked for removal.
  for (const box of await card.getByRole('checkbox').all()) await expect(box).not.toBeChecked();
  await card.getByRole('button', { name: '接手核查' }).click();
  await expect(card.getByText('核查中')).toBeVisible();
  await card.getByLabel(/答复/).fill('经核查，该品牌培训人数台账不全，异议成立，从公示中移除。（测试）');
  await card.getByRole('checkbox', { name: removed }).check();
  await card.getByRole('button', { name: '异议成立' }).click();
  await expect(page.getByRole('dialog').getByText(`从公示中移除：${removed}，并重新发布公示。`)).toBeVisible();
  await accept(page, 'confirm-uphold-objection', '确认异议成立');
  await expect(page.getByText('异议成立，已移除所选项目并重新发布公示。')).toBeVisible();
  await citizen.goto(`/objections/${trackingNo}/`);
  await expect(citizen.getByText('异议成立', { exact: true })).toBeVisible();
  await phone.close();

  // While the re-published 公示 runs, the list waits and the page says why.
  await page.goto('/admin/tracks/?track=brands');
  await page.getByRole('button', { name: '关闭“网络投票和公示”' }).click();
  await accept(page, 'confirm-close-vote-stage-refused');
  await expect(page.getByRole('alert').filter({ hasText: /公示期至.*结束/ })).toBeVisible();

  // Five working days pass (moved into the past in the database: a test cannot wait them out).
  sql(
    `UPDATE notices SET published_on = '${chinaDay(-9)}', starts_on = '${chinaDay(-8)}', ends_on = '${chinaDay(-1)}' WHERE track_key = 'brands' AND is_draft = 0 AND round_id = (SELECT id FROM rounds WHERE track_key = 'brands' AND year = ${year})`,
  );

  // ── The 公示 has ended: the stage closes, 命名授予 opens, the final list follows the re-published 公示.
  await page.reload();
  await nextStage(page, '网络投票和公示', '命名授予', null, 'confirm-close-vote-stage');
  const final = page.getByRole('region', { name: '发布最终名单' });
  await expect(final.locator('[data-publicity="follows"] a')).toHaveAttribute('href', `/notices/${noticeSlug}-r2/`);
  await expect(final.getByLabel(/网址标识/)).toHaveValue(`brands-${year}-list`);
  await final.getByLabel('标题').fill(`${year}年度“临汾技工”十大劳务品牌名单（测试）`);
  await expectNoAxeViolations(page, 'final list form');
  await final.getByRole('button', { name: '发布最终名单' }).click();
  await accept(page, 'confirm-final-list', '确认发布');
  await expect(final.getByText('最终名单已发布。')).toBeVisible();

  // The round has finished; the list has the two chosen that no objection removed.
  await expect(rounds.getByText('本年度评选已完成')).toBeVisible();
  await page.goto(`/lists/brands-${year}-list/`);
  await expect(page.locator('ol.finalists > li')).toHaveCount(2);
  for (const name of chosen.slice(0, 2)) await expect(page.locator('ol.finalists')).toContainText(name);
  await expect(page.locator('ol.finalists')).not.toContainText(removed);

  // ── Each role's dashboard after the round: the city's shows it finished, the county and expert have nothing open.
  await page.goto('/admin/dashboard/');
  await expect(page.getByRole('article', { name: '十大劳务品牌' })).toContainText(`${title}（已完成）`);
  await expect(page.getByTestId('todo').getByText('十大劳务品牌')).toHaveCount(0);
  await expectNoAxeViolations(page, 'dashboard (city admin, round finished)');
  await shot(page, 'dash-city-admin-finished');
  await county.goto('/admin/dashboard/');
  await expect(county.getByTestId('county-tasks')).toContainText('目前没有需要本县办理的推荐或申报。');
  await shot(county, 'dash-county-officer-finished');
  await county.context().close();
  await expert.context().close();
});
