/** The audit log viewer and its CSV export, for city admins and auditors (read only: it is append-only). */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { chinaMidnight, isCalendarDate } from '../../../contracts/china-time';
import { AuditEntry, AuditPage, AuditQuery } from '../../../contracts/admin-api';
import { auditEntries, type AuditFilter, type StoredAuditRow } from '../../../db/queries/audit';
import { csvResponse, toCsv } from '../../services/workflow/csv';
import { errors, json, router } from '../declare';
import { access } from './access';

const TAGS = ['admin-audit'];
const READERS = ['city_admin', 'auditor'] as const;
/** The most rows one CSV export holds; narrow the filters for more. */
export const AUDIT_CSV_MAX_ROWS = 10_000;

const listAudit = createRoute({
  method: 'get',
  path: '/audit',
  operationId: 'listAuditEntries',
  tags: TAGS,
  summary: 'Audit entries matching the filters, newest first',
  ...access(READERS),
  request: { query: AuditQuery },
  responses: {
    200: json(AuditPage, 'One page of entries'),
    ...errors('invalid_request', 'unauthenticated', 'forbidden'),
  },
});

const exportAudit = createRoute({
  method: 'get',
  path: '/audit.csv',
  operationId: 'exportAuditEntries',
  tags: TAGS,
  summary: 'The audit entries matching the filters as CSV (UTF-8 with BOM)',
  description: `Newest first, at most ${AUDIT_CSV_MAX_ROWS} rows; \`limit\` and \`before\` are ignored.`,
  ...access(READERS),
  request: { query: AuditQuery },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...errors('invalid_request', 'unauthenticated', 'forbidden'),
  },
});

const DAY_MS = 86_400_000;

/**
 * A query's dates as instants: a China date means all of that day. The end of a day is its
 * midnight plus a day, never the next date's text: 9999-12-31 has no next date in YYYY-MM-DD.
 */
function filterOf(q: AuditQuery, limit = q.limit): AuditFilter {
  const instant = (s: string | undefined, endOfDay: boolean) =>
    s === undefined ? undefined : isCalendarDate(s) ? chinaMidnight(s) + (endOfDay ? DAY_MS : 0) : Date.parse(s);
  return {
    action: q.action || undefined,
    entityType: q.entityType || undefined,
    actorId: q.actorId,
    from: instant(q.from, false),
    to: instant(q.to, true),
    before: q.before,
    limit,
  };
}

const parsed = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

/** A stored row as the API shows it. */
function entryOf(r: StoredAuditRow): AuditEntry {
  return AuditEntry.parse({ ...r, at: new Date(r.at).toISOString(), before: parsed(r.before), after: parsed(r.after) });
}

export const adminAudit = router()
  .openapi(listAudit, async (c) => {
    const q = c.req.valid('query');
    // One row more than asked tells whether an older page exists.
    const rows = await auditEntries(c.var.db, filterOf(q, q.limit + 1));
    const page = rows.slice(0, q.limit);
    const nextBefore = rows.length > q.limit ? page[page.length - 1].id : null;
    return c.json({ entries: page.map(entryOf), nextBefore }, 200, { 'Cache-Control': 'no-store' });
  })
  .openapi(exportAudit, async (c) => {
    const q = c.req.valid('query');
    const rows = await auditEntries(c.var.db, { ...filterOf(q, AUDIT_CSV_MAX_ROWS), before: undefined });
    const csv = toCsv(
      [
        '编号',
        '时间(UTC)',
        '操作人',
        '角色',
        '操作人编号',
        '网络',
        '操作',
        '对象类型',
        '对象编号',
        '变更前',
        '变更后',
        '原因',
      ],
      rows.map((r) => [
        r.id,
        new Date(r.at).toISOString(),
        r.actorLabel,
        r.actorRole,
        r.actorId,
        r.network,
        r.action,
        r.entityType,
        r.entityId,
        r.before,
        r.after,
        r.reason,
      ]),
    );
    return csvResponse(csv, '审计日志.csv');
  });
