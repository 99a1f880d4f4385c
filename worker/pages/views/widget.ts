/**
 * The results widget (`/embed/polls/{slug}`): a complete, small document made for an iframe on
 * another site. No site chrome, inline CSS, the results already in the HTML (it reads without
 * JavaScript); `/embed/widget.js` refreshes it by fetching this same document and tells the host
 * page its height.
 */
import { raw } from 'hono/html';
import type { ResultsBody } from '../../../contracts/api';
import { widgetTitle } from '../../../contracts/widget';
import type { PollFinalList } from '../../services/polls';
import { finalListNote, html, type Html } from './fragments';
import { until, when } from './format';

/** Path of the widget's script, built from site/src/embed/widget-client.ts by scripts/build-embed.ts. */
export const WIDGET_SCRIPT = '/embed/widget.js';

/** Cache-Control of the widget page: as short as the results API it mirrors. */
export const WIDGET_CACHE = 'public, max-age=0, s-maxage=10';

export interface WidgetContent {
  results: ResultsBody;
  /** When voting opens (ISO); the results carry when it closes. */
  opensAt: string;
  finalList?: PollFinalList;
}

const CSS = [
  ':root{color-scheme:light;font:15px/1.45 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328}',
  'body{margin:0;background:#fff}',
  'main{padding:12px 14px 0}',
  'h1{font-size:1.05rem;margin:0 0 4px}',
  '.st{margin:0 0 10px;color:#57606a;font-size:.85rem}',
  '.em,.final-list{margin:0 0 8px;padding:10px;background:#f6f8fa;border-radius:6px}',
  '.final-list{background:#fff7ed;border-left:4px solid #c2410c;font-size:.9rem}',
  '.rs{list-style:none;margin:0;padding:0}',
  '.rs li{display:flex;flex-wrap:wrap;align-items:baseline;gap:0 6px;margin:0 0 8px}',
  '.r{color:#9a3412;font-weight:600;font-size:.85rem;min-width:3.2em}',
  '.n{font-weight:600}',
  '.c{color:#57606a;font-size:.85rem}',
  '.v{margin-left:auto;font-variant-numeric:tabular-nums}',
  '.b{display:block;width:100%;height:8px;margin-top:3px}',
  '.b rect{fill:#c2410c}.b .t{fill:#f1f3f5}',
  'footer{padding:2px 14px 12px;font-size:.8rem;color:#57606a}',
  'a{color:#9a3412}',
].join('');

const STATUS_TEXT: Record<ResultsBody['poll']['status'], string> = {
  scheduled: '投票尚未开始',
  open: '投票进行中',
  closed: '投票已结束',
  published: '结果已公布',
};

/**
 * The status line: while open, the time of the counts ('截至 HH:mm'); once closed, when voting
 * closed (the counts are those of the closing, whenever the widget is viewed).
 */
function statusLine(r: ResultsBody): Html {
  const status = r.poll.status;
  const time =
    status === 'open'
      ? html` · <time datetime="${r.asOf}">截至 ${when(r.asOf).slice(-5)}</time>`
      : status === 'scheduled'
        ? ''
        : html` · <time datetime="${r.poll.closesAt}">${until(r.poll.closesAt)} 截止</time>`;
  return html`<p class="st">${STATUS_TEXT[status]}${time} · 共${r.totalBallots ?? 0}张有效选票</p>`;
}

/**
 * The widget's body: title, status, the final list once one settled the poll, and one row per
 * finalist (rank, name, county, votes, a bar drawn in SVG) or, while the embargo holds, when
 * voting runs and no count. Rows are an ordered list, so the chart reads as text without the bars.
 */
function widgetBody({ results: r, opensAt, finalList }: WidgetContent): Html {
  const title = html`<h1>${r.poll.title}</h1>`;
  const note = finalList ? finalListNote(finalList) : '';
  if (r.results === null) {
    return html`${title}
      <p class="st">${STATUS_TEXT[r.poll.status]}</p>
      ${note}
      <p class="em">本次投票不公开实时票数，结果将在公布后显示。</p>
      <p class="st">投票时间：${when(opensAt)} 至 ${until(r.poll.closesAt)}（北京时间）</p>`;
  }
  const max = Math.max(1, ...r.results.map((x) => x.votes));
  return html`${title}${statusLine(r)}${note}
    <ol class="rs">
      ${r.results.map(
        (x) =>
          html`<li>
            <span class="r">第${x.rank}名</span><span class="n">${x.name}</span>${
              x.county ? html`<span class="c">${x.county}</span>` : ''
            }<span class="v">${x.votes}票</span
            ><svg class="b" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
              <rect width="100" height="6" class="t" />
              <rect width="${Math.round((x.votes / max) * 1000) / 10}" height="6" />
            </svg>
          </li>`,
      )}
    </ol>`;
}

/** The widget document. `pageUrl` is the poll's public address (opened in a new tab, never in the frame). */
export function widgetView(w: WidgetContent, pageUrl: string): Html {
  const r = w.results;
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        <base target="_blank" />
        <title>${widgetTitle(r.poll.title)}</title>
        <style>
          ${raw(CSS)}
        </style>
      </head>
      <body>
        <main
          id="w"
          data-slug="${r.poll.slug}"
          data-status="${r.poll.status}"
          data-as-of="${r.asOf}"
          aria-live="polite"
        >
          ${widgetBody(w)}
        </main>
        <footer><a href="${pageUrl}" rel="noopener">查看投票详情</a> · 临汾技工 · 六个十</footer>
        <script src="${WIDGET_SCRIPT}" defer></script>
      </body>
    </html>`;
}
