/**
 * The archive pages (/polls/, /notices/, /lists/): everything ever published, grouped by the year of
 * its round, newest year first, so a citizen or an auditor finds an earlier year's record by year.
 */
import type { PollSummary } from '../../../contracts/api';
import { formatChinaDate } from '../../../contracts/china-time';
import type { TrackKey } from '../../../contracts/enums';
import { labels } from '../../../contracts/labels';
import type { NoticeSummary } from '../../services/notices';
import { html, noticeBadge, pollBadge, type Html } from './fragments';
import { until, when } from './format';

/** Items grouped by year, newest year first; items without a year (none today) come last. */
export function byYear<T>(items: T[], yearOf: (item: T) => number | null): { year: number | null; items: T[] }[] {
  const groups = new Map<number | null, T[]>();
  for (const item of items) {
    const year = yearOf(item);
    groups.set(year, [...(groups.get(year) ?? []), item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : b - a))
    .map(([year, items]) => ({ year, items }));
}

export interface ArchiveOptions<T> {
  title: string;
  intro: string;
  /** What the page says when there is nothing yet. */
  empty: string;
  items: T[];
  yearOf: (item: T) => number | null;
  card: (item: T) => Html;
}

const anchor = (year: number | null) => (year === null ? 'other' : `y${year}`);

/** An archive page: the jump links to each year, then each year's cards. */
export function archiveView<T>(o: ArchiveOptions<T>): Html {
  const groups = byYear(o.items, o.yearOf);
  return html`<p class="muted"><a href="/">首页</a> › ${o.title}</p>
    <h1>${o.title}</h1>
    <p>${o.intro}</p>
    ${
      groups.length > 1
        ? html`<nav class="years" aria-label="按年度查看">
            ${groups.map((g) => html`<a href="#${anchor(g.year)}">${g.year === null ? '其他' : `${g.year}年度`}</a>`)}
          </nav>`
        : ''
    }
    ${
      groups.length
        ? groups.map(
            (g) =>
              html`<section aria-labelledby="${anchor(g.year)}">
                <h2 id="${anchor(g.year)}">${g.year === null ? '其他' : `${g.year}年度`}</h2>
                ${g.items.map(o.card)}
              </section>`,
          )
        : html`<p class="muted">${o.empty}</p>`
    }`;
}

/** The track an archived item belongs to, as a link to the track's round of that year. */
export function roundLink(track: TrackKey, year: number | null): Html {
  return year === null
    ? html`<a href="/tracks/${track}/">${labels.track[track]}</a>`
    : html`<a href="/tracks/${track}/${year}/">${labels.track[track]} · ${year}年度</a>`;
}

export function archivedPoll(p: PollSummary): Html {
  return html`<article class="card">
    <h3><a href="/polls/${p.slug}/">${p.title}</a></h3>
    <p>${pollBadge(p.status)} <span class="muted">${when(p.opensAt)} 至 ${until(p.closesAt)}</span></p>
    <p class="muted">${roundLink(p.track, p.year)}</p>
  </article>`;
}

export function archivedNotice(n: NoticeSummary & { track: TrackKey }): Html {
  return html`<article class="card notice-box">
    <h3><a href="/notices/${n.slug}/">${n.title}</a></h3>
    <p>
      ${noticeBadge(n.status)}
      <span class="muted">公示期 ${formatChinaDate(n.startsOn)} 至 ${formatChinaDate(n.endsOn)}</span>
    </p>
    <p class="muted">${roundLink(n.track, n.year)}</p>
  </article>`;
}

export function archivedList(l: {
  slug: string;
  title: string;
  track: TrackKey;
  publishedAt: string;
  year: number | null;
}): Html {
  return html`<article class="card">
    <h3><a href="/lists/${l.slug}/">${l.title}</a></h3>
    <p class="muted">发布于 ${when(l.publishedAt)}</p>
    <p class="muted">${roundLink(l.track, l.year)}</p>
  </article>`;
}
