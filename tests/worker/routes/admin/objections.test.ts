import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdminObjectionList, ObjectionDecided } from '../../../../contracts/objections';
import { openDb } from '../../../../db/client';
import { clearExpiredObjectorData, submitObjection } from '../../../../worker/services/objections';
import { post, seed, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { signedInStaff, staffCookie } from '../../../fixtures/admin-accounts';
import { verifiedVoter } from '../../../fixtures/voting';

const SEEDED = Date.UTC(2026, 10, 27, 2, 0); // Friday 2026-11-27 10:00 China time
const t = testApp();
let admin: { token: string; csrfToken: string; account: { id: number } };
let auditor: { token: string; csrfToken: string };
let voterToken: string;

const as = (who: { token: string; csrfToken: string }, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: {
    ...(init.headers as Record<string, string>),
    Cookie: staffCookie(who.token),
    'X-CSRF-Token': who.csrfToken,
    Origin: 'http://localhost',
  },
});

async function fileObjection(extra: Record<string, unknown> = {}): Promise<string> {
  const { res, body } = await t.json(
    '/api/notices/bases-publicity/objections',
    post({ name: '李四', content: '有异议', ...extra }, { Authorization: `Bearer ${voterToken}` }),
  );
  if (res.status !== 201) throw new Error(JSON.stringify(body));
  return body.trackingNo;
}

const auditOf = async (trackingNo: string) =>
  (
    await env.DB.prepare(
      "SELECT action, after FROM audit_log WHERE entity_type = 'objection' AND entity_id = ? ORDER BY id",
    )
      .bind(trackingNo)
      .all<{ action: string; after: string }>()
  ).results;

beforeAll(async () => {
  await seed(SEEDED);
  t.clock.set(SEEDED);
  admin = await signedInStaff(SEEDED, { role: 'city_admin' });
  auditor = await signedInStaff(SEEDED, { role: 'auditor' });
  voterToken = (await verifiedVoter(t)).token;
});

describe('GET /api/admin/notices/:slug/objections', () => {
  it('shows names and phones to city admins and hides them from auditors', async () => {
    t.clock.set(SEEDED);
    const no = await fileObjection();
    const full = await t.json('/api/admin/notices/bases-publicity/objections', as(admin));
    expect(full.res.status).toBe(200);
    conforms(AdminObjectionList, full.body);
    const mine = full.body.objections.find((o: any) => o.trackingNo === no);
    expect(mine).toMatchObject({ name: '李四', phone: expect.stringMatching(/^\d{3}\*{4}\d{4}$/), status: 'received' });
    const read = await t.json('/api/admin/notices/bases-publicity/objections', as(auditor));
    const seen = read.body.objections.find((o: any) => o.trackingNo === no);
    expect(seen).toMatchObject({ name: null, phone: null, contact: null, content: '有异议' });
  });

  it('refuses without a staff session, and auditors cannot change anything', async () => {
    expect((await t.request('/api/admin/notices/bases-publicity/objections')).status).toBe(401);
    const no = await fileObjection();
    const res = await t.request(`/api/admin/objections/${no}/assign`, as(auditor, { method: 'POST' }));
    expect(res.status).toBe(403);
  });
});

describe('handling an objection', () => {
  it('assigns, responds and dismisses, each step audited, and publishes the response', async () => {
    t.clock.set(SEEDED);
    const no = await fileObjection();
    expect((await t.request(`/api/admin/objections/${no}/assign`, as(admin, { method: 'POST' }))).status).toBe(200);
    expect((await t.json(`/api/objections/${no}`)).body.status).toBe('under_review');
    const responded = await t.request(
      `/api/admin/objections/${no}/respond`,
      as(admin, post({ response: '正在核查，请耐心等待。' })),
    );
    expect(responded.status).toBe(200);
    const decided = await t.json(
      `/api/admin/objections/${no}/decide`,
      as(admin, post({ outcome: 'dismissed', response: '经核查，实训设备与申报一致，异议不成立。' })),
    );
    expect(decided.res.status).toBe(200);
    conforms(ObjectionDecided, decided.body);
    expect(decided.body.replacedBy).toBeNull();
    expect((await t.json(`/api/objections/${no}`)).body).toMatchObject({
      status: 'dismissed',
      response: '经核查，实训设备与申报一致，异议不成立。',
    });
    const audit = await auditOf(no);
    expect(audit.map((a) => a.action)).toEqual(['objection.assign', 'objection.respond', 'objection.decide']);
    for (const a of audit) expect(a.after).not.toContain('李四');
    const again = await t.json(
      `/api/admin/objections/${no}/decide`,
      as(admin, post({ outcome: 'upheld', response: 'x' })),
    );
    expect(again.res.status).toBe(409);
  });

  it("answers each step with the objection's item and its name", async () => {
    t.clock.set(SEEDED + 30_000);
    const item = await env.DB.prepare(
      "SELECT i.id, i.name FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE n.slug = 'bases-publicity' ORDER BY sort DESC",
    ).first<{ id: number; name: string }>();
    expect(item!.name).not.toBe('');
    const no = await fileObjection({ itemId: item!.id });
    const steps = [
      await t.json(`/api/admin/objections/${no}/assign`, as(admin, { method: 'POST' })),
      await t.json(`/api/admin/objections/${no}/respond`, as(admin, post({ response: '正在核查。' }))),
      await t.json(
        `/api/admin/objections/${no}/decide`,
        as(admin, post({ outcome: 'dismissed', response: '不成立。' })),
      ),
    ];
    for (const { res, body } of steps) {
      expect(res.status).toBe(200);
      expect(body.objection.item).toEqual({ id: item!.id, name: item!.name });
    }
    const listed = (await t.json('/api/admin/notices/bases-publicity/objections', as(admin))).body.objections;
    expect(listed.find((o: any) => o.trackingNo === no).item).toEqual({ id: item!.id, name: item!.name });
  });

  it('re-publishes the notice with a new period when an upheld objection removes an item', async () => {
    t.clock.set(SEEDED + 60_000);
    const items = (
      await env.DB.prepare(
        "SELECT i.id, i.name FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE n.slug = 'bases-publicity' ORDER BY sort",
      ).all<{ id: number; name: string }>()
    ).results;
    const no = await fileObjection({ itemId: items[0].id });
    const decided = await t.json(
      `/api/admin/objections/${no}/decide`,
      as(admin, post({ outcome: 'upheld', response: '异议成立，撤下该基地。', removeItemIds: [items[0].id] })),
    );
    expect(decided.res.status).toBe(200);
    expect(decided.body.replacedBy).toBe('bases-publicity-r2');
    const fresh = (await t.json('/api/notices/bases-publicity-r2')).body.notice;
    expect(fresh).toMatchObject({
      status: 'open',
      publishedOn: '2026-11-27',
      startsOn: '2026-11-27',
      endsOn: '2026-12-03',
    });
    expect(fresh.items.map((i: any) => i.name)).toEqual(items.slice(1).map((i) => i.name));
    const old = (await t.json('/api/notices/bases-publicity')).body.notice;
    expect(old.status).toBe('withdrawn');
    const link = await env.DB.prepare(
      "SELECT o.replaced_by_id = n.id AS linked, n.supersedes_id = o.id AS back FROM notices o, notices n WHERE o.slug = 'bases-publicity' AND n.slug = 'bases-publicity-r2'",
    ).first();
    expect(link).toEqual({ linked: 1, back: 1 });
    const audit = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'notice.republish'").first();
    expect(audit).toEqual({ n: 1 });
  });
});

describe('tracking numbers', () => {
  it('are unique under concurrency and carry nothing about the notice or the phone', async () => {
    const db = openDb(env.DB);
    const now = SEEDED + 120_000;
    const voters = Array.from({ length: 40 }, (_, i) => ({
      phoneHash: `hash-${i}`,
      masked: `139****${String(i).padStart(4, '0')}`,
      expiresAt: now + 60_000,
      codeSentAt: null,
    }));
    const numbers = await Promise.all(
      voters.map((voter, i) =>
        submitObjection(db, {
          slug: 'bases-publicity-r2',
          voter,
          body: { name: `人${i}`, content: '并发' },
          network: `10.9.${i}.0/24`,
          now,
        }),
      ),
    );
    expect(new Set(numbers).size).toBe(40);
    for (const n of numbers) expect(n).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const prefixes = new Set(numbers.map((n) => n.slice(0, 4)));
    expect(prefixes.size).toBeGreaterThan(35);
  });
});

describe('retention of objectors’ data', () => {
  it('erases name, masked phone and contact a configured number of days after the decision, keeping the rest', async () => {
    const db = openDb(env.DB);
    const decided = await env.DB.prepare(
      "SELECT tracking_no FROM objections WHERE status = 'dismissed' AND personal_cleared_at IS NULL LIMIT 1",
    ).first<{ tracking_no: string }>();
    const at = await env.DB.prepare('SELECT decided_at FROM objections WHERE tracking_no = ?')
      .bind(decided!.tracking_no)
      .first<{ decided_at: number }>();
    expect(await clearExpiredObjectorData(db, 180, at!.decided_at + 179 * 86_400_000)).toBe(0);
    expect(await clearExpiredObjectorData(db, 180, at!.decided_at + 181 * 86_400_000)).toBeGreaterThanOrEqual(1);
    const row = await env.DB.prepare('SELECT * FROM objections WHERE tracking_no = ?')
      .bind(decided!.tracking_no)
      .first<Record<string, unknown>>();
    expect(row).toMatchObject({ name: '', phone_masked: '', contact: null, status: 'dismissed' });
    expect(row!.content).toBe('有异议');
    expect(row!.personal_cleared_at).not.toBeNull();
    const pending = await env.DB.prepare(
      "SELECT count(*) AS n FROM objections WHERE status = 'received' AND name = ''",
    ).first();
    expect(pending).toEqual({ n: 0 });
    const audit = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'retention.clear_objector_data'",
    ).first();
    expect(audit).toEqual({ n: 1 });
  });
});
