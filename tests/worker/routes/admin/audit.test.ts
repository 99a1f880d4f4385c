import { describe, expect, it } from 'vitest';
import { AuditPage } from '../../../../contracts/admin-api';
import { pinnedClock, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { asStaff, createStaff, openSession } from '../../../fixtures/admin-accounts';

const T0 = Date.UTC(2026, 11, 3, 1, 0);

/** Two accounts and three revocations, made once for this file (its D1 is shared by its tests). */
async function makeEntries() {
  const t = testApp(pinnedClock(T0));
  const admin = await createStaff(T0);
  const auditor = await createStaff(T0, { role: 'auditor' });
  t.clock.set(T0 + 86_400_000);
  const api = asStaff(t, await openSession(admin.id, T0 + 86_400_000));
  for (const reason of ['一', '二', '三'])
    await api.post(`/api/admin/accounts/${auditor.id}/revoke-sessions`, { reason });
  return { t, admin, auditor, reader: asStaff(t, await openSession(auditor.id, T0 + 86_400_000)) };
}

let made: ReturnType<typeof makeEntries> | undefined;
const setup = () => (made ??= makeEntries());

describe('GET /api/admin/audit', () => {
  it('filters by action, actor and China dates, newest first, and pages back with nextBefore', async () => {
    const { admin, reader } = await setup();
    const all = conforms(AuditPage, (await reader.get('/api/admin/audit')).body);
    expect(all.entries.length).toBeGreaterThanOrEqual(5);
    const ids = all.entries.map((e) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const q = `/api/admin/audit?action=account.sessions_revoked&actorId=${admin.id}`;
    const first = conforms(AuditPage, (await reader.get(`${q}&limit=2`)).body);
    expect(first.entries.map((e) => e.reason)).toEqual(['三', '二']);
    expect(first.entries[0]).toMatchObject({ actorRole: 'city_admin', entityType: 'account' });
    const next = conforms(AuditPage, (await reader.get(`${q}&limit=2&before=${first.nextBefore}`)).body);
    expect([next.entries.map((e) => e.reason), next.nextBefore]).toEqual([['一'], null]);

    // T0 is 2026-12-03 09:00 China time: the account creations; the revocations are on the 4th.
    const created = conforms(AuditPage, (await reader.get('/api/admin/audit?from=2026-12-03&to=2026-12-03')).body);
    expect(created.entries.map((e) => e.action)).toEqual(['account.create', 'account.create']);
    const later = conforms(AuditPage, (await reader.get('/api/admin/audit?from=2026-12-04T00:00:00Z')).body);
    expect(later.entries).toHaveLength(3);
  });

  it('refuses an impossible date', async () => {
    const { reader } = await setup();
    const { res, body } = await reader.get('/api/admin/audit?from=2026-02-30');
    expect([res.status, body.error.code]).toEqual([400, 'invalid_request']);
  });
});

describe('GET /api/admin/audit.csv', () => {
  it('exports the filtered entries as UTF-8 CSV with a BOM and a Chinese header', async () => {
    const { reader } = await setup();
    const res = await reader.raw('/api/admin/audit.csv?action=account.sessions_revoked');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toContain("filename*=UTF-8''");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]).toMatch(/^编号,时间\(UTC\),操作人,角色/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('account.sessions_revoked');
    expect(lines[1]).toContain('三');
  });
});
