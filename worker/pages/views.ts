/**
 * HTML fragments of the Worker-filled pages. `html` from hono/html escapes every interpolated value;
 * nested fragments are already escaped.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Notice, PollDetail, PollSummary, ResultsBody } from '../../contracts/api';
import { formatChinaDate, formatChinaDateTime, formatChinaDeadline } from '../../contracts/china-time';
import type { PollStatus } from '../../contracts/enums';
import type { StoredBallot } from '../../db/queries/ballots';
import type * as content from '../../db/queries/content';
import { TRACKS } from '../../db/seed/programme';
import type { PollRow } from '../../db/queries/polls';
import { labels } from '../../site/src/i18n/zh-CN';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
type Stage = { key: string; title: string; rule: string; status: string };

const when = (ms: string) => formatChinaDateTime(Date.parse(ms));
const until = (ms: string) => formatChinaDeadline(Date.parse(ms));
const demoBadge = (isDemo: boolean) => (isDemo ? html` <span class="badge demo">演示数据</span>` : '');

export function pollBadge(status: PollStatus): Html {
  return html`<span class="badge ${status}">${labels.pollStatus[status]}</span>`;
}

function noticeBadge(status: Notice['status']): Html {
  return html`<span class="badge ${status}">${labels.noticeStatus[status]}</span>`;
}

export function stageList(stages: Stage[]): Html {
  return html`<ol class="steps">
    ${stages.map(
      (s) =>
        html`<li class="${s.status}">
          <span>${s.title}</span>
          <span class="muted">（${labels.stageStatus[s.status as keyof typeof labels.stageStatus] ?? s.status}）</span>
          <div class="muted">${s.rule}</div>
        </li>`,
    )}
  </ol>`;
}

export function pollCard(p: PollSummary): Html {
  return html`<article class="card">
    <h3><a href="/polls/${p.slug}/">${p.title}</a></h3>
    <p>${pollBadge(p.status)} <span class="muted">${when(p.opensAt)} 至 ${until(p.closesAt)}</span></p>
  </article>`;
}

export function noticeCard(n: {
  slug: string;
  title: string;
  status: Notice['status'];
  startsOn: string;
  endsOn: string;
}): Html {
  return html`<article class="card notice-box">
    <h3><a href="/notices/${n.slug}/">${n.title}</a></h3>
    <p>
      ${noticeBadge(n.status)}
      <span class="muted">公示期 ${formatChinaDate(n.startsOn)} 至 ${formatChinaDate(n.endsOn)}</span>
    </p>
  </article>`;
}

export function listCard(l: { slug: string; title: string; publishedAt: number | null }): Html {
  return html`<article class="card">
    <h3><a href="/lists/${l.slug}/">${l.title}</a></h3>
    <p class="muted">发布于 ${l.publishedAt ? formatChinaDateTime(l.publishedAt) : ''}</p>
  </article>`;
}

export function homeView(v: {
  tracks: (content.TrackRow & { stages: Stage[] })[];
  polls: PollSummary[];
  notices: Parameters<typeof noticeCard>[0][];
  lists: Parameters<typeof listCard>[0][];
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
    <div class="grid">
      ${v.tracks.map((t) => {
        const current =
          t.stages.find((s) => s.status === 'active') ?? [...t.stages].reverse().find((s) => s.status === 'done');
        return html`<article class="card">
          <h3><a href="/tracks/${t.key}/">${t.title}</a></h3>
          <p class="muted">${t.goal}</p>
          <p>
            当前阶段：<strong>${current ? current.title : '未开始'}</strong>${current ? html` <span class="muted">（${labels.stageStatus[current.status as 'done']}）</span>` : ''}
          </p>
        </article>`;
      })}
    </div>
    ${
      v.lists.length
        ? html`<h2>已公布名单</h2>
            ${v.lists.map(listCard)}`
        : ''
    }`;
}

export function trackView(v: {
  track: content.TrackRow;
  stages: Stage[];
  polls: PollSummary[];
  notices: Parameters<typeof noticeCard>[0][];
  lists: Parameters<typeof listCard>[0][];
  extra: Html | string;
}): Html {
  return html`<p class="muted"><a href="/">首页</a> › ${v.track.title}</p>
    <h1>${v.track.title}</h1>
    <p>${v.track.summary}</p>
    <p class="muted">依据：临政办发〔2020〕40号 附件${v.track.annex}</p>
    <h2>工作流程</h2>
    ${stageList(v.stages)}
    ${
      v.polls.length
        ? html`<h2>投票</h2>
            ${v.polls.map(pollCard)}`
        : ''
    }
    ${
      v.notices.length
        ? html`<h2>公示</h2>
            ${v.notices.map(noticeCard)}`
        : ''
    }
    ${
      v.lists.length
        ? html`<h2>已公布名单</h2>
            ${v.lists.map(listCard)}`
        : ''
    }
    ${v.extra}`;
}

export function pollView(p: PollDetail): Html {
  return html`<p class="muted"><a href="/">首页</a> › <a href="/tracks/${p.track}/">${trackTitle(p.track)}</a></p>
    <h1>${p.title}${demoBadge(p.isDemo)}</h1>
    <p>
      ${pollBadge(p.status)} <span class="muted">投票时间：${when(p.opensAt)} 至 ${until(p.closesAt)}（北京时间）</span>
    </p>
    ${p.windowChangeReason ? html`<p class="card"><strong>投票时间已调整：</strong>${p.windowChangeReason}</p>` : ''}
    <p>${p.description}</p>
    <p class="muted">
      每个手机号${p.ballotMode === 'daily' ? '每天' : ''}限投一次，每次可选 1 至 ${p.maxChoices}
      项。最终结果综合县级推荐（${p.weights.county}%）、专家评审（${p.weights.expert}%）和大众投票（${p.weights.vote}%）确定。
    </p>
    ${p.liveCounts ? '' : html`<p class="muted">本次投票实行封存计票：结果公布前不显示任何票数。</p>`}
    <h2>入围名单（${p.candidates.length}）</h2>
    ${p.status === 'open' ? ballotForm(p) : finalistList(p)}`;
}

const candidateText = (c: PollDetail['candidates'][number]) =>
  html`<h3>${c.name}</h3>
    <p class="muted">${c.county ?? ''}${c.county && c.summary ? ' · ' : ''}${c.summary}</p>`;

function finalistList(p: PollDetail): Html {
  return html`<ol class="finalists">
    ${p.candidates.map((c) => html`<li id="candidate-${c.id}">${candidateText(c)}</li>`)}
  </ol>`;
}

/**
 * While the poll is open the finalists are the ballot paper; the vote island submits it. The form
 * itself never submits: method="dialog" outside a dialog does nothing, with no inline handler that
 * the Content-Security-Policy would block.
 */
function ballotForm(p: PollDetail): Html {
  return html`<form id="ballot-form" data-max="${p.maxChoices}" method="dialog">
    <fieldset>
      <legend>请选择 1 至 ${p.maxChoices} 项</legend>
      <ol class="finalists">
        ${p.candidates.map(
          (c) =>
            html`<li id="candidate-${c.id}">
              <label class="choice"
                ><input type="checkbox" name="choice" value="${c.id}" /><span
                  ><strong class="cand-name">${c.name}</strong
                  ><span class="muted">${c.county ?? ''}${c.county && c.summary ? ' · ' : ''}${c.summary}</span></span
                ></label
              >
            </li>`,
        )}
      </ol>
    </fieldset>
    <noscript><p class="card">投票需要启用 JavaScript。如无法投票，请点击右上角“…”选择“在浏览器中打开”。</p></noscript>
  </form>`;
}

export function noticeView(n: Notice): Html {
  return html`<p class="muted"><a href="/">首页</a> › <a href="/tracks/${n.track}/">${trackTitle(n.track)}</a></p>
    <h1>${n.title}${demoBadge(n.isDemo)}</h1>
    <p>
      ${noticeBadge(n.status)}
      <span class="muted"
        >公示期：${formatChinaDate(n.startsOn)} 至 ${formatChinaDate(n.endsOn)} 24:00（${n.workingDays}个工作日）</span
      >
    </p>
    <p>${n.body}</p>
    <div class="table-wrap">
      <table>
        <caption class="muted">
          公示名单
        </caption>
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">名称</th>
            <th scope="col">所在县（市、区）</th>
            <th scope="col">评估得分</th>
          </tr>
        </thead>
        <tbody>
          ${n.items.map(
            (it, i) =>
              html`<tr id="item-${it.id}">
                <td>${i + 1}</td>
                <td>${it.name}</td>
                <td>${it.county ?? ''}</td>
                <td>${it.score ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <section class="card notice-box" aria-labelledby="objection">
      <h2 id="objection">对公示有异议？</h2>
      <p>公示期内可通过电话或信函反映：</p>
      <ul>
        <li>联系人：${n.contact.name}</li>
        <li>电话：${n.contact.phone}</li>
        <li>地址：${n.contact.address}</li>
      </ul>
    </section>`;
}

export function competitionsView(v: {
  competitions: Awaited<ReturnType<typeof content.listCompetitions>>;
  awards: Awaited<ReturnType<typeof content.listAwardRules>>;
}): Html {
  const months = (a: number | null, b: number | null) =>
    a === null ? '待定' : a === b ? `${a}月份` : `${a}月份至${b}月份`;
  return html`<h1>十场技能大赛</h1>
    <p>围绕“助力脱贫攻坚”“劳务品牌建设”和“高技能人才”三大板块，以赛促训。</p>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">大赛名称</th>
            <th scope="col">时间</th>
            <th scope="col">主办单位</th>
            <th scope="col">比赛地点</th>
          </tr>
        </thead>
        <tbody>
          ${v.competitions.map(
            (c) =>
              html`<tr>
                <td>${c.seq}</td>
                <td>
                  ${c.name}
                  <div class="muted">${labels.board[c.board as keyof typeof labels.board]}</div>
                </td>
                <td>${c.year}年${months(c.monthFrom, c.monthTo)}</td>
                <td>${c.organisers}</td>
                <td>${c.venue}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <h2>奖项设置</h2>
    <p>各竞赛工种设一等奖1名、二等奖2名、三等奖3名，各项赛事设优秀组织奖若干名。获奖选手奖金由市级承担。</p>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">奖项</th>
            <th scope="col">名额（每工种）</th>
            <th scope="col">奖金</th>
            <th scope="col">奖励</th>
          </tr>
        </thead>
        <tbody>
          ${v.awards.map(
            (a) =>
              html`<tr>
                <td>${a.title}</td>
                <td>${a.placesPerTrade ?? '若干'}</td>
                <td>${a.amountYuan ? `${a.amountYuan}元` : '—'}</td>
                <td>${a.benefit}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

export function recruitmentView(events: Awaited<ReturnType<typeof content.listRecruitment>>): Html {
  return html`<h1>十场招聘活动</h1>
    <p>市县两级公共就业人才服务机构组织的专场招聘和就业服务活动。</p>
    ${events.map(
      (e) =>
        html`<article class="card">
          <h3>${e.seq}. ${e.name}</h3>
          <p><strong>时间：</strong>${e.year}年 ${e.period}</p>
          <p><strong>服务对象：</strong>${e.audience}</p>
          <p class="muted">${e.description}</p>
        </article>`,
    )}`;
}

export function institutionsView(rows: Awaited<ReturnType<typeof content.listInstitutions>>): Html {
  return html`<h1>职业技能等级认定机构目录</h1>
    <p>经认定的鉴定评价机构资质有效期3年，实行动态调整；社会评价组织申报的职业（工种）原则上不超过5个。</p>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">机构名称</th>
            <th scope="col">类型</th>
            <th scope="col">评价职业（工种）</th>
            <th scope="col">有效期</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <td>
                  ${r.name}${demoBadge(r.isDemo === 1)}
                  <div class="muted">${r.county ?? ''}</div>
                </td>
                <td>${r.type ? labels.institutionType[r.type as keyof typeof labels.institutionType] : ''}</td>
                <td>${r.occupations ? (JSON.parse(r.occupations) as string[]).join('、') : ''}</td>
                <td>
                  ${r.validFrom ? formatChinaDate(r.validFrom) : ''} 至
                  ${r.validUntil ? formatChinaDate(r.validUntil) : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

export function brandsExtra(brands: Awaited<ReturnType<typeof content.listNamedBrands>>): Html {
  return html`<h2>劳务品牌</h2>
    <div class="grid">
      ${brands.map(
        (b) =>
          html`<article class="card">
            <h3>${b.name}</h3>
            <p class="muted">
              ${b.level ? labels.brandLevel[b.level as keyof typeof labels.brandLevel] : ''}${b.county ? ` · ${b.county}` : ''}
            </p>
          </article>`,
      )}
    </div>`;
}

export function finalListView(
  list: content.FinalListRow,
  items: Awaited<ReturnType<typeof content.finalListItemsOf>>,
): Html {
  return html`<p class="muted">
      <a href="/">首页</a> › <a href="/tracks/${list.trackKey}/">${trackTitle(list.trackKey)}</a>
    </p>
    <h1>${list.title}${demoBadge(list.isDemo === 1)}</h1>
    <p class="muted">发布于 ${list.publishedAt ? formatChinaDateTime(list.publishedAt) : ''}</p>
    <p>${list.body}</p>
    <ol class="finalists">
      ${items.map(
        (it) =>
          html`<li>
            <h3>${it.name}</h3>
            <p class="muted">${it.county ?? ''}${it.note ? ` · ${it.note}` : ''}</p>
          </li>`,
      )}
    </ol>`;
}

/** Track titles come from the programme data the seed loads, the one place they are written. */
function trackTitle(key: string): string {
  return TRACKS.find((t) => t.key === key)?.title ?? key;
}

/** Counts as of now; only ever called when the poll's counts are visible (not embargoed). */
export function resultsView(r: ResultsBody): Html {
  if (!r.results) return html``;
  const max = Math.max(1, ...r.results.map((x) => x.votes));
  return html`<section class="card" aria-labelledby="results">
    <h2 id="results">${r.poll.status === 'open' ? '实时票数' : '投票结果'}</h2>
    <p class="muted">
      截至 ${when(r.asOf)}，共 ${r.totalBallots} 张有效票${r.poll.status === 'open' ? '，页面数据可能有数秒延迟' : ''}。
    </p>
    <ol class="results">
      ${r.results.map(
        (x) =>
          html`<li>
            <span class="rank">${x.rank}</span>
            <span class="name">${x.name}<span class="muted">${x.county ? ` · ${x.county}` : ''}</span></span>
            <span class="votes">${x.votes} 票</span>
            <span class="bar" style="width:${Math.round((x.votes / max) * 100)}%"></span>
          </li>`,
      )}
    </ol>
  </section>`;
}

/** The receipt lookup form; a GET form, so it works without JavaScript. */
export function receiptLookupView(problem: string): string {
  return html`<h1>查询选票</h1>
    <p>输入投票成功后获得的回执码，查询选票是否已计入以及所选内容。查询结果不显示手机号。</p>
    ${problem ? html`<p class="alert" role="alert">${problem}</p>` : ''}
    <form method="get" action="/receipts/" class="card">
      <label class="field"
        ><span>回执码</span
        ><input name="code" required autocomplete="off" autocapitalize="characters" placeholder="例如 ABCD-EFGH-JKMN"
      /></label>
      <button class="button" type="submit">查询</button>
    </form>`.toString();
}

export function receiptView(ballot: StoredBallot, poll: PollRow, names: Map<number, string>): Html {
  return html`<h1>选票查询结果</h1>
    <div class="card">
      <p class="receipt-code">${ballot.receipt}</p>
      <p>投票：<a href="/polls/${poll.slug}/">${poll.title}</a></p>
      <p>投票时间：${formatChinaDateTime(ballot.castAt)}（北京时间）</p>
      <p>
        状态：<span class="badge ${ballot.status === 'counted' ? 'open' : 'closed'}"
          >${labels.ballotStatus[ballot.status]}</span
        >
      </p>
      <p>所选内容：</p>
      <ol>
        ${ballot.choices.map((id) => html`<li>${names.get(id) ?? `#${id}`}</li>`)}
      </ol>
      ${ballot.status === 'quarantined' ? html`<p class="muted">该选票因疑似异常暂未计入公开票数，正在等待人工复核，不会被删除。</p>` : ''}
    </div>`;
}
