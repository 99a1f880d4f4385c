/** A 公示 notice: its period, the listed items and every way to object. */
import type { Notice } from '../../../contracts/api';
import { formatChinaDate } from '../../../contracts/china-time';
import { formatScore } from '../../../contracts/decision';
import { labels } from '../../../contracts/labels';
import type { ObjectionStatusBody } from '../../../contracts/objections';
import { demoBadge, noticeBadge, trackCrumb, type Html, html } from './fragments';

export function noticeView(n: Notice, trackTitle: string, daysLeft: number | null): Html {
  return html`${trackCrumb({ key: n.track, title: trackTitle })}
    <h1>${n.title}${demoBadge(n.isDemo)}</h1>
    ${
      n.replacedBy
        ? html`<p class="alert" role="note">本公示已由<a href="/notices/${n.replacedBy}/">重新发布的公示</a>替代。</p>`
        : ''
    }
    ${n.replaces ? html`<p class="muted">本公示替代<a href="/notices/${n.replaces}/">此前发布的公示</a>。</p>` : ''}
    ${n.status === 'withdrawn' && n.withdrawnReason ? html`<p class="alert">撤回原因：${n.withdrawnReason}</p>` : ''}
    <p>
      ${noticeBadge(n.status)}
      <span class="muted"
        >公示期：${formatChinaDate(n.startsOn)} 至 ${formatChinaDate(n.endsOn)} 24:00（${n.workingDays}个工作日）</span
      >
    </p>
    ${
      daysLeft !== null
        ? html`<p class="days-left">距公示结束还有 <strong>${daysLeft}</strong> 个工作日（不含节假日和周末）。</p>`
        : ''
    }
    <p>${n.body}</p>
    <div class="table-wrap">
      <table class="cards">
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
                <td data-label="序号">${i + 1}</td>
                <td class="title">${it.name}</td>
                <td data-label="所在县（市、区）">${it.county ?? ''}</td>
                <td data-label="评估得分">
                  ${it.score === null ? '' : formatScore(it.score)}${it.note ? html`<br /><small>${it.note}</small>` : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <section class="card notice-box" aria-labelledby="objection">
      <h2 id="objection">对公示有异议？</h2>
      <p>公示期内（截至 ${formatChinaDate(n.endsOn)} 24:00）可通过以下任一方式实名反映：</p>
      <ul>
        <li>在线提交：${n.status === 'open' ? '填写本页下方表单（需短信验证手机号）' : '公示期内开放'}</li>
        <li>电话：${n.contact.phone}（联系人：${n.contact.name}）</li>
        <li>信函：${n.contact.address}（${n.postmarkRule}）</li>
      </ul>
      <p><a href="/objections/">凭受理编号查询异议办理进度</a></p>
    </section>`;
}

/** The objection lookup form (a GET form, works without JavaScript), with a problem above it. */
export function objectionLookupView(problem: string): Html {
  return html`<h1>查询异议办理进度</h1>
    <p>输入提交异议后获得的受理编号。查询结果不显示姓名、手机号和异议内容。</p>
    ${problem ? html`<p class="alert" role="alert">${problem}</p>` : ''}
    <form method="get" action="/objections/" class="card">
      <label class="field"
        ><span>受理编号</span
        ><input name="no" required autocomplete="off" autocapitalize="characters" placeholder="例如 ABCD-EFGH-JKMN"
      /></label>
      <button class="button" type="submit">查询</button>
    </form>`;
}

/** A notice as a link names it. */
interface NoticeRef {
  slug: string;
  title: string;
}

/**
 * The public status of one objection: what was objected to (the notice and the item, never the
 * content), the notice as it now stands when a re-published one replaced it, the status and the
 * published response.
 */
export function objectionStatusView(o: ObjectionStatusBody, notice: NoticeRef, current: NoticeRef): Html {
  const done = o.status === 'upheld' || o.status === 'dismissed';
  return html`<h1>异议办理进度</h1>
    <div class="card">
      <p class="receipt-code">${o.trackingNo}</p>
      <p>异议的公示：<a href="/notices/${notice.slug}/">${notice.title}</a></p>
      <p>异议对象：${o.item ?? '整份公示'}</p>
      ${
        current.slug !== notice.slug
          ? html`<p class="notice-box current-notice">
              该公示已调整后重新发布，现行公示：<a href="/notices/${current.slug}/">${current.title}</a>
            </p>`
          : ''
      }
      <p>提交日期：${formatChinaDate(o.submittedOn)}</p>
      <p>状态：<span class="badge ${done ? 'closed' : 'open'}">${labels.objectionStatus[o.status]}</span></p>
      ${
        o.response
          ? html`<h2>答复</h2>
              <p>${o.response}</p>`
          : html`<p class="muted">尚未答复。</p>`
      }
    </div>`;
}
