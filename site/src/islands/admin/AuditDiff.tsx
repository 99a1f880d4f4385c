/**
 * An audit entry's change, readable: the fields that changed, each with its Chinese label and its
 * value before and after (times in China time, yes/no, lists joined), and the raw JSON of both
 * states behind a toggle for whoever needs the record exactly as stored.
 */
import { AUDIT_FIELDS } from '../../../../contracts/audit-labels';
import { labels } from '../../../../contracts/labels';
import { STAFF_ROLE_LABELS } from '../../../../contracts/admin-accounts';
import { formatTime } from './ui';

/** Status codes the audited entities carry, in Chinese. */
const STATUS: Record<string, string> = {
  ...labels.pollStatus,
  ...labels.objectionStatus,
  ...labels.ballotStatus,
  ...labels.stageStatus,
  draft: '草稿',
  entered: '已录入',
  plain: '按普通周',
};
const CODES: Record<string, Record<string, string>> = {
  status: STATUS,
  role: STAFF_ROLE_LABELS,
  trackKey: labels.track,
  track: labels.track,
};

type State = Record<string, unknown>;

const isState = (v: unknown): v is State => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field's value as staff read it. */
function shown(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string' && CODES[key]?.[v]) return CODES[key][v];
  // Instants are stored as epoch milliseconds under keys ending in At.
  if (typeof v === 'number' && /At$/.test(key) && v > 1e11) return formatTime(v);
  // Long structures (a decision's rows, a notice's items) are counted here and read in the raw data.
  if (Array.isArray(v)) return v.every((x) => typeof x !== 'object') ? v.join('、') : `${v.length} 项（详见原始数据）`;
  if (typeof v === 'object') {
    const text = Object.entries(v)
      .map(([k, x]) => `${label(k)}：${typeof x === 'object' && x !== null ? '…' : shown(k, x)}`)
      .join('，');
    return text.length <= 160 ? text : '（详见原始数据）';
  }
  return String(v);
}

const label = (key: string) => AUDIT_FIELDS[key] ?? key;

/** The fields whose value differs between `before` and `after` (all of one when the other is empty). */
export function changedFields(before: unknown, after: unknown): string[] {
  const b = isState(before) ? before : {};
  const a = isState(after) ? after : {};
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null),
  );
}

export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) return <span class="hint">（无）</span>;
  const structured = (before == null || isState(before)) && (after == null || isState(after));
  const keys = structured ? changedFields(before, after) : [];
  const b = isState(before) ? before : {};
  const a = isState(after) ? after : {};
  return (
    <div class="audit-diff">
      {structured && keys.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">字段</th>
              <th scope="col">变更前</th>
              <th scope="col">变更后</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k}>
                <th scope="row">{label(k)}</th>
                <td>{before == null ? '—' : shown(k, b[k])}</td>
                <td>{after == null ? '—' : shown(k, a[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {structured && keys.length === 0 && <span class="hint">（内容无变化）</span>}
      <details>
        <summary>原始数据</summary>
        <pre class="json">{JSON.stringify({ 变更前: before ?? null, 变更后: after ?? null }, null, 1)}</pre>
      </details>
    </div>
  );
}
