/** The ten recruitment events (annex 6). */
import type { listRecruitment } from '../../../db/queries/content';
import { heading, html, type Html } from './fragments';

/** `level` 1 on /recruitment/, 2 inside the track's page, so headings never skip a level. */
export function recruitmentView(events: Awaited<ReturnType<typeof listRecruitment>>, level: 1 | 2 = 1): Html {
  return html`${heading(level, '十场招聘活动')}
    <p>市县两级公共就业人才服务机构组织的专场招聘和就业服务活动。</p>
    ${events.map(
      (e) =>
        html`<article class="card">
          ${heading(level === 1 ? 2 : 3, `${e.seq}. ${e.name}`)}
          <p><strong>时间：</strong>${e.year}年 ${e.period}</p>
          <p><strong>服务对象：</strong>${e.audience}</p>
          <p class="muted">${e.description}</p>
        </article>`,
    )}`;
}
