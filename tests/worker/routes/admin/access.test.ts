/**
 * Access to the admin workflow routes, enumerated from the app's OpenAPI document (so a new
 * route cannot be forgotten): each declares its roles (`x-roles`, the same list its file exports),
 * refuses an anonymous caller and every role it does not name, and none lets an auditor change
 * anything.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES, type StaffRole } from '../../../../contracts/staff';
import { DECISION_ROUTES } from '../../../../worker/routes/admin/decisions';
import { POLL_ROUTES } from '../../../../worker/routes/admin/polls';
import { PROGRAMME_ROUTES } from '../../../../worker/routes/admin/programme';
import { TRACK_ROUTES } from '../../../../worker/routes/admin/tracks';
import { call, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, testApp } from '../../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const t = testApp(pinnedClock(NOW));
const EXPORTED = [...TRACK_ROUTES, ...POLL_ROUTES, ...DECISION_ROUTES, ...PROGRAMME_ROUTES];
const sessions = {} as Record<StaffRole, Session>;

let declared: { method: string; path: string; roles: StaffRole[] }[];

beforeAll(async () => {
  for (const role of STAFF_ROLES) sessions[role] = await staffOf(NOW, role);
  const doc = (await t.json('/api/openapi.json')).body;
  declared = Object.entries<any>(doc.paths).flatMap(([path, item]) =>
    Object.entries<any>(item)
      .filter(([, op]) => op['x-roles'])
      .map(([method, op]) => ({ method: method.toUpperCase(), path, roles: op['x-roles'] })),
  );
});

const concrete = (path: string) =>
  path.replace('{track}', 'trades').replace('{stage}', 'vote').replace('{id}', '1').replace('{slug}', 'trades-vote');
const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

describe('admin workflow routes', () => {
  it('declare their roles in the document exactly as their files export them', () => {
    expect(declared.length).toBe(EXPORTED.length);
    expect(new Map(declared.map((r) => [key(r), r.roles]))).toEqual(new Map(EXPORTED.map((r) => [key(r), r.roles])));
    for (const r of declared) expect(r.path.startsWith('/api/admin/'), key(r)).toBe(true);
  });

  it('let an auditor change nothing and read only', () => {
    for (const r of declared.filter((r) => r.method !== 'GET')) expect(r.roles, key(r)).not.toContain('auditor');
  });

  it('refuse an anonymous caller and every role they do not name', async () => {
    for (const r of declared) {
      const path = concrete(r.path);
      const body = r.method === 'GET' ? undefined : {};
      expect((await call(t, null, r.method, path, body)).status, `anonymous ${key(r)}`).toBe(401);
      for (const role of STAFF_ROLES.filter((x) => !r.roles.includes(x)))
        expect((await call(t, sessions[role], r.method, path, body)).code, `${role} ${key(r)}`).toBe('forbidden');
    }
  });
});
