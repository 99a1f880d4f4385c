/** The home page: live polls first, open notices, the six tracks' progress, published lists. */
import type { PollSummary } from '../../../contracts/api';
import { labels } from '../../../contracts/labels';
import type { ListSummary, trackOverview } from '../../services/content';
import type { NoticeSummary } from '../../services/notices';
import { cardSection, listCard, noticeCard, pollCard, type Html, html } from './fragments';

type TrackWithStages = Awaited<ReturnType<typeof trackOverview>>[number];

export function homeView(v: {
  tracks: TrackWithStages[];
  polls: PollSummary[];
  notices: NoticeSummary[];
  lists: ListSummary[];
}): Html {
  const live = [...v.polls.filter((p) => p.status === 'open'), ...v.polls.filter((p) => p.status === 'scheduled')];
  const openNotices = v.notices.filter((n) => n.status === 'open' || n.status === 'scheduled');
  return html`<h1>“六个十”工程 · 公开投票与公示</h1>
    <p>
      打造十大精品工种、创建十大劳务品牌、认定十所鉴定机构、举办十场技能大赛、组织十场招聘活动、选定十个培训示范基地。请在这里参与投票、查看公示和最终名单。
    </p>
    <h2>正在进行的投票</h2>
    ${live.length ? live.map(pollCard) : html`<p class="muted">目前没有正在进行的投票。</p>`}
    <h2>公示</h2>
    ${openNotices.length ? openNotices.map(noticeCard) : html`<p class="muted">目前没有正在公示的名单。</p>`}
    <h2>六项工作进展</h2>
    <div class="grid">${v.tracks.map(trackProgress)}</div>
    ${cardSection('已公布名单', v.lists, listCard)}`;
}

/** A track's card: its goal and the active stage, or the last one done. */
function trackProgress(t: TrackWithStages): Html {
  const current =
    t.stages.find((s) => s.status === 'active') ?? [...t.stages].reverse().find((s) => s.status === 'done');
  return html`<article class="card">
    <h3><a href="/tracks/${t.key}/">${t.title}</a></h3>
    <p class="muted">${t.goal}</p>
    <p>
      当前阶段：<strong>${current ? current.title : '未开始'}</strong>${
        current ? html` <span class="muted">（${labels.stageStatus[current.status]}）</span>` : ''
      }
    </p>
  </article>`;
}
