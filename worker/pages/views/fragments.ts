/**
 * Fragments several pages share, and the `html` tag every view uses: hono/html's, which escapes
 * every interpolated value (nested fragments are already escaped).
 */
import { html as escapedHtml } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { PollSummary } from '../../../contracts/api';
import { formatChinaDate } from '../../../contracts/china-time';
import type { NoticeStatus, PollStatus } from '../../../contracts/enums';
import { labels } from '../../../contracts/labels';
import type { ListSummary, Stage } from '../../services/content';
import type { NoticeSummary } from '../../services/notices';
import { until, when } from './format';

/** What every view and fragment returns. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Each template's text with its source indentation dropped, made once per template. */
const squeezed = new WeakMap<TemplateStringsArray, TemplateStringsArray>();

/**
 * hono/html's `html`, minus the indentation of the template's own text (a newline and the spaces
 * after it become one newline; interpolated values are untouched). The browser collapses that
 * whitespace anyway (no view writes literal text inside <pre> or <textarea>), and the poll page is
 * about a tenth lighter, which every cached copy and every phone download pays for.
 */
export function html(
  strings: TemplateStringsArray,
  ...values: unknown[]
): HtmlEscapedString | Promise<HtmlEscapedString> {
  let tight = squeezed.get(strings);
  if (!tight) {
    const parts = strings.map((part) => part.replace(/\n\s+/g, '\n'));
    tight = Object.assign(parts, { raw: parts });
    squeezed.set(strings, tight);
  }
  return escapedHtml(tight, ...values);
}

/** A heading at `level`: a directory is h1 on its own page and h2 inside its track's page. */
export function heading(level: 1 | 2 | 3, text: string | Html): Html {
  if (level === 1) return html`<h1>${text}</h1>`;
  return level === 2 ? html`<h2>${text}</h2>` : html`<h3>${text}</h3>`;
}

export const demoBadge = (isDemo: boolean): Html | '' =>
  isDemo ? html` <span class="badge demo">演示数据</span>` : '';

export function pollBadge(status: PollStatus): Html {
  return html`<span class="badge ${status}">${labels.pollStatus[status]}</span>`;
}

export function noticeBadge(status: NoticeStatus): Html {
  return html`<span class="badge ${status}">${labels.noticeStatus[status]}</span>`;
}

/** The breadcrumb back to the home page and the item's track. */
export function trackCrumb(track: { key: string; title: string }): Html {
  return html`<p class="muted"><a href="/">首页</a> › <a href="/tracks/${track.key}/">${track.title}</a></p>`;
}

export function stageList(stages: Stage[]): Html {
  return html`<ol class="steps">
    ${stages.map(
      (s) =>
        html`<li class="${s.status}">
          <span>${s.title}</span>
          <span class="muted">（${labels.stageStatus[s.status]}）</span>
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

export function noticeCard(n: NoticeSummary): Html {
  return html`<article class="card notice-box">
    <h3><a href="/notices/${n.slug}/">${n.title}</a></h3>
    <p>
      ${noticeBadge(n.status)}
      <span class="muted">公示期 ${formatChinaDate(n.startsOn)} 至 ${formatChinaDate(n.endsOn)}</span>
    </p>
  </article>`;
}

export function listCard(l: Pick<ListSummary, 'slug' | 'title' | 'publishedAt'>): Html {
  return html`<article class="card">
    <h3><a href="/lists/${l.slug}/">${l.title}</a></h3>
    <p class="muted">发布于 ${when(l.publishedAt)}</p>
  </article>`;
}

/** A headed section of cards, or nothing when there are none. */
export function cardSection<T>(heading: string, items: T[], card: (item: T) => Html): Html | '' {
  return items.length
    ? html`<h2>${heading}</h2>
        ${items.map(card)}`
    : '';
}

/**
 * Where a poll's final list exists, beside its vote ranking (poll page and widget): the decision
 * weighs the votes with other scores and may rank and keep other items, so the ranking must not
 * read as the result.
 */
export function finalListNote(list: { slug: string; title: string }): Html {
  return html`<p class="final-list">
    <strong>最终名单</strong>已公布：<a href="/lists/${list.slug}/">${list.title}</a
    >。评选结果综合县级推荐、专家评审和大众投票确定，以最终名单为准；票数排名不是评选结果。
  </p>`;
}
