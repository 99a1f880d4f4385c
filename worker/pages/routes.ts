/**
 * Public pages filled from D1 per request (see docs/architecture.md): addresses of polls and
 * notices created after a deploy work at once and read without JavaScript. Each page reads through
 * the same service function as its API twin.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { describeRules } from '../../contracts/detection-rules';
import { ruleSettings } from '../services/integrity/config';
import { ReceiptParam, SlugParam, votePagePoll } from '../../contracts/api';
import { TrackingParam } from '../../contracts/objections';
import { TrackKey } from '../../contracts/enums';
import * as content from '../../db/queries/content';
import type { AppEnv } from '../context';
import { oembedDiscoveryLink } from '../embed/oembed';
import { notFound } from '../embed/routes';
import { publicCaptcha } from '../services/captcha-config';
import {
  competitionsWithAwards,
  finalListDetail,
  institutionDirectory,
  trackPage,
  homeContent,
  type TrackRecords,
} from '../services/content';
import { receiptPage } from '../services/receipts';
import { noticeAsItStands, noticePage } from '../services/notices';
import { publicObjectionStatus } from '../services/objections';
import { pollPage, pollWidget } from '../services/polls';
import { renderPage } from './render';
import { competitionsView } from './views/competitions';
import { html, type Html } from './views/fragments';
import { homeView } from './views/home';
import { institutionsView } from './views/institutions';
import { finalListView } from './views/list';
import { notFoundView } from './views/not-found';
import { noticeView, objectionLookupView, objectionStatusView } from './views/notice';
import { checkpointView, outcomeView, pollView } from './views/poll';
import { rulesList } from './views/rules';
import { receiptLookupView, receiptView } from './views/receipt';
import { recruitmentView } from './views/recruitment';
import { brandsView, trackView } from './views/track';
import { WIDGET_CACHE, widgetView } from './views/widget';

function notFoundPage(c: Context<AppEnv>) {
  return renderPage(c, { title: '页面不存在', status: 404, main: notFoundView() });
}

/** What only one track's page shows below the common sections. */
function trackExtra(records: TrackRecords): Html | '' {
  if (records.kind === 'brands') return brandsView(records.brands);
  if (records.kind === 'competitions') return competitionsView(records, 2);
  if (records.kind === 'recruitment') return recruitmentView(records.events, 2);
  if (records.kind === 'institutions') return institutionsView(records.institutions, 2);
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
    const page = await trackPage(c.var.db, key.data, c.var.now());
    if (!page) return notFoundPage(c);
    const { track, records } = page;
    return renderPage(c, {
      title: track.title,
      main: trackView(track, trackExtra(records)),
      description: track.summary,
    });
  })
  .get('/polls/:slug/', async (c) => {
    const slug = SlugParam.safeParse(c.req.param());
    const poll = slug.success ? await pollPage(c.var.db, slug.data.slug, c.var.now()) : undefined;
    if (!poll) return notFoundPage(c);
    const { detail, trackTitle: title, results, checkpoint, finalList } = poll;
    const origin = new URL(c.req.url).origin;
    const running = detail.status === 'open' || detail.status === 'scheduled';
    return renderPage(c, {
      template: 'poll',
      title: detail.title,
      description: `${detail.title}：${detail.candidates.length}个入围项目，每人最多选${detail.maxChoices}项。`,
      head: oembedDiscoveryLink(origin, `${origin}/polls/${detail.slug}/`, detail.title),
      main: pollView(detail, title, origin, { results, finalList }),
      // While voting runs the counts follow the ballot paper; once it has ended pollView puts them first.
      after: html`${running ? outcomeView({ results }) : ''}${checkpointView(detail.slug, checkpoint, results !== undefined)}`,
      data: { poll: votePagePoll(detail), captcha: publicCaptcha(c.var.config) },
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
    const found = parsed.success
      ? await receiptPage(c.var.db, parsed.data.receipt, c.var.config.RECEIPT_HASH_KEY)
      : undefined;
    if (!found) {
      return renderPage(c, {
        title: '查询选票',
        status: 404,
        main: receiptLookupView('找不到该回执码，请检查是否输入正确。'),
        cache: 'no-store',
      });
    }
    const { ballot, poll, names, record } = found;
    // A ballot's status can change on review: never serve it from a cache.
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
    const notices = await noticeAsItStands(c.var.db, found.noticeSlug, c.var.now());
    const title = (n: { slug: string; title: string } | undefined) => ({
      slug: n?.slug ?? found.noticeSlug,
      title: n?.title ?? found.noticeSlug,
    });
    // The status changes as staff handle it: never from a cache.
    return renderPage(c, {
      title: '异议办理进度',
      main: objectionStatusView(found, title(notices?.notice), title(notices?.current)),
      cache: 'no-store',
    });
  })
  .get('/lists/:slug/', async (c) => {
    const slug = SlugParam.safeParse(c.req.param());
    const list = slug.success ? await finalListDetail(c.var.db, slug.data.slug) : undefined;
    if (!list) return notFoundPage(c);
    return renderPage(c, { title: list.title, main: finalListView(list, list.trackTitle) });
  })
  // The rule list with the thresholds and switches this deployment runs with, never the defaults.
  .get('/rules/', (c) =>
    renderPage(c, {
      template: 'rules',
      title: '投票与公示规则',
      nav: 'rules',
      main: rulesList(describeRules(ruleSettings(c.var.config))),
      cache: 'public, max-age=0, s-maxage=60',
    }),
  )
  .get('/embed/polls/:slug', async (c) => {
    const slug = SlugParam.safeParse(c.req.param());
    const widget = slug.success ? await pollWidget(c.var.db, slug.data.slug, c.var.now()) : undefined;
    if (!widget) return notFound(c);
    const pageUrl = `${new URL(c.req.url).origin}/polls/${widget.results.poll.slug}/`;
    return c.html(widgetView(widget, pageUrl), 200, { 'Cache-Control': WIDGET_CACHE });
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
