/**
 * The results widget's body, from the body of `GET /api/polls/:slug/results`. One pure function
 * renders it on the server (first paint, no-script) and in the widget's script (live refresh), so
 * both always show the same markup for the same numbers.
 */
import type { ResultsBody } from './api';
import { formatChinaDateTime } from './china-time';

/** The postMessage a widget sends its parent whenever its height changes. */
export interface EmbedResizeMessage {
  type: 'linfen-embed:resize';
  slug: string;
  height: number;
}

export const EMBED_RESIZE = 'linfen-embed:resize';

/** Escapes text for HTML element content and double-quoted attributes (names come from D1). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STATUS_TEXT: Record<ResultsBody['poll']['status'], string> = {
  scheduled: '投票尚未开始',
  open: '投票进行中',
  closed: '投票已结束',
  published: '结果已公布',
};

/** 'HH:mm' China time while the poll is open; the full China date and time once it is not. */
function asOfText(body: ResultsBody): string {
  const full = formatChinaDateTime(Date.parse(body.asOf));
  return `截至 ${body.poll.status === 'open' ? full.slice(-5) : full}`;
}

/**
 * The inner HTML of the widget: title, status, and either one row per finalist (rank, name,
 * county, votes, and a bar drawn in SVG) or, while the embargo holds, a message with no count.
 * Rows are an ordered list, so the chart reads as text without the bars.
 */
export function widgetInner(body: ResultsBody): string {
  const title = `<h1>${escapeHtml(body.poll.title)}</h1>`;
  if (body.results === null) {
    return (
      `${title}<p class="st">${STATUS_TEXT[body.poll.status]}</p>` +
      '<p class="em">本次投票不公开实时票数，结果将在公布后显示。</p>'
    );
  }
  const max = Math.max(1, ...body.results.map((r) => r.votes));
  const rows = body.results
    .map((r) => {
      const pct = Math.round((r.votes / max) * 1000) / 10;
      const county = r.county ? `<span class="c">${escapeHtml(r.county)}</span>` : '';
      return (
        `<li><span class="r">第${r.rank}名</span><span class="n">${escapeHtml(r.name)}</span>${county}` +
        `<span class="v">${r.votes}票</span>` +
        `<svg class="b" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">` +
        `<rect width="100" height="6" class="t"/><rect width="${pct}" height="6"/></svg></li>`
      );
    })
    .join('');
  return (
    `${title}<p class="st">${STATUS_TEXT[body.poll.status]} · <time datetime="${escapeHtml(body.asOf)}">` +
    `${asOfText(body)}</time> · 共${body.totalBallots ?? 0}张有效选票</p>` +
    `<ol class="rs">${rows}</ol>`
  );
}
