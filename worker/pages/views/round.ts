/**
 * A track's rounds (年度评选): the round section of the track page (the current round, the earlier
 * ones) and the stable page of one round, /tracks/{track}/{year}/, with its stages, polls, notices,
 * final list and its candidates' appearances in other years.
 */
import { formatChinaDate } from '../../../contracts/china-time';
import type { RoundStatus } from '../../../contracts/enums';
import { labels } from '../../../contracts/labels';
import type { RoundDetail, RoundListItem } from '../../services/rounds';
import { cardSection, noticeCard, pollCard, type Html, html } from './fragments';
import { when } from './format';

/** The badge colours the other statuses use: open as a running poll, finished as a published one. */
const ROUND_BADGE: Record<RoundStatus, string> = { open: 'open', finished: 'published', closed: 'closed' };

export function roundBadge(status: RoundStatus): Html {
  return html`<span class="badge ${ROUND_BADGE[status]}">${labels.roundStatus[status]}</span>`;
}

const roundHref = (track: string, year: number) => `/tracks/${track}/${year}/`;

/** The public reason of a round closed early. */
function closedNote(r: { status: RoundStatus; closedReason?: string | null }): Html | '' {
  return r.status === 'closed'
    ? html`<p class="alert">本年度评选已提前结束。原因：${r.closedReason ?? '（未说明）'}</p>`
    : '';
}

/** The track page's round section: the current round, then the earlier ones, each linking to its page. */
export function trackRoundsView(track: string, rounds: RoundListItem[]): Html | '' {
  // The current round: the open one, else the newest (as the services pick it).
  const current = rounds.find((r) => r.status === 'open') ?? rounds[0];
  if (!current) return '';
  const earlier = rounds.filter((r) => r.year !== current.year);
  return html`<section class="card round-card" aria-labelledby="round-title">
      <p class="muted">本年度评选</p>
      <h2 id="round-title"><a href="${roundHref(track, current.year)}">${current.title}</a></h2>
      <p>${roundBadge(current.status)} <span class="muted">${current.year}年度</span></p>
      ${closedNote(current)}
      ${
        current.finalList
          ? html`<p>最终名单：<a href="/lists/${current.finalList.slug}/">${current.finalList.title}</a></p>`
          : ''
      }
    </section>
    ${
      earlier.length
        ? html`<h2>往年评选</h2>
            <ul>
              ${earlier.map(
                (r) =>
                  html`<li>
                    <a href="${roundHref(track, r.year)}">${r.title}</a> ${roundBadge(r.status)}
                    ${
                      r.finalList
                        ? html`<span class="muted">
                            · 最终名单：<a href="/lists/${r.finalList.slug}/">${r.finalList.title}</a></span
                          >`
                        : ''
                    }
                  </li>`,
              )}
            </ul>`
        : ''
    }`;
}

type RoundStage = RoundDetail['stages'][number];

/**
 * A stage's dates. A finished stage shows the days it ran; an open or coming one its start and its
 * last day, whose 24:00 is the deadline.
 */
function stageDates(s: RoundStage): Html | '' {
  if (!s.startsOn && !s.endsOn) return '';
  const from = s.startsOn ? formatChinaDate(s.startsOn) : '';
  const to = s.endsOn ? formatChinaDate(s.endsOn) : '';
  const text =
    s.status === 'done' || s.status === 'skipped'
      ? [from, to].filter(Boolean).join(' 至 ')
      : `${from ? `${from}起` : ''}${from && to ? '，' : ''}${to ? `${to}24:00截止` : ''}`;
  return html`<span class="muted stage-dates">${text}</span>`;
}

function roundStages(stages: RoundStage[]): Html {
  return html`<ol class="steps">
    ${stages.map(
      (s) =>
        html`<li class="${s.status}">
          <span>${s.title}</span>
          <span class="muted">（${labels.stageStatus[s.status]}）</span>
          ${stageDates(s)}
          <div class="muted">${s.rule}</div>
        </li>`,
    )}
  </ol>`;
}

/**
 * Links to a candidate's rounds in other years (the same name in the same track). Cross-round links
 * carry the class `elsewhere`: a later round adds them to an earlier round's page, and they are the
 * only thing it adds (the e2e test compares the rest).
 */
function otherYears(track: string, years: number[]): Html | '' {
  return years.length
    ? html`<p class="muted elsewhere">
        其他年度：${years.map((y, i) => html`${i ? '、' : ''}<a href="${roundHref(track, y)}">${y}年度</a>`)}
      </p>`
    : '';
}

/** The stable page of one round. */
export function roundView(d: RoundDetail, others: RoundListItem[]): Html {
  const { track, round } = d;
  const elsewhere = new Map(d.candidates.map((c) => [c.name, c.otherYears]));
  const returning = d.candidates.filter((c) => c.otherYears.length);
  const siblings = others.filter((r) => r.year !== round.year);
  return html`<p class="muted">
      <a href="/">首页</a> › <a href="/tracks/${track.key}/">${track.title}</a> › ${round.year}年度
    </p>
    <h1>${round.title}</h1>
    <p>${roundBadge(round.status)} <span class="muted">${round.year}年度</span></p>
    ${closedNote(round)}
    <h2>工作流程</h2>
    ${roundStages(d.stages)} ${cardSection('投票', d.polls, pollCard)} ${cardSection('公示', d.notices, noticeCard)}
    ${
      d.finalList
        ? html`<h2>最终名单</h2>
            <p><a href="/lists/${d.finalList.slug}/">${d.finalList.title}</a></p>
            <p class="muted">发布于 ${when(d.finalList.publishedAt)}</p>
            <ol class="finalists">
              ${d.finalList.items.map(
                (it) =>
                  html`<li>
                    <h3>${it.name}</h3>
                    ${it.county ? html`<p class="muted">${it.county}</p>` : ''}
                    ${otherYears(track.key, elsewhere.get(it.name) ?? [])}
                  </li>`,
              )}
            </ol>`
        : ''
    }
    ${
      returning.length && !d.finalList
        ? html`<section class="elsewhere" aria-labelledby="returning">
            <h2 id="returning">其他年度也曾参评</h2>
            <ul>
              ${returning.map((c) => html`<li>${c.name} ${otherYears(track.key, c.otherYears)}</li>`)}
            </ul>
          </section>`
        : ''
    }
    ${
      siblings.length
        ? html`<nav class="elsewhere" aria-labelledby="other-rounds">
            <h2 id="other-rounds">其他年度</h2>
            <ul>
              ${siblings.map((r) => html`<li><a href="${roundHref(track.key, r.year)}">${r.title}</a> ${roundBadge(r.status)}</li>`)}
            </ul>
          </nav>`
        : ''
    }`;
}
