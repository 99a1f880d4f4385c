import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { pinnedClock, post, seed, testApp, type TestApp } from '../../../fixtures/app';
import { PASSWORD, signedInStaff, signInAs, staffCookie } from '../../../fixtures/admin-accounts';
import { castBallot, createPoll, latestCode, requestCode, tallyOf } from '../../../fixtures/voting';

const OPENS = Date.UTC(2026, 10, 20, 0, 0);
const CLOSES = Date.UTC(2026, 11, 20, 0, 0);
const NOW = Date.UTC(2026, 10, 27, 2, 0);

beforeAll(() => seed(NOW));

let phoneSeq = 0;
/** A quarantined ballot: a 170 (virtual operator) number votes through the real routes. */
async function quarantined(t: TestApp, slug: string, choices: number[]) {
  const phone = `170${String(++phoneSeq).padStart(8, '0')}`;
  const challenge = await requestCode(t, phone);
  const { body } = await t.json('/api/voter-session', post({ phone, code: await latestCode(t, phone), challenge }));
  t.clock.advance(30_000);
  const cast = await castBallot(t, slug, body.token, choices);
  expect(cast.res.status).toBe(201);
  const row = await env.DB.prepare('SELECT id, status FROM ballots WHERE receipt = ?')
    .bind(cast.body.receipt)
    .first<{ id: number; status: string }>();
  expect(row!.status).toBe('quarantined');
  return row!.id;
}

type Session = { token: string; csrfToken: string };
const as = (s: Session, body?: unknown): RequestInit =>
  body === undefined
    ? { headers: { Cookie: staffCookie(s.token) } }
    : post(body, { Cookie: staffCookie(s.token), 'X-CSRF-Token': s.csrfToken });

const statusOf = async (id: number) =>
  (await env.DB.prepare('SELECT status FROM ballots WHERE id = ?').bind(id).first<{ status: string }>())!.status;
const auditOf = async (id: number) =>
  (
    await env.DB.prepare(
      "SELECT action, actor_id, reason FROM audit_log WHERE entity_type = 'ballot' AND entity_id = ? ORDER BY id",
    )
      .bind(String(id))
      .all<{ action: string; actor_id: number; reason: string }>()
  ).results;

describe('/api/admin/ballots', () => {
  it('lists quarantined ballots by rule and pattern for city admins and auditors, never a phone', async () => {
    const t = testApp(pinnedClock(NOW));
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const ids = [
      await quarantined(t, poll.slug, [poll.candidateIds[0]]),
      await quarantined(t, poll.slug, [poll.candidateIds[0]]),
    ];
    const admin = await signedInStaff(NOW);
    const auditor = await signedInStaff(NOW, { role: 'auditor' });
    const officer = await signedInStaff(NOW, { role: 'county_officer' });
    const { res, body } = await t.json(`/api/admin/ballots/quarantined?poll=${poll.slug}`, as(admin));
    expect(res.status).toBe(200);
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]).toMatchObject({
      ruleId: 'virtual-segment',
      ballotIds: ids,
      choices: [poll.candidateIds[0]],
    });
    expect(JSON.stringify(body)).not.toMatch(/170\d|\*\*\*\*/);
    expect((await t.request(`/api/admin/ballots/quarantined?poll=${poll.slug}`, as(auditor))).status).toBe(200);
    expect((await t.request(`/api/admin/ballots/quarantined?poll=${poll.slug}`, as(officer))).status).toBe(403);
    expect((await t.request(`/api/admin/ballots/quarantined?poll=${poll.slug}`)).status).toBe(401);
  });

  it('releases a group to counted only when a different city admin confirms the proposal; auditors may not', async () => {
    const t = testApp(pinnedClock(NOW));
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const ids = [
      await quarantined(t, poll.slug, [poll.candidateIds[1]]),
      await quarantined(t, poll.slug, [poll.candidateIds[1]]),
    ];
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 0, countedBallots: 0 });
    const admin = await signedInStaff(NOW);
    const second = await signedInStaff(NOW);
    const auditor = await signedInStaff(NOW, { role: 'auditor' });
    const { body: list } = await t.json(`/api/admin/ballots/quarantined?poll=${poll.slug}`, as(admin));
    const request = { poll: poll.slug, group: list.groups[0].key, reason: '核实为本人投票' };
    expect((await t.request('/api/admin/ballots/release', as(admin, request))).status).toBe(404);
    expect((await t.request('/api/admin/ballots/propose-release', as(auditor, request))).status).toBe(403);
    expect((await t.request('/api/admin/ballots/confirm-release', as(second, request))).status).toBe(409);
    const proposed = await t.json('/api/admin/ballots/propose-release', as(admin, request));
    expect([proposed.res.status, proposed.body.ballotIds]).toEqual([200, ids]);
    expect(await Promise.all(ids.map(statusOf))).toEqual(['quarantined', 'quarantined']);
    const { body: waiting } = await t.json(`/api/admin/ballots/quarantined?poll=${poll.slug}`, as(auditor));
    expect(waiting.groups[0].proposedRelease).toEqual(
      ids.map((ballotId) => ({
        ballotId,
        proposedBy: admin.account.id,
        proposedByName: `测试 ${admin.account.username}`,
        reason: '核实为本人投票',
      })),
    );
    expect(waiting.groups[0].proposedVoid).toEqual([]);
    // Neither a second proposal of either kind nor the proposer's own confirmation.
    expect((await t.request('/api/admin/ballots/propose-release', as(second, request))).status).toBe(409);
    expect((await t.request('/api/admin/ballots/propose-void', as(second, request))).status).toBe(409);
    expect((await t.request('/api/admin/ballots/confirm-void', as(second, request))).status).toBe(409);
    const own = await t.json('/api/admin/ballots/confirm-release', as(admin, request));
    expect([own.res.status, own.body.error.code]).toEqual([403, 'forbidden']);
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 0, countedBallots: 0 });

    const { res, body } = await t.json('/api/admin/ballots/confirm-release', as(second, request));
    expect(res.status).toBe(200);
    expect(body.ballotIds).toEqual(ids);
    expect(await Promise.all(ids.map(statusOf))).toEqual(['counted', 'counted']);
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 2, countedBallots: 2 });
    for (const id of ids) {
      expect(await auditOf(id)).toEqual([
        { action: 'ballot.propose_release', actor_id: admin.account.id, reason: '核实为本人投票' },
        { action: 'ballot.confirm_release', actor_id: second.account.id, reason: '核实为本人投票' },
      ]);
    }
    expect((await t.json('/api/admin/ballots/confirm-release', as(second, request))).res.status).toBe(409);
  });

  it('a city admin cannot confirm their own void or release through a second account they created', async () => {
    const t = testApp(pinnedClock(NOW));
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const voidId = await quarantined(t, poll.slug, [poll.candidateIds[0]]);
    const releaseId = await quarantined(t, poll.slug, [poll.candidateIds[2]]);
    const a = await signedInStaff(NOW);
    // A creates city admin B in the admin area and signs in as B.
    const made = await t.json(
      '/api/admin/accounts',
      as(a, { username: `sock.puppet${voidId}`, displayName: '马甲', role: 'city_admin', password: PASSWORD }),
    );
    expect(made.res.status).toBe(201);
    const b = await signInAs(NOW, {
      id: made.body.account.id,
      username: made.body.account.username,
      password: PASSWORD,
    });
    const voidReq = { poll: poll.slug, ids: [voidId], reason: '接码平台号码' };
    const releaseReq = { poll: poll.slug, ids: [releaseId], reason: '核实为本人投票' };
    expect((await t.request('/api/admin/ballots/propose-void', as(a, voidReq))).status).toBe(200);
    expect((await t.request('/api/admin/ballots/propose-release', as(a, releaseReq))).status).toBe(200);
    for (const path of ['/api/admin/ballots/confirm-void', '/api/admin/ballots/confirm-release']) {
      const r = await t.json(path, as(b, path.endsWith('void') ? voidReq : releaseReq));
      expect([r.res.status, r.body.error.code, r.body.error.message], path).toEqual([
        403,
        'forbidden',
        '该城市管理员账号尚待另一位城市管理员确认。',
      ]);
    }
    // Nor may B propose for A to confirm.
    const third = await quarantined(t, poll.slug, [poll.candidateIds[1]]);
    const proposeByB = await t.json('/api/admin/ballots/propose-void', as(b, { ...voidReq, ids: [third] }));
    expect(proposeByB.res.status).toBe(403);
    expect([await statusOf(voidId), await statusOf(releaseId), await statusOf(third)]).toEqual([
      'quarantined',
      'quarantined',
      'quarantined',
    ]);
    expect((await auditOf(voidId)).map((r) => r.action)).toEqual(['ballot.propose_void']);
  });

  it('voids only when a different city admin confirms the proposal, audited at each step', async () => {
    const t = testApp(pinnedClock(NOW));
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const id = await quarantined(t, poll.slug, [poll.candidateIds[2]]);
    const first = await signedInStaff(NOW);
    const second = await signedInStaff(NOW);
    const request = { poll: poll.slug, ids: [id], reason: '接码平台号码' };
    expect((await t.request('/api/admin/ballots/confirm-void', as(second, request))).status).toBe(409);
    expect((await t.request('/api/admin/ballots/propose-void', as(first, request))).status).toBe(200);
    expect(await statusOf(id)).toBe('quarantined');
    const own = await t.json('/api/admin/ballots/confirm-void', as(first, request));
    expect(own.res.status).toBe(403);
    expect(await statusOf(id)).toBe('quarantined');
    expect((await t.request('/api/admin/ballots/confirm-void', as(second, request))).status).toBe(200);
    expect(await statusOf(id)).toBe('void');
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 0, countedBallots: 0 });
    expect(await auditOf(id)).toEqual([
      { action: 'ballot.propose_void', actor_id: first.account.id, reason: '接码平台号码' },
      { action: 'ballot.confirm_void', actor_id: second.account.id, reason: '接码平台号码' },
    ]);
  });
});
