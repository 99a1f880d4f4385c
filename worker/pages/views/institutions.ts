/** The directory of appraisal institutions (annex 4). */
import { formatChinaDate } from '../../../contracts/china-time';
import { labels } from '../../../contracts/labels';
import type { Institution } from '../../services/content';
import { demoBadge, heading, type Html, html } from './fragments';

/** `level` 1 on /institutions/, 2 inside the track's page. */
export function institutionsView(rows: Institution[], level: 1 | 2 = 1): Html {
  return html`${heading(level, '职业技能等级认定机构目录')}
    <p>经认定的鉴定评价机构资质有效期3年，实行动态调整；社会评价组织申报的职业（工种）原则上不超过5个。</p>
    <div class="table-wrap">
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">机构名称</th>
            <th scope="col">类型</th>
            <th scope="col">评价职业（工种）</th>
            <th scope="col">有效期</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <td class="title">
                  ${r.name}${demoBadge(r.isDemo)}
                  <div class="muted">${r.county ?? ''}</div>
                </td>
                <td data-label="类型">${r.type ? labels.institutionType[r.type] : ''}</td>
                <td data-label="评价职业（工种）">${r.occupations.join('、')}</td>
                <td data-label="有效期">
                  ${r.validFrom ? formatChinaDate(r.validFrom) : ''} 至
                  ${r.validUntil ? formatChinaDate(r.validUntil) : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
