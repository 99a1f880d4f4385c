/** A 公示 notice: its period, the listed items and how to object. */
import { html } from 'hono/html';
import type { Notice } from '../../../contracts/api';
import { formatChinaDate } from '../../../contracts/china-time';
import { demoBadge, noticeBadge, trackCrumb, type Html } from './fragments';

export function noticeView(n: Notice, trackTitle: string): Html {
  return html`${trackCrumb({ key: n.track, title: trackTitle })}
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
