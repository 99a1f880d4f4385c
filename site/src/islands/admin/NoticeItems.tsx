/**
 * The items of a 公示 typed in by hand (tracks without a vote): one row per item with its name, the
 * county picked from the list of counties (by name, never its id) and an optional score. The
 * score column goes through `scoreInput`: empty is no score, text that is no number is sent as
 * typed for the server to name.
 */
import { scoreInput } from '../../../../contracts/workflow';
import type { County } from './counties';

export interface ItemRow {
  name: string;
  countyId: string;
  score: string;
}

export const emptyItem = (): ItemRow => ({ name: '', countyId: '', score: '' });

/** The rows as the notice API takes them (rows without a name are left out). */
export const itemsBody = (rows: ItemRow[]) =>
  rows
    .filter((r) => r.name.trim())
    .map((r) => ({
      name: r.name.trim(),
      countyId: r.countyId || null,
      // Text that is no number is sent as typed (so not the declared type), so the server names the rule.
      score: scoreInput(r.score) as number | null,
    }));

export function ManualItems({
  rows,
  onRows,
  counties,
  error,
}: {
  rows: ItemRow[];
  onRows: (rows: ItemRow[]) => void;
  counties: County[];
  error?: string;
}) {
  const set = (i: number, patch: Partial<ItemRow>) => onRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset class="manual-items">
      <legend>公示项目（县区从列表中选择，得分可不填）</legend>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">名称</th>
            <th scope="col">县区</th>
            <th scope="col">得分</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                <input
                  aria-label={`第${i + 1}项名称`}
                  value={r.name}
                  onInput={(e) => set(i, { name: e.currentTarget.value })}
                />
              </td>
              <td>
                <select
                  aria-label={`第${i + 1}项县区`}
                  value={r.countyId}
                  onChange={(e) => set(i, { countyId: e.currentTarget.value })}
                >
                  <option value="">不填</option>
                  {counties.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  aria-label={`第${i + 1}项得分`}
                  inputMode="decimal"
                  size={6}
                  value={r.score}
                  onInput={(e) => set(i, { score: e.currentTarget.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  class="link"
                  disabled={rows.length === 1}
                  onClick={() => onRows(rows.filter((_, j) => j !== i))}
                >
                  删除第{i + 1}项
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="secondary" onClick={() => onRows([...rows, emptyItem()])}>
        添加一项
      </button>
    </fieldset>
  );
}
