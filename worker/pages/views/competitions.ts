/** The ten competitions and their prize rules (annex 5). */
import { labels } from '../../../contracts/labels';
import type { CompetitionsWithAwards } from '../../services/content';
import { months } from './format';
import { html, type Html } from './fragments';

export function competitionsView({ competitions, awards }: CompetitionsWithAwards): Html {
  return html`<h1>十场技能大赛</h1>
    <p>围绕“助力脱贫攻坚”“劳务品牌建设”和“高技能人才”三大板块，以赛促训。</p>
    <div class="table-wrap">
      <table>
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
                <td>${c.seq}</td>
                <td>
                  ${c.name}
                  <div class="muted">${labels.board[c.board]}</div>
                </td>
                <td>${c.year}年${months(c.monthFrom, c.monthTo)}</td>
                <td>${c.organisers}</td>
                <td>${c.venue}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <h2>奖项设置</h2>
    <p>各竞赛工种设一等奖1名、二等奖2名、三等奖3名，各项赛事设优秀组织奖若干名。获奖选手奖金由市级承担。</p>
    <div class="table-wrap">
      <table>
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
                <td>${a.title}</td>
                <td>${a.placesPerTrade ?? '若干'}</td>
                <td>${a.amountYuan ? `${a.amountYuan}元` : '—'}</td>
                <td>${a.benefit}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
