/** The ten recruitment events (annex 6). */
import type { listRecruitment } from '../../../db/queries/content';
import { html, type Html } from './fragments';

export function recruitmentView(events: Awaited<ReturnType<typeof listRecruitment>>): Html {
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
