/**
 * Public pages filled from D1 per request (see docs/architecture.md): addresses of polls and
 * notices created after a deploy work at once and read without JavaScript. Each page reads through
 * the same service function as its API twin.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { ReceiptParam, SlugParam } from '../../contracts/api';
import { TrackingParam } from '../../contracts/objections';
import { TrackKey } from '../../contracts/enums';
import type { Db } from '../../db/client';
import { findBallotByReceipt } from '../../db/queries/ballots';
import * as content from '../../db/queries/content';
import { findPoll, pollFinalists } from '../../db/queries/polls';
import type { AppEnv } from '../context';
import { oembedDiscoveryLink } from '../embed/oembed';
import { publicCaptcha } from '../services/captcha-config';
import {
  competitionsWithAwards,
  finalListDetail,
  institutionDirectory,
  trackDetail,
  homeContent,
} from '../services/content';
import { receiptRecord } from '../services/integrity/record';
import { noticeDetail, noticePage } from '../services/notices';
import { publicObjectionStatus } from '../services/objections';
import { pollPage } from '../services/polls';
import { renderPage } from './render';
import { competitionsView } from './views/competitions';
import type { Html } from './views/fragments';
import { homeView } from './views/home';
import { institutionsView } from './views/institutions';
import { finalListView } from './views/list';
import { notFoundView } from './views/not-found';
import { noticeView, objectionLookupView, objectionStatusView } from './views/notice';
import { pollView, resultsView } from './views/poll';
import { receiptLookupView, receiptView } from './views/receipt';
import { recruitmentView } from './views/recruitment';
import { brandsView, trackView } from './views/track';

function notFoundPage(c: Context<AppEnv>) {
  return renderPage(c, { title: '页面不存在', status: 404, main: notFoundView() });
}

/** The title of a track for breadcrumbs, from the tracks table. */
async function trackTitle(db: Db, key: TrackKey): Promise<string> {
  return (await content.findTrack(db, key))?.title ?? key;
}

/** What only one track's page shows below the common sections. */
async function trackExtra(db: Db, key: TrackKey): Promise<Html | ''> {
  if (key === 'brands') return brandsView(await content.listNamedBrands(db));
  if (key === 'competitions') return competitionsView(await competitionsWithAwards(db));
  if (key === 'recruitment') return recruitmentView(await content.listRecruitment(db));
  if (key === 'institutions') return institutionsView(await institutionDirectory(db));
  return '';
}

export const pages = new Hono<AppEnv>()
  .get('/', async (c) => {
    return renderPage(c, {
      title: '首页',
      nav: 'home',
      main: homeView(await homeContent(c.var.db, c.var.now())),
      description: '临汾市“六个十”工程公开投票、公示与名单发布',
    });
  })
  .get('/tracks/:track/', async (c) => {
    const key = TrackKey.safeParse(c.req.param('track'));
    if (!key.success) return notFoundPage(c);
    const [track, extra] = await Promise.all([
      trackDetail(c.var.db, key.data, c.var.now()),
      trackExtra(c.var.db, key.data),
    ]);
    if (!track) return notFoundPage(c);
    return renderPage(c, { title: track.title, main: trackView(track, extra), description: track.summary });
  })
  .get('/polls/:slug/', async (c) => {
    const slug = SlugParam.safeParse(c.req.param());
    const poll = slug.success ? await pollPage(c.var.db, slug.data.slug, c.var.now()) : undefined;
    if (!poll) return notFoundPage(c);
    const { detail, trackTitle: title, results } = poll;
    const origin = new URL(c.req.url).origin;
    return renderPage(c, {
      template: 'poll',
      title: detail.title,
      description: `${detail.title}：${detail.candidates.length}个入围项目，每人最多选${detail.maxChoices}项。`,
      head: oembedDiscoveryLink(origin, `${origin}/polls/${detail.slug}/`, detail.title),
      main: pollView(detail, title, origin),
      after: results ? resultsView(results) : undefined,
      data: { poll: detail, captcha: publicCaptcha(c.var.config) },
    });
  })
  .get('/receipts/', (c) => {
    const code = (c.req.query('code') ?? '').trim().toUpperCase();
    if (code) return c.redirect(`/receipts/${encodeURIComponent(code)}/`, 303);
    return renderPage(c, {
      title: '查询选票',
      main: receiptLookupView(''),
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
        main: receiptLookupView('找不到该回执码，请检查是否输入正确。'),
        cache: 'no-store',
      });
    }
    const poll = (await findPoll(c.var.db, ballot.pollSlug))!;
    const names = new Map((await pollFinalists(c.var.db, poll.id)).map((f) => [f.id, f.name]));
    // A ballot's status can change on review: never serve it from a cache.
    const record = await receiptRecord(c.var.db, ballot.receipt, c.var.config.RECEIPT_HASH_KEY);
    return renderPage(c, { title: '选票查询结果', main: receiptView(ballot, poll, names, record), cache: 'no-store' });
  })
  .get('/notices/:slug/', async (c) => {
    const slug = SlugParam.safeParse(c.req.param());
    const page = slug.success ? await noticePage(c.var.db, slug.data.slug, c.var.now()) : undefined;
    if (!page) return notFoundPage(c);
    const { notice, trackTitle: title, daysLeft } = page;
    return renderPage(c, {
      template: 'notice',
      title: notice.title,
      main: noticeView(notice, title, daysLeft),
      description: notice.title,
      data: { notice, captcha: publicCaptcha(c.var.config) },
    });
  })
  .get('/objections/', (c) => {
    const no = (c.req.query('no') ?? '').trim().toUpperCase();
    if (no) return c.redirect(`/objections/${encodeURIComponent(no)}/`, 303);
    return renderPage(c, { title: '查询异议办理进度', main: objectionLookupView(''), cache: 'no-store' });
  })
  .get('/objections/:trackingNo/', async (c) => {
    const parsed = TrackingParam.safeParse(c.req.param());
    const found = parsed.success ? await publicObjectionStatus(c.var.db, parsed.data.trackingNo) : undefined;
    if (!found) {
      return renderPage(c, {
        title: '查询异议办理进度',
        status: 404,
        main: objectionLookupView('找不到该受理编号，请检查是否输入正确。'),
        cache: 'no-store',
      });
    }
    const notice = await noticeDetail(c.var.db, found.noticeSlug, c.var.now());
    // The status changes as staff handle it: never from a cache.
    return renderPage(c, {
      title: '异议办理进度',
      main: objectionStatusView(found, notice?.title ?? found.noticeSlug),
      cache: 'no-store',
    });
  })
  .get('/lists/:slug/', async (c) => {
    const slug = SlugParam.safeParse(c.req.param());
    const list = slug.success ? await finalListDetail(c.var.db, slug.data.slug) : undefined;
    if (!list) return notFoundPage(c);
    const title = await trackTitle(c.var.db, list.track);
    return renderPage(c, { title: list.title, main: finalListView(list, title) });
  })
  .get('/competitions/', async (c) =>
    renderPage(c, {
      title: '十场技能大赛',
      nav: 'competitions',
      main: competitionsView(await competitionsWithAwards(c.var.db)),
    }),
  )
  .get('/recruitment/', async (c) =>
    renderPage(c, {
      title: '十场招聘活动',
      nav: 'recruitment',
      main: recruitmentView(await content.listRecruitment(c.var.db)),
    }),
  )
  .get('/institutions/', async (c) =>
    renderPage(c, {
      title: '鉴定机构目录',
      nav: 'institutions',
      main: institutionsView(await institutionDirectory(c.var.db)),
    }),
  );
