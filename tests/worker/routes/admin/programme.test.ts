/**
 * The admin routes of appraisal institutions, competitions and recruitment events, on the seeded
 * programme: city admins only, each change with its audit entry.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditOf, call, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, seed, testApp } from '../../../fixtures/app';

// 2026-11-27 10:00 China time.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const t = testApp(pinnedClock(NOW));
let admin: Session, auditor: Session, officer: Session, expert: Session;

beforeAll(async () => {
  await seed(NOW);
  [admin, auditor, officer, expert] = await Promise.all([
    staffOf(NOW, 'city_admin'),
    staffOf(NOW, 'auditor'),
    staffOf(NOW, 'county_officer', 'yaodu'),
    staffOf(NOW, 'expert'),
  ]);
});

const institutionIds = async () =>
  (
    await env.DB.prepare(
      "SELECT id FROM candidates WHERE track_key = 'institutions' AND status = 'selected' ORDER BY id",
    ).all<{
      id: number;
    }>()
  ).results.map((r) => r.id);

describe('appraisal institutions', () => {
  it('revokes an entry with a reason for a city admin only; it leaves the public directory', async () => {
    const [id] = await institutionIds();
    for (const who of [auditor, officer, expert])
      expect(
        (await call(t, who, 'POST', `/api/admin/institutions/${id}/revoke`, { reason: '年终评估不合格' })).code,
      ).toBe('forbidden');
    expect((await call(t, admin, 'POST', `/api/admin/institutions/${id}/revoke`, { reason: '' })).code).toBe(
      'invalid_request',
    );
    const res = await call(t, admin, 'POST', `/api/admin/institutions/${id}/revoke`, { reason: '年终评估不合格' });
    expect(res.status).toBe(200);
    expect(await auditOf('institution.revoke')).toMatchObject([{ entity_id: String(id), reason: '年终评估不合格' }]);
    const dir = await t.json('/api/institutions');
    expect(dir.body.institutions.map((i: { id: number }) => i.id)).not.toContain(id);
    expect((await call(t, admin, 'POST', `/api/admin/institutions/${id}/revoke`, { reason: '再次' })).code).toBe(
      'conflict',
    );
  });

  it('renews an entry for another 3 years', async () => {
    const [, id] = await institutionIds();
    const res = await call(t, admin, 'POST', `/api/admin/institutions/${id}/renew`, {});
    expect(res.status).toBe(200);
    const [entry] = await auditOf('institution.renew');
    expect(JSON.parse(entry.after).validUntil).toBe('2032-11-26');
  });

  it('decides an application only while the publication stage is open', async () => {
    const row = await env.DB.prepare(
      "INSERT INTO candidates (track_key, name, county_id, status, institution_type, occupations, round_id) VALUES ('institutions', '测试评价站', 'yaodu', 'applied', 'enterprise', '[\"电工\"]', (SELECT id FROM rounds WHERE track_key = 'institutions' ORDER BY status = 'open' DESC, year DESC LIMIT 1)) RETURNING id",
    ).first<{ id: number }>();
    const path = `/api/admin/institutions/${row!.id}/decision`;
    expect((await call(t, admin, 'POST', path, { approve: true })).code).toBe('stage_not_open');
    await env.DB.prepare(
      "UPDATE track_stages SET status = CASE key WHEN 'publish' THEN 'active' WHEN 'evaluate' THEN 'pending' ELSE status END WHERE track_key = 'institutions'",
    ).run();
    expect((await call(t, officer, 'POST', path, { approve: true })).code).toBe('forbidden');
    expect((await call(t, admin, 'POST', path, { approve: false })).code).toBe('invalid_request');
    const res = await call(t, admin, 'POST', path, { approve: true });
    expect(res.status).toBe(200);
    expect(await auditOf('institution.approve')).toHaveLength(1);
    expect((await call(t, admin, 'POST', '/api/admin/institutions/999999/decision', { approve: true })).status).toBe(
      404,
    );
  });
});

describe('competitions', () => {
  it('edits a schedule once the holding stage is open, then records winners in the award stage', async () => {
    const comp = (await env.DB.prepare('SELECT id FROM competitions ORDER BY id LIMIT 1').first<{ id: number }>())!.id;
    const schedule = { monthFrom: null, monthTo: null };
    expect((await call(t, admin, 'POST', `/api/admin/competitions/${comp}/schedule`, schedule)).code).toBe(
      'stage_not_open',
    );
    expect((await call(t, admin, 'POST', '/api/admin/tracks/competitions/stages/hold/open', {})).status).toBe(200);
    expect((await call(t, officer, 'POST', `/api/admin/competitions/${comp}/schedule`, schedule)).code).toBe(
      'forbidden',
    );
    const res = await call(t, admin, 'POST', `/api/admin/competitions/${comp}/schedule`, { monthFrom: 5, monthTo: 6 });
    expect(res.status).toBe(200);
    expect(JSON.parse((await auditOf('competition.schedule'))[0].after)).toMatchObject({ monthFrom: 5, monthTo: 6 });

    const winners = { trade: '焊工', winners: [{ prize: 'first', place: 1, winnerName: '张三' }] };
    expect((await call(t, admin, 'POST', `/api/admin/competitions/${comp}/winners`, winners)).code).toBe(
      'stage_not_open',
    );
    expect((await call(t, admin, 'POST', '/api/admin/tracks/competitions/stages/hold/close')).status).toBe(200);
    expect((await call(t, admin, 'POST', '/api/admin/tracks/competitions/stages/award/open', {})).status).toBe(200);
    const two = { trade: '焊工', winners: [{ prize: 'first', place: 2, winnerName: '李四' }] };
    expect((await call(t, admin, 'POST', `/api/admin/competitions/${comp}/winners`, two)).code).toBe('invalid_request');
    expect((await call(t, auditor, 'POST', `/api/admin/competitions/${comp}/winners`, winners)).code).toBe('forbidden');
    expect((await call(t, admin, 'POST', `/api/admin/competitions/${comp}/winners`, winners)).status).toBe(200);
    expect(await auditOf('competition.winners')).toMatchObject([{ entity_id: `${comp}:焊工` }]);
  });
});

describe('recruitment events', () => {
  it('edits a schedule and records an outcome for a city admin only', async () => {
    const ev = (await env.DB.prepare('SELECT id FROM recruitment_events ORDER BY id LIMIT 1').first<{ id: number }>())!
      .id;
    const schedule = { period: '3月份', monthFrom: 3, monthTo: 3 };
    expect((await call(t, expert, 'POST', `/api/admin/recruitment/${ev}/schedule`, schedule)).code).toBe('forbidden');
    expect((await call(t, admin, 'POST', `/api/admin/recruitment/${ev}/schedule`, schedule)).status).toBe(200);
    const outcome = { heldOn: '2026-03-10', employers: 120, positions: 3000, attendees: 5000, agreements: 800 };
    expect((await call(t, auditor, 'POST', `/api/admin/recruitment/${ev}/outcome`, outcome)).code).toBe('forbidden');
    expect((await call(t, admin, 'POST', `/api/admin/recruitment/${ev}/outcome`, outcome)).status).toBe(200);
    expect(await auditOf('recruitment.schedule')).toHaveLength(1);
    expect(await auditOf('recruitment.outcome')).toHaveLength(1);
  });
});
