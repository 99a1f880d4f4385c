/**
 * Access to every /api/admin/ route, enumerated from the app and checked against the roles its
 * declaration names (`...access(roles)` → `x-roles` in the OpenAPI document): a route added later is
 * covered without touching this file, and one declared without roles fails here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { roleForbidden } from '../../../../contracts/messages';
import { ROLES } from '../../../../contracts/enums';
import type { StaffRole } from '../../../../contracts/admin-accounts';
import { buildApp } from '../../../../worker/app';
import { matrixIn, normalisedTable, rolesMatrix } from '../../../../worker/routes/admin/matrix';
import { apiDocument } from '../../../../worker/routes/api';
import adminDoc from '../../../../docs/admin.md?raw';
import { pinnedClock, testApp } from '../../../fixtures/app';
import { createStaff, openSession } from '../../../fixtures/admin-accounts';

const T0 = Date.UTC(2026, 11, 3, 1, 0);
const ORIGIN = 'http://localhost';
const SIGN_IN = 'POST /api/admin/session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface AdminRoute {
  /** `METHOD /api/admin/path/{param}` */
  id: string;
  method: string;
  /** The path with every parameter filled in (an id no row has). */
  url: string;
  op: Record<string, any> | undefined;
  roles: StaffRole[];
  halfOpen: boolean;
  ownAccount: boolean;
}

/** Every /api/admin/ route the app serves, with its declaration from the generated document. */
function adminRoutes(): AdminRoute[] {
  const doc = apiDocument() as any;
  const seen = new Map<string, AdminRoute>();
  for (const r of buildApp().routes) {
    if (!r.path.startsWith('/api/admin/') || r.method === 'ALL') continue;
    const path = r.path.replace(/:([^/]+)/g, '{$1}');
    const id = `${r.method} ${path}`;
    if (seen.has(id)) continue;
    const op = doc.paths[path]?.[r.method.toLowerCase()];
    seen.set(id, {
      id,
      method: r.method,
      url: path.replace(/\{[^}]+\}/g, '999999'),
      op,
      roles: op?.['x-roles'] ?? [],
      halfOpen: op?.['x-half-open'] === true,
      ownAccount: op?.['x-own-account'] === true,
    });
  }
  return [...seen.values()];
}

const routes = adminRoutes();
const guarded = routes.filter((r) => r.id !== SIGN_IN);
const t = testApp(pinnedClock(T0));

/** Calls a route as a session (or anonymously) the way the admin pages do: our Origin, the CSRF token, `{}` as body. */
async function call(r: AdminRoute, session?: { cookie: string; csrfToken: string }) {
  const headers: Record<string, string> = { Origin: ORIGIN };
  if (session) Object.assign(headers, { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken });
  const write = UNSAFE.has(r.method);
  if (write) headers['content-type'] = 'application/json';
  const res = await t.request(r.url, { method: r.method, headers, body: write ? '{}' : undefined });
  const text = await res.text();
  let error: { code?: string; message?: string } = {};
  try {
    error = JSON.parse(text).error ?? {};
  } catch {
    // A CSV or an empty 204: no envelope.
  }
  return { status: res.status, code: error.code, message: error.message };
}

const accountOf: Partial<Record<StaffRole, number>> = {};

beforeAll(async () => {
  for (const role of ROLES) accountOf[role] = (await createStaff(T0, { role })).id;
});

/** A fresh full session of the role (a route like sign-out ends the one it is called with). */
const as = (role: StaffRole, opts: { halfOpen?: boolean } = {}) => openSession(accountOf[role]!, T0, opts);

describe('every /api/admin/ route', () => {
  it('is enumerated from the app', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.map((r) => r.id)).toContain('GET /api/admin/accounts');
  });

  it('declares its roles and the staff session, except sign-in', () => {
    for (const r of routes) {
      expect(r.op, `${r.id} is documented`).toBeDefined();
      if (r.id === SIGN_IN) {
        expect(r.op!.security).toEqual([]);
        continue;
      }
      expect(r.op!.security, r.id).toEqual([{ staffCookie: [] }]);
      expect(r.roles.length, `${r.id} declares x-roles with ...access(roles)`).toBeGreaterThan(0);
      for (const role of r.roles) expect(ROLES, r.id).toContain(role);
      expect(Object.keys(r.op!.responses), r.id).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('refuses an anonymous caller with 401 unauthenticated', async () => {
    for (const r of guarded) {
      const res = await call(r);
      expect([res.status, res.code], r.id).toEqual([401, 'unauthenticated']);
    }
  });

  it('refuses a half-open session (second factor pending), except the routes that finish it', async () => {
    const halfOpen = guarded.filter((r) => r.halfOpen).map((r) => r.id);
    expect(halfOpen.sort()).toEqual([
      'DELETE /api/admin/session',
      'GET /api/admin/session',
      'POST /api/admin/session/totp',
      'POST /api/admin/session/totp/confirm',
      'POST /api/admin/session/totp/enrol',
    ]);
    for (const r of guarded) {
      const res = await call(r, await as('city_admin', { halfOpen: true }));
      if (r.halfOpen) expect(res.status, r.id).not.toBe(401);
      else expect([res.status, res.code], r.id).toEqual([401, 'unauthenticated']);
    }
  });

  it('refuses each role its declaration does not name with 403, and lets the ones it names past', async () => {
    for (const r of guarded) {
      for (const role of ROLES) {
        const res = await call(r, await as(role));
        if (r.roles.includes(role)) {
          expect(res.status, `${r.id} as ${role}`).not.toBe(401);
          expect(res.message, `${r.id} as ${role}`).not.toBe(roleForbidden);
        } else {
          expect([res.status, res.code, res.message], `${r.id} as ${role}`).toEqual([403, 'forbidden', roleForbidden]);
        }
      }
    }
  });

  it('lets an auditor change nothing but their own session and password', async () => {
    const writes = guarded.filter((r) => UNSAFE.has(r.method));
    expect(writes.length).toBeGreaterThan(5);
    for (const r of writes.filter((w) => !w.ownAccount)) {
      expect(r.roles, r.id).not.toContain('auditor');
      const res = await call(r, await as('auditor'));
      expect([res.status, res.code], r.id).toEqual([403, 'forbidden']);
    }
    const own = writes.filter((w) => w.ownAccount).map((w) => w.id);
    expect(own.sort()).toEqual([
      'DELETE /api/admin/session',
      'POST /api/admin/password',
      'POST /api/admin/session/totp',
      'POST /api/admin/session/totp/confirm',
      'POST /api/admin/session/totp/enrol',
    ]);
  });

  it('refuses a state-changing request without the CSRF token or from another origin', async () => {
    for (const r of routes.filter((x) => UNSAFE.has(x.method))) {
      const s = await as('city_admin');
      const base = { 'content-type': 'application/json', Cookie: s.cookie };
      const noToken = await t.request(r.url, { method: r.method, headers: { ...base, Origin: ORIGIN }, body: '{}' });
      const foreign = await t.request(r.url, {
        method: r.method,
        headers: { ...base, Origin: 'https://evil.example', 'X-CSRF-Token': s.csrfToken },
        body: '{}',
      });
      if (r.id !== SIGN_IN) expect(noToken.status, `${r.id} without X-CSRF-Token`).toBe(403);
      expect(foreign.status, `${r.id} from another origin`).toBe(403);
      expect(((await foreign.json()) as any).error.code).toBe('forbidden');
    }
  });

  it('is listed in the roles × routes matrix of docs/admin.md as declared', () => {
    const generated = rolesMatrix();
    expect(
      normalisedTable(matrixIn(adminDoc)),
      `docs/admin.md is stale: paste the output of npm run docs:admin between its markers, then npm run format`,
    ).toBe(normalisedTable(generated));
  });
});
