/** Receipt lookup: the form, and what a receipt shows (never the phone). */
import { formatChinaDateTime } from '../../../contracts/china-time';
import { labels } from '../../../contracts/labels';
import type { StoredBallot } from '../../../db/queries/ballots';
import type { PollRow } from '../../../db/queries/polls';
import type { ReceiptRecord } from '../../services/integrity/record';
import { html, type Html } from './fragments';

/** The receipt lookup form, with a problem to show above it; a GET form, so it works without JavaScript. */
export function receiptLookupView(problem: string): Html {
  return html`<h1>查询选票</h1>
    <p>输入投票成功后获得的回执码，查询选票是否已计入以及所选内容。查询结果不显示手机号。</p>
    ${problem ? html`<p class="alert" role="alert">${problem}</p>` : ''}
    <form method="get" action="/receipts/" class="card">
      <label class="field"
        ><span>回执码</span
        ><input name="code" required autocomplete="off" autocapitalize="characters" placeholder="例如 ABCD-EFGH-JKMN"
      /></label>
      <button class="button" type="submit">查询</button>
    </form>`;
}

/** A ballot as its receipt holder sees it, with its place in the public record (docs/transparency.md). */
export function receiptView(
  ballot: StoredBallot,
  poll: PollRow,
  names: Map<number, string>,
  record: ReceiptRecord,
): Html {
  return html`<h1>选票查询结果</h1>
    <div class="card">
      <p class="receipt-code">${ballot.receipt}</p>
      <p>投票：<a href="/polls/${poll.slug}/">${poll.title}</a></p>
      <p>投票时间：${formatChinaDateTime(ballot.castAt)}（北京时间）</p>
      <p>
        状态：<span class="badge ${ballot.status === 'counted' ? 'open' : 'closed'}"
          >${labels.ballotStatus[ballot.status]}</span
        >
      </p>
      <p>所选内容：</p>
      <ol>
        ${ballot.choices.map((id) => html`<li>${names.get(id) ?? `#${id}`}</li>`)}
      </ol>
      ${
        ballot.status === 'quarantined'
          ? html`<p class="muted">该选票因疑似异常暂未计入公开票数，正在等待人工复核，不会被删除。</p>`
          : ''
      }
      <p>公开记录中的回执哈希：<code class="hash">${record.receiptHash}</code></p>
      <p>封存：${record.sealedBy ? sealedByText(record.sealedBy) : '待封存（每五分钟封存一次）'}</p>
      <p class="muted">
        可在<a href="/api/polls/${poll.slug}/ballots.csv">选票公开记录</a>中按回执哈希找到这张选票；核对方法见<a
          href="/rules/"
          >计票规则</a
        >。
      </p>
    </div>`;
}

/** One line, so the checkpoint number reads (and is searched) as 第 N 号检查点. */
function sealedByText(sealedBy: { seq: number; sealedAt: string; hash: string }): Html {
  const when = formatChinaDateTime(Date.parse(sealedBy.sealedAt));
  const seq = `第 ${sealedBy.seq} 号检查点`;
  return html`已由${seq}封存（${when}，哈希 <code class="hash">${sealedBy.hash}</code>）`;
}
