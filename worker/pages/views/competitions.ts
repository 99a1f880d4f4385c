/** The ten competitions and their prize rules (annex 5). */
import { labels } from '../../../contracts/labels';
import type { CompetitionsWithAwards } from '../../services/content';
import { months } from './format';
import { heading, html, type Html } from './fragments';

/** `level` 1 on /competitions/, 2 inside the track's page, so headings never skip a level. */
export function competitionsView({ competitions, awards }: CompetitionsWithAwards, level: 1 | 2 = 1): Html {
  return html`${heading(level, '十场技能大赛')}
    <p>围绕“助力脱贫攻坚”“劳务品牌建设”和“高技能人才”三大板块，以赛促训。</p>
    <div class="table-wrap">
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">大赛名称</th>
            <th scope="col">时间</th>
            <th scope="col">主办单位</th>
            <th scope="col">比赛地点</th>
          </tr>
        </thead>
        <tbody>
          ${competitions.map(
            (c) =>
              html`<tr>
                <td data-label="序号">${c.seq}</td>
                <td class="title">
                  ${c.name}
                  <div class="muted">${labels.board[c.board]}</div>
                </td>
                <td data-label="时间">${c.year}年${months(c.monthFrom, c.monthTo)}</td>
                <td data-label="主办单位">${c.organisers}</td>
                <td data-label="比赛地点">${c.venue}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${heading(level === 1 ? 2 : 3, '奖项设置')}
    <p>各竞赛工种设一等奖1名、二等奖2名、三等奖3名，各项赛事设优秀组织奖若干名。获奖选手奖金由市级承担。</p>
    <div class="table-wrap">
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">奖项</th>
            <th scope="col">名额（每工种）</th>
            <th scope="col">奖金</th>
            <th scope="col">奖励</th>
          </tr>
        </thead>
        <tbody>
          ${awards.map(
            (a) =>
              html`<tr>
                <td class="title">${a.title}</td>
                <td data-label="名额（每工种）">${a.placesPerTrade ?? '若干'}</td>
                <td data-label="奖金">${a.amountYuan ? `${a.amountYuan}元` : '—'}</td>
                <td data-label="奖励">${a.benefit}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
