/**
 * Public pages filled from D1 per request (see docs/architecture.md): addresses of polls and
 * notices created after a deploy work at once and read without JavaScript.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { ReceiptParam, SlugParam } from '../../contracts/api';
import { findBallotByReceipt } from '../../db/queries/ballots';
import { TrackKey } from '../../contracts/enums';
import * as content from '../../db/queries/content';
import { findNotice, listNotices, noticeItemsOf } from '../../db/queries/notices';
import { findPoll, listPolls, listPollsOfTrack, pollFinalists, pollTallies } from '../../db/queries/polls';
import type { AppEnv } from '../context';
import { publicCaptcha } from '../services/captcha-config';
import { toNotice, toNoticeSummary } from '../services/notices';
import { countsVisible, pollResults, toPollDetail, toPollSummary } from '../services/polls';
import { renderPage } from './render';
import * as views from './views';

const str = async (h: ReturnType<typeof views.homeView>) => (await h).toString();

function notFoundPage(c: Context<AppEnv>) {
  return renderPage(c, {
    title: '页面不存在',
    status: 404,
    main: '<h1>页面不存在</h1><p>您访问的内容不存在或已下线。请返回<a href="/">首页</a>查看正在进行的投票和公示。</p>',
  });
}

export const pages = new Hono<AppEnv>()
  .get('/', async (c) => {
    const db = c.var.db;
    const now = c.var.now();
    const [tracks, stages, polls, notices, lists] = await Promise.all([
      content.listTracks(db),
      content.listStages(db),
      listPolls(db),
      listNotices(db),
      content.listFinalLists(db),
    ]);
    const main = await str(
      views.homeView({
        tracks: tracks.map((t) => ({ ...t, stages: stages.filter((s) => s.trackKey === t.key) })),
        polls: polls.map((p) => toPollSummary(p, now)),
        notices: notices.map((n) => toNoticeSummary(n, now)),
        lists,
      }),
    );
    return renderPage(c, {
      title: '首页',
      nav: 'home',
      main,
      description: '临汾市“六个十”工程公开投票、公示与名单发布',
    });
  })
  .get('/tracks/:track/', async (c) => {
    const parsed = TrackKey.safeParse(c.req.param('track'));
    if (!parsed.success) return notFoundPage(c);
    const key = parsed.data;
    const db = c.var.db;
    const now = c.var.now();
    const track = await content.findTrack(db, key);
    if (!track) return notFoundPage(c);
    const [stages, polls, notices, lists] = await Promise.all([
      content.listStages(db),
      listPollsOfTrack(db, key),
      listNotices(db, key),
      content.listFinalLists(db, key),
    ]);
    let extra: Awaited<ReturnType<typeof views.homeView>> | string = '';
    if (key === 'brands') extra = await views.brandsExtra(await content.listNamedBrands(db));
    if (key === 'competitions')
      extra = await views.competitionsView({
        competitions: await content.listCompetitions(db),
        awards: await content.listAwardRules(db),
      });
    if (key === 'recruitment') extra = await views.recruitmentView(await content.listRecruitment(db));
    if (key === 'institutions') extra = await views.institutionsView(await content.listInstitutions(db));
    const main = await str(
      views.trackView({
        track,
        stages: stages.filter((s) => s.trackKey === key),
        polls: polls.map((p) => toPollSummary(p, now)),
        notices: notices.map((n) => toNoticeSummary(n, now)),
        lists,
        extra,
      }),
    );
    return renderPage(c, { title: track.title, main, description: track.summary });
  })
  .get('/polls/:slug/', async (c) => {
    const slug = SlugParam.safeParse(c.req.param());
    const poll = slug.success ? await findPoll(c.var.db, slug.data.slug) : undefined;
    if (!poll) return notFoundPage(c);
    const now = c.var.now();
    const detail = toPollDetail(poll, await pollFinalists(c.var.db, poll.id), now);
    // Counts are read only when visible, so an embargoed page cannot leak one.
    const results = countsVisible(poll)
      ? await str(views.resultsView(pollResults(poll, await pollTallies(c.var.db, poll.id), now)))
      : '';
    return renderPage(c, {
      template: 'poll',
      title: detail.title,
      description: `${detail.title}：${detail.candidates.length}个入围项目，每人最多选${detail.maxChoices}项。`,
      main: await str(views.pollView(detail)),
      after: results,
      data: { poll: detail, captcha: publicCaptcha(c.var.config) },
    });
  })
  .get('/receipts/', (c) => {
    const code = (c.req.query('code') ?? '').trim().toUpperCase();
    if (code) return c.redirect(`/receipts/${encodeURIComponent(code)}/`, 303);
    return renderPage(c, {
      title: '查询选票',
      main: views.receiptLookupView(''),
      description: '凭回执码查询选票是否计入',
    });
  })
  .get('/receipts/:receipt/', async (c) => {
    const parsed = ReceiptParam.safeParse(c.req.param());
    const ballot = parsed.success ? await findBallotByReceipt(c.var.db, parsed.data.receipt) : undefined;
    if (!ballot) {
      return renderPage(c, {
        title: '查询选票',
        status: 404,
        main: views.receiptLookupView('找不到该回执码，请检查是否输入正确。'),
        cache: 'no-store',
      });
    }
    const poll = (await findPoll(c.var.db, ballot.pollSlug))!;
    const names = new Map((await pollFinalists(c.var.db, poll.id)).map((f) => [f.id, f.name]));
    // A ballot's status can change on review: never serve it from a cache.
    return renderPage(c, {
      title: '选票查询结果',
      main: await str(views.receiptView(ballot, poll, names)),
      cache: 'no-store',
    });
  })
  .get('/notices/:slug/', async (c) => {
    const slug = SlugParam.safeParse(c.req.param());
    const notice = slug.success ? await findNotice(c.var.db, slug.data.slug) : undefined;
    if (!notice) return notFoundPage(c);
    const view = toNotice(notice, await noticeItemsOf(c.var.db, notice.id), c.var.now());
    return renderPage(c, {
      title: view.title,
      main: await str(views.noticeView(view)),
      description: view.title,
    });
  })
  .get('/lists/:slug/', async (c) => {
    const slug = SlugParam.safeParse(c.req.param());
    const list = slug.success ? await content.findFinalList(c.var.db, slug.data.slug) : undefined;
    if (!list) return notFoundPage(c);
    const items = await content.finalListItemsOf(c.var.db, list.id);
    return renderPage(c, { title: list.title, main: await str(views.finalListView(list, items)) });
  })
  .get('/competitions/', async (c) => {
    const [competitions, awards] = await Promise.all([
      content.listCompetitions(c.var.db),
      content.listAwardRules(c.var.db),
    ]);
    return renderPage(c, {
      title: '十场技能大赛',
      nav: 'competitions',
      main: await str(views.competitionsView({ competitions, awards })),
    });
  })
  .get('/recruitment/', async (c) => {
    const events = await content.listRecruitment(c.var.db);
    return renderPage(c, { title: '十场招聘活动', nav: 'recruitment', main: await str(views.recruitmentView(events)) });
  })
  .get('/institutions/', async (c) => {
    const rows = await content.listInstitutions(c.var.db);
    return renderPage(c, { title: '鉴定机构目录', nav: 'institutions', main: await str(views.institutionsView(rows)) });
  });
