/** A poll's page: its rules and finalists (the ballot paper while open), and its results when visible. */
import type { PollDetail, ResultsBody } from '../../../contracts/api';
import { SAVE_IMAGE_HINT } from '../../../contracts/site';
import type { PollFinalList } from '../../services/polls';
import { demoBadge, finalListNote, pollBadge, trackCrumb, type Html, html } from './fragments';
import { until, when } from './format';
import { embedSnippet } from '../../embed/oembed';

/**
 * The poll page's main slot. Once voting has ended, what it came to (the final list, the results)
 * comes first, above the rules and the finalists; while it runs, the ballot paper does.
 */
export function pollView(
  p: PollDetail,
  trackTitle: string,
  origin: string,
  outcome: { results?: ResultsBody; finalList?: PollFinalList },
): Html {
  const ended = p.status === 'closed' || p.status === 'published';
  return html`${trackCrumb({ key: p.track, title: trackTitle })}
    <h1>${p.title}${demoBadge(p.isDemo)}</h1>
    <p>
      ${pollBadge(p.status)} <span class="muted">投票时间：${when(p.opensAt)} 至 ${until(p.closesAt)}（北京时间）</span>
    </p>
    ${p.windowChangeReason ? html`<p class="card"><strong>投票时间已调整：</strong>${p.windowChangeReason}</p>` : ''}
    ${ended ? outcomeView(outcome) : ''}
    <p>${p.description}</p>
    <p class="muted">
      每个手机号${p.ballotMode === 'daily' ? '每天' : ''}限投一次，每次可选 1 至 ${p.maxChoices}
      项。最终结果综合县级推荐（${p.weights.county}%）、专家评审（${p.weights.expert}%）和大众投票（${p.weights.vote}%）确定。
    </p>
    ${p.liveCounts ? '' : html`<p class="muted">本次投票实行封存计票：结果公布前不显示任何票数。</p>`}
    <h2>入围名单（${p.candidates.length}）</h2>
    ${p.status === 'open' ? ballotForm(p) : finalistList(p)} ${sharePanel(p, origin)}`;
}

/**
 * Sharing and embedding: neutral share text (WeChat forbids induced sharing such as "请为我投票"),
 * the QR poster, and the loader snippet for editors. site.js shows the copy buttons.
 */
function sharePanel(p: PollDetail, origin: string): Html {
  const address = `${origin}/polls/${p.slug}/`;
  return html`<section class="card share" aria-labelledby="share">
    <h2 id="share">分享与嵌入</h2>
    <p>分享文案：<span id="share-text">${shareText(p.title, address)}</span></p>
    <p>
      <a href="/polls/${p.slug}/poster/">二维码海报</a>（长按图片可保存或识别）·
      <a href="/polls/${p.slug}/poster.svg">打印版海报</a>
    </p>
    ${saveHint}
    <details>
      <summary>嵌入本投票</summary>
      <p class="muted">
        媒体和网站可将以下代码粘贴到网页中，嵌入本投票的结果看板（封存计票的投票在公布前不显示任何数字）。
      </p>
      <label for="embed-snippet" class="muted">嵌入代码</label>
      <textarea id="embed-snippet" rows="4" readonly>
${embedSnippet(origin, { slug: p.slug, title: p.title, candidates: p.candidates.length })}</textarea>
      <button type="button" data-copy="embed-snippet" hidden>复制代码</button>
    </details>
  </section>`;
}

/**
 * Shown by site.js inside Douyin and Kuaishou only, whose in-app browsers cannot save an image by
 * long-press; voting works there, so this is the one place that needs the hint.
 */
const saveHint = html`<p id="open-in-browser" class="notice-hint" hidden>${SAVE_IMAGE_HINT}</p>`;

/** Share text that states facts only: the title, where to read it, and nothing asking for votes. */
export function shareText(title: string, address: string): string {
  return `${title}：入围名单、投票规则和结果公开可查。${address}`;
}

const candidateNote = (c: PollDetail['candidates'][number]) =>
  `${c.county ?? ''}${c.county && c.summary ? ' · ' : ''}${c.summary}`;

function finalistList(p: PollDetail): Html {
  return html`<ol class="finalists">
    ${p.candidates.map(
      (c) =>
        html`<li id="candidate-${c.id}">
          <h3>${c.name}</h3>
          <p class="muted">${candidateNote(c)}</p>
        </li>`,
    )}
  </ol>`;
}

/**
 * While the poll is open the finalists are the ballot paper; the vote island submits it. The form
 * itself never submits: method="dialog" outside a dialog does nothing, with no inline handler that
 * the Content-Security-Policy would block.
 */
function ballotForm(p: PollDetail): Html {
  return html`<form id="ballot-form" method="dialog">
    <fieldset>
      <legend>请选择 1 至 ${p.maxChoices} 项</legend>
      <ol class="finalists">
        ${p.candidates.map(
          (c) =>
            html`<li id="candidate-${c.id}">
              <label class="choice"
                ><input type="checkbox" name="choice" value="${c.id}" /><span
                  ><strong class="cand-name">${c.name}</strong><span class="muted">${candidateNote(c)}</span></span
                ></label
              >
            </li>`,
        )}
      </ol>
    </fieldset>
    <noscript><p class="card">投票需要启用 JavaScript。如无法投票，请点击右上角“…”选择“在浏览器中打开”。</p></noscript>
  </form>`;
}

/** The final list and the results of an ended poll, or the results of a running one (when visible). */
export function outcomeView({ results, finalList }: { results?: ResultsBody; finalList?: PollFinalList }): Html {
  if (results) return resultsView(results, finalList);
  return finalList ? html`<section class="card">${finalListNote(finalList)}</section>` : html``;
}

/**
 * Counts as of now (while open) or as of the close; only ever called when the poll's counts are
 * visible (not embargoed). A final list, once there is one, is named above the ranking.
 */
function resultsView(r: ResultsBody, finalList?: PollFinalList): Html {
  if (!r.results) return html``;
  const max = Math.max(1, ...r.results.map((x) => x.votes));
  const open = r.poll.status === 'open';
  return html`<section class="card" aria-labelledby="results">
    <h2 id="results">${open ? '实时票数' : '投票结果'}</h2>
    ${finalList ? finalListNote(finalList) : ''}
    <p class="muted">
      ${open ? `截至 ${when(r.asOf)}` : `投票于 ${until(r.poll.closesAt)} 截止`}，共 ${r.totalBallots}
      张有效票${
        r.quarantinedBallots ? `，另有 ${r.quarantinedBallots} 张待复核（暂未计入）` : ''
      }${open ? '，页面数据可能有数秒延迟' : ''}。
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

/** The newest sealed checkpoint of the public ballot record, and how to check it. */
export interface PollCheckpoint {
  seq: number;
  hash: string;
  sealedAt: string;
  ballotCount: number | null;
}

const sealedLine = (cp: PollCheckpoint) =>
  `第 ${cp.seq} 号检查点，${when(cp.sealedAt)}${cp.ballotCount !== null ? `，共封存 ${cp.ballotCount} 张选票` : ''}`;

/** The record's newest checkpoint (or that none is sealed yet), with the addresses to recount from. */
export function checkpointView(slug: string, cp: PollCheckpoint | undefined, countsVisible: boolean): Html {
  return html`<section class="card" aria-labelledby="record">
    <h2 id="record">公开投票记录</h2>
    ${
      cp
        ? html`<p>最新封存：${sealedLine(cp)}。</p>
            <p class="muted">哈希 <code class="hash">${cp.hash}</code></p>`
        : html`<p>尚未封存检查点：投票开始后每五分钟封存一次。</p>`
    }
    <p class="muted">
      ${
        countsVisible
          ? html`任何人都可用<a href="/api/polls/${slug}/checkpoints">全部检查点</a>和<a
                href="/api/polls/${slug}/ballots.csv"
                >选票明细（CSV）</a
              >重新计票、复算哈希，方法见<a href="/rules/#record">规则说明</a>。`
          : html`结果公布前只公布<a href="/api/polls/${slug}/checkpoints">检查点哈希</a
              >；公布后可下载选票明细自行计票，方法见<a href="/rules/#record">规则说明</a>。`
      }
    </p>
  </section>`;
}
