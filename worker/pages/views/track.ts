/** A track's page: its rule, workflow, polls, notices and lists, plus what only that track has. */
import { labels } from '../../../contracts/labels';
import type { listNamedBrands } from '../../../db/queries/content';
import type { TrackDetail } from '../../services/content';
import { cardSection, listCard, noticeCard, pollCard, stageList, type Html, html } from './fragments';

/** `rounds`: the track's current round and its earlier ones, above the workflow. */
export function trackView(t: TrackDetail, extra: Html | '', rounds: Html | '' = ''): Html {
  return html`<p class="muted"><a href="/">首页</a> › ${t.title}</p>
    <h1>${t.title}</h1>
    <p>${t.summary}</p>
    <p class="muted">依据：临政办发〔2020〕40号 附件${t.annex}</p>
    ${rounds}
    <h2>工作流程</h2>
    ${stageList(t.stages)} ${cardSection('投票', t.polls, pollCard)} ${cardSection('公示', t.notices, noticeCard)}
    ${cardSection('已公布名单', t.lists, listCard)} ${extra}`;
}

/** The brands already named, shown on the brands track page. */
export function brandsView(brands: Awaited<ReturnType<typeof listNamedBrands>>): Html {
  return html`<h2>劳务品牌</h2>
    <div class="grid">
      ${brands.map(
        (b) =>
          html`<article class="card">
            <h3>${b.name}</h3>
            <p class="muted">${b.level ? labels.brandLevel[b.level] : ''}${b.county ? ` · ${b.county}` : ''}</p>
          </article>`,
      )}
    </div>`;
}
