/**
 * /admin/audit/: the audit log for city admins and auditors — filter by action, entity type and
 * China dates, page backwards with `before`, and export the same filter as CSV.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AuditPage } from '../../../../contracts/admin-api';
import { api, send, type ApiFailure } from '../api';
import { ErrorBanner, Field, formatTime, RequireSession, roleLabel, SelectField } from './ui';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditActionLabel } from '../../../../contracts/audit-labels';
import { AuditDiff } from './AuditDiff';

const ACTION_OPTIONS: [string, string][] = [['', '全部操作'], ...Object.entries(AUDIT_ACTIONS)];
const ENTITY_OPTIONS: [string, string][] = [['', '全部对象'], ...Object.entries(AUDIT_ENTITIES)];

type Filter = { action: string; entityType: string; from: string; to: string };
const PAGE = 50;

/** The filter's fields that are filled in, as query parameters. */
const filled = (f: Filter) => Object.fromEntries(Object.entries(f).filter(([, v]) => v));

/** The audit island. */
export default function Audit() {
  return <RequireSession>{() => <AuditBody />}</RequireSession>;
}

function AuditBody() {
  const [draft, setDraft] = useState<Filter>({ action: '', entityType: '', from: '', to: '' });
  const [filter, setFilter] = useState<Filter>(draft);
  const [before, setBefore] = useState<number[]>([]);
  const [page, setPage] = useState<AuditPage | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const cursor = before[before.length - 1] ?? null;
  useEffect(() => {
    void send(api.admin.audit.$get({ query: { ...filled(filter), limit: PAGE, before: cursor ?? undefined } })).then(
      (r) => {
        if (r.ok) {
          setPage(r.data);
          setError(null);
        } else setError(r.error);
      },
    );
  }, [filter, cursor]);
  const input = (k: keyof Filter, label: string, type = 'text') => (
    <Field label={label} error={error?.fields[k]}>
      {(id, d) => (
        <input
          id={id}
          aria-describedby={d}
          type={type}
          value={draft[k]}
          onInput={(e) => setDraft({ ...draft, [k]: e.currentTarget.value })}
        />
      )}
    </Field>
  );
  const entries = page?.entries ?? [];
  const next = page?.nextBefore ?? null;
  return (
    <>
      <h1>审计日志</h1>
      <form
        class="panel inline-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setBefore([]);
          setFilter(draft);
        }}
      >
        <SelectField
          label="操作"
          error={error?.fields.action}
          value={draft.action}
          onValue={(v) => setDraft({ ...draft, action: v })}
          options={ACTION_OPTIONS}
        />
        <SelectField
          label="对象类型"
          error={error?.fields.entityType}
          value={draft.entityType}
          onValue={(v) => setDraft({ ...draft, entityType: v })}
          options={ENTITY_OPTIONS}
        />
        {input('from', '起始日期', 'date')}
        {input('to', '结束日期', 'date')}
        <button type="submit">筛选</button>
        <a href={`/api/admin/audit.csv?${new URLSearchParams(filled(filter))}`} download>
          导出 CSV
        </a>
      </form>
      <ErrorBanner error={error} />
      <div class="table-wrap">
        <table>
          <caption class="hint" style={{ textAlign: 'left' }}>
            {entries.length ? `本页 ${entries.length} 条` : '没有符合条件的记录'}
          </caption>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">操作人</th>
              <th scope="col">操作</th>
              <th scope="col">对象</th>
              <th scope="col">变更内容</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td class="nowrap">{formatTime(e.at)}</td>
                <td class="nowrap">
                  {e.actorLabel}
                  {e.actorRole ? `（${roleLabel(e.actorRole)}）` : ''}
                </td>
                <td>
                  {auditActionLabel(e.action)} <code class="hint">{e.action}</code>
                  {e.reason && <div>理由：{e.reason}</div>}
                </td>
                <td>
                  {AUDIT_ENTITIES[e.entityType] ?? e.entityType}
                  {e.entityId ? ` ${e.entityId}` : ''}
                </td>
                <td>
                  <AuditDiff before={e.before} after={e.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="actions" style={{ marginTop: '12px' }}>
        <button
          type="button"
          class="secondary"
          disabled={!before.length}
          onClick={() => setBefore(before.slice(0, -1))}
        >
          较新的记录
        </button>
        <button type="button" class="secondary" disabled={!next} onClick={() => next && setBefore([...before, next])}>
          较早的记录
        </button>
      </div>
    </>
  );
}
