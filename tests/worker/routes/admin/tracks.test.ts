/**
 * The admin track routes against real D1 through the whole app: stages, recommendations (own
 * county only), expert assignment and scores (assigned experts only), the shortlist, the exports,
 * and the audit entry every change writes in the same batch.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdminTrackBody } from '../../../../contracts/admin-workflow';
import { chinaMidnight } from '../../../../contracts/china-time';
import { auditOf, call, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, testApp } from '../../../fixtures/app';
import { programme } from '../../../fixtures/workflow';

// Monday 2026-06-01 10:00 China time.
const NOW = chinaMidnight('2026-06-01') + 10 * 3_600_000;
const t = testApp(pinnedClock(NOW));
let admin: Session, yaodu: Session, houma: Session, expert: Session, other: Session, auditor: Session;

beforeAll(async () => {
  await programme();
  [admin, yaodu, houma, expert, other, auditor] = await Promise.all([
    staffOf(NOW, 'city_admin'),
    staffOf(NOW, 'county_officer', 'yaodu'),
    staffOf(NOW, 'county_officer', 'houma'),
    staffOf(NOW, 'expert'),
    staffOf(NOW, 'expert'),
    staffOf(NOW, 'auditor'),
  ]);
});

const trade = (name: string) => ({ name, summary: `${name}（测试）`, trainingSharePct: 40 });
const recommend = (who: Session, countyId: string, name: string) =>
  call(t, who, 'POST', '/api/admin/tracks/trades/recommendations', { countyId, candidate: trade(name) });
const candidateId = async (name: string) =>
  (await env.DB.prepare("SELECT id FROM candidates WHERE track_key = 'trades' AND name = ?").bind(name).first<{
    id: number;
  }>())!.id;

describe('POST /api/admin/tracks/{track}/stages/{stage}/open', () => {
  it('refuses anonymous callers, other roles and a missing CSRF token', async () => {
    const path = '/api/admin/tracks/trades/stages/recommend/open';
    expect((await call(t, null, 'POST', path, {})).code).toBe('unauthenticated');
    expect((await call(t, yaodu, 'POST', path, {})).code).toBe('forbidden');
    expect((await call(t, auditor, 'POST', path, {})).code).toBe('forbidden');
    const noToken = await t.request(path, {
      method: 'POST',
      headers: { Cookie: `__Host-lf_staff=${admin.token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(noToken.status).toBe(403);
    expect(await auditOf('stage.open')).toEqual([]);
  });

  it('refuses a stage whose previous stage is still open', async () => {
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/review/open', {});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/县级推荐/);
  });

  it('refuses a deadline in the past or more than 365 days ahead, at deadlineAt, and changes nothing', async () => {
    const path = '/api/admin/tracks/trades/stages/recommend/open';
    for (const deadlineAt of [
      '9999-12-31T00:00:00.000Z',
      new Date(NOW + 365 * 86_400_000 + 1).toISOString(),
      new Date(NOW - 1).toISOString(),
    ]) {
      const res = await call(t, admin, 'POST', path, { deadlineAt });
      expect(res.status, deadlineAt).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.issues, deadlineAt).toEqual([{ path: ['deadlineAt'], message: expect.any(String) }]);
    }
    expect(await auditOf('stage.open')).toEqual([]);
    const row = await env.DB.prepare(
      "SELECT status FROM track_stages WHERE track_key = 'trades' AND key = 'recommend'",
    ).first<{ status: string }>();
    expect(row?.status).toBe('pending');
  });

  it('opens the stage for a city admin and writes the audit entry with actor and role', async () => {
    const deadlineAt = new Date(NOW + 3 * 86_400_000).toISOString();
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/recommend/open', { deadlineAt });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      action: 'stage.open',
      entityType: 'track_stage',
      entityId: 'trades:recommend',
    });
    const [entry] = await auditOf('stage.open');
    expect(entry).toMatchObject({
      actor_id: admin.account.id,
      actor_label: admin.account.username,
      actor_role: 'city_admin',
      entity_id: 'trades:recommend',
      at: NOW,
    });
    expect(JSON.parse(entry.after)).toMatchObject({ status: 'active', deadlineAt: NOW + 3 * 86_400_000 });
    const again = await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/recommend/open', {});
    expect(again.status).toBe(409);
  });

  it('answers 400 for an unknown track, an unknown stage and a stage the track does not have', async () => {
    expect((await call(t, admin, 'POST', '/api/admin/tracks/nope/stages/vote/open', {})).code).toBe('invalid_request');
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/nope/open', {})).code).toBe(
      'invalid_request',
    );
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/publicity/open', {})).code).toBe(
      'invalid_request',
    );
  });
});

describe('POST /api/admin/tracks/{track}/recommendations', () => {
  it('lets a county officer recommend for their own county, with its audit entry', async () => {
    const res = await recommend(yaodu, 'yaodu', '焊工');
    expect(res.status).toBe(200);
    expect(res.body.action).toBe('recommendation.submit');
    const [entry] = await auditOf('recommendation.submit');
    expect(entry).toMatchObject({
      actor_id: yaodu.account.id,
      actor_role: 'county_officer',
      entity_id: 'trades:yaodu:1',
    });
  });

  it('refuses a county officer acting for another county, an expert and an auditor', async () => {
    expect((await recommend(houma, 'yaodu', '电工')).code).toBe('forbidden');
    expect((await recommend(expert, 'houma', '电工')).code).toBe('forbidden');
    expect((await recommend(auditor, 'houma', '电工')).code).toBe('forbidden');
    const n = await env.DB.prepare("SELECT count(*) AS n FROM recommendations WHERE county_id = 'yaodu'").first<{
      n: number;
    }>();
    expect(n!.n).toBe(1);
    expect(await auditOf('recommendation.submit')).toHaveLength(1);
  });

  it('lets a city admin recommend for any county and enforces the quota of 2', async () => {
    expect((await recommend(houma, 'houma', '电工')).status).toBe(200);
    expect((await recommend(admin, 'houma', '汽车维修工')).status).toBe(200);
    const third = await recommend(houma, 'houma', '美发师');
    expect(third.status).toBe(409);
    expect(third.code).toBe('quota_exceeded');
  });

  it('refuses an invalid body with the field issues', async () => {
    const res = await call(t, yaodu, 'POST', '/api/admin/tracks/trades/recommendations', { countyId: 'yaodu' });
    expect(res.code).toBe('invalid_request');
    expect(res.body.error.issues.length).toBeGreaterThan(0);
  });
});

describe('DELETE /api/admin/recommendations/{id}', () => {
  it("refuses another county's officer and lets the own county withdraw", async () => {
    await recommend(yaodu, 'yaodu', '育婴员');
    const rec = await env.DB.prepare("SELECT id FROM recommendations WHERE county_id = 'yaodu' AND rank = 2").first<{
      id: number;
    }>();
    expect((await call(t, houma, 'DELETE', `/api/admin/recommendations/${rec!.id}`)).code).toBe('forbidden');
    expect((await call(t, auditor, 'DELETE', `/api/admin/recommendations/${rec!.id}`)).code).toBe('forbidden');
    const res = await call(t, yaodu, 'DELETE', `/api/admin/recommendations/${rec!.id}`);
    expect(res.status).toBe(200);
    expect(await auditOf('recommendation.withdraw')).toHaveLength(1);
    expect((await call(t, yaodu, 'DELETE', `/api/admin/recommendations/${rec!.id}`)).status).toBe(404);
  });
});

describe('GET /api/admin/tracks/{track}', () => {
  it('refuses an anonymous caller', async () => {
    expect((await call(t, null, 'GET', '/api/admin/tracks/trades')).status).toBe(401);
  });

  it('shows a city admin every candidate and every county, and a county officer only their own', async () => {
    const all = await call(t, admin, 'GET', '/api/admin/tracks/trades');
    expect(all.status).toBe(200);
    const body = AdminTrackBody.parse(all.body);
    expect(body.candidates.map((c) => `${c.name}:${c.status}`).sort()).toEqual(
      ['汽车维修工:recommended', '焊工:recommended', '电工:recommended', '育婴员:withdrawn'].sort(),
    );
    expect(body.recommendationProgress.length).toBeGreaterThan(10);
    expect(body.stages.find((s) => s.key === 'recommend')).toMatchObject({ status: 'active' });

    const own = AdminTrackBody.parse((await call(t, houma, 'GET', '/api/admin/tracks/trades')).body);
    expect(own.candidates.map((c) => c.name).sort()).toEqual(['汽车维修工', '电工'].sort());
    expect(own.recommendationProgress.map((p) => p.countyId)).toEqual(['houma']);
    expect(own.candidates.every((c) => c.recommendations.every((r) => r.countyId === 'houma'))).toBe(true);
  });

  it('answers 400 for an unknown track', async () => {
    expect((await call(t, admin, 'GET', '/api/admin/tracks/nope')).status).toBe(400);
  });
});

describe('expert review: POST /api/admin/tracks/{track}/experts and /api/admin/candidates/{id}/score', () => {
  beforeAll(async () => {
    await env.DB.prepare(
      "UPDATE track_stages SET status = CASE key WHEN 'recommend' THEN 'done' WHEN 'review' THEN 'active' ELSE status END, target_count = CASE key WHEN 'review' THEN 2 ELSE target_count END WHERE track_key = 'trades'",
    ).run();
  });

  it('lets only a city admin assign experts', async () => {
    const body = {
      candidateIds: [await candidateId('焊工'), await candidateId('电工')],
      expertIds: [expert.account.id],
    };
    expect((await call(t, yaodu, 'POST', '/api/admin/tracks/trades/experts', body)).code).toBe('forbidden');
    expect((await call(t, expert, 'POST', '/api/admin/tracks/trades/experts', body)).code).toBe('forbidden');
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/experts', body);
    expect(res.status).toBe(200);
    expect(await auditOf('review.assign')).toHaveLength(1);
  });

  it('lets an assigned expert score and refuses an expert not assigned, and other roles', async () => {
    const id = await candidateId('焊工');
    expect((await call(t, other, 'POST', `/api/admin/candidates/${id}/score`, { score: 90 })).code).toBe('forbidden');
    expect((await call(t, admin, 'POST', `/api/admin/candidates/${id}/score`, { score: 90 })).code).toBe('forbidden');
    expect((await call(t, expert, 'POST', `/api/admin/candidates/${id}/score`, { score: 101 })).code).toBe(
      'invalid_request',
    );
    const res = await call(t, expert, 'POST', `/api/admin/candidates/${id}/score`, { score: 88.5, comment: '好' });
    expect(res.status).toBe(200);
    const entries = await auditOf('review.score');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_id: expert.account.id, entity_id: `${id}:${expert.account.id}` });
    await call(t, expert, 'POST', `/api/admin/candidates/${await candidateId('电工')}/score`, { score: 80 });
  });

  it('shows an expert only the candidates assigned to them, with their own scores', async () => {
    const mine = AdminTrackBody.parse((await call(t, expert, 'GET', '/api/admin/tracks/trades')).body);
    expect(mine.candidates.map((c) => c.name).sort()).toEqual(['焊工', '电工'].sort());
    expect(mine.candidates.flatMap((c) => c.reviews.map((r) => r.expertId))).toEqual([
      expert.account.id,
      expert.account.id,
    ]);
    const none = AdminTrackBody.parse((await call(t, other, 'GET', '/api/admin/tracks/trades')).body);
    expect(none.candidates).toEqual([]);
  });

  it('builds the shortlist for a city admin only', async () => {
    expect((await call(t, auditor, 'POST', '/api/admin/tracks/trades/shortlist', {})).code).toBe('forbidden');
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/shortlist', {});
    expect(res.status).toBe(200);
    const [entry] = await auditOf('shortlist.build');
    expect(JSON.parse(entry.after).shortlist.sort()).toEqual(
      [await candidateId('焊工'), await candidateId('电工')].sort(),
    );
  });
});

describe('GET /api/admin/tracks/{track}/candidates.csv and recommendations.csv', () => {
  it('gives auditors and city admins CSV with a BOM, and refuses the other roles', async () => {
    for (const who of [auditor, admin]) {
      const res = await call(t, who, 'GET', '/api/admin/tracks/trades/candidates.csv');
      expect(res.status).toBe(200);
      expect(res.res.headers.get('Content-Type')).toMatch(/^text\/csv/);
      const bytes = new Uint8Array(
        await (
          await t.request('/api/admin/tracks/trades/recommendations.csv', {
            headers: { Cookie: `__Host-lf_staff=${who.token}` },
          })
        ).arrayBuffer(),
      );
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(res.text).toContain('焊工');
    }
    for (const who of [yaodu, expert]) {
      expect((await call(t, who, 'GET', '/api/admin/tracks/trades/candidates.csv')).code).toBe('forbidden');
      expect((await call(t, who, 'GET', '/api/admin/tracks/trades/recommendations.csv')).code).toBe('forbidden');
    }
  });
});

describe('POST /api/admin/tracks/{track}/poll', () => {
  const poll = {
    slug: 'trades-test-vote',
    title: '精品工种投票（测试）',
    opensAt: new Date(NOW + 86_400_000).toISOString(),
    liveCounts: false,
    maxChoices: 1,
    weights: { county: 20, expert: 50, vote: 30 },
  };

  it('refuses before the vote stage is open, then creates the poll from the shortlist for a city admin', async () => {
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/poll', poll)).code).toBe('stage_not_open');
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/review/close')).status).toBe(200);
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/vote/open', {})).status).toBe(200);
    expect((await call(t, auditor, 'POST', '/api/admin/tracks/trades/poll', poll)).code).toBe('forbidden');
    expect((await call(t, yaodu, 'POST', '/api/admin/tracks/trades/poll', poll)).code).toBe('forbidden');
    const bad = await call(t, admin, 'POST', '/api/admin/tracks/trades/poll', {
      ...poll,
      weights: { county: 20, expert: 50, vote: 20 },
    });
    expect(bad.code).toBe('invalid_request');
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/poll', poll);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'poll.create', entityId: 'trades-test-vote' });
    expect(await auditOf('poll.create')).toHaveLength(1);
    const pub = await t.json('/api/polls/trades-test-vote');
    expect(pub.res.status).toBe(200);
    expect(pub.body.poll).toMatchObject({ status: 'scheduled', maxChoices: 1, liveCounts: false });
  });
});
