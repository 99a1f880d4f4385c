/**
 * A purge of the edge cache runs after the admin change has committed: when it fails (here
 * `caches.default.delete` throws; D1 stays real), the failure is logged with its context and the
 * admin answer is still the success the change was.
 */
import { env } from 'cloudflare:test';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { auditOf, call, staffOf, type Session } from '../../../fixtures/admin';
import { post, pinnedClock, seed, testApp } from '../../../fixtures/app';
import { verifiedVoter } from '../../../fixtures/voting';
import { defaultCache } from '../../../../worker/services/edge-cache-purge';

// Friday 2026-11-27 10:00 China time: the seeded bases notice is open, the trades vote is open.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const clock = pinnedClock(NOW);
const t = testApp(clock);
let admin: Session;
let logged: MockInstance<typeof console.error>;

beforeAll(async () => {
  await seed(NOW);
  admin = await staffOf(NOW, 'city_admin');
});

beforeEach(() => {
  vi.spyOn(defaultCache(), 'delete').mockRejectedValue(new Error('cache unavailable'));
  logged = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** The purge was tried and its failure logged with the admin path it followed. */
function expectLoggedFailure(path: string) {
  expect(logged).toHaveBeenCalledWith('edge cache purge failed', path, expect.any(Error));
}

const notice = (slug: string) =>
  env.DB.prepare('SELECT is_draft, withdrawn_reason FROM notices WHERE slug = ?')
    .bind(slug)
    .first<{ is_draft: number; withdrawn_reason: string | null }>();

describe('a purge that fails after a committed change', () => {
  it('answers a notice publish with 200, and the notice is published and audited', async () => {
    const draft = {
      slug: 'purge-fails-notice',
      track: 'brands',
      source: 'manual',
      title: '劳务品牌拟认定名单公示（测试）',
      body: '现将拟认定名单予以公示。',
      contactName: '王老师',
      contactPhone: '0357-1234567',
      contactAddress: '临汾市人社局职业能力建设科',
      items: [{ name: '测试劳务品牌', score: 90 }],
    };
    expect((await call(t, admin, 'POST', '/api/admin/notices', draft)).status).toBe(201);
    const path = '/api/admin/notices/purge-fails-notice/publish';
    const res = await call(t, admin, 'POST', path, {});
    expect(res.status, res.text).toBe(200);
    expect(res.body.notice.state).toBe('open');
    expect(await notice('purge-fails-notice')).toMatchObject({ is_draft: 0, withdrawn_reason: null });
    expect((await auditOf('notice.publish')).map((a) => a.entity_id)).toContain('purge-fails-notice');
    expectLoggedFailure(path);
    expect((await t.json('/api/notices/purge-fails-notice')).res.status).toBe(200);
  });

  it('answers a notice withdrawal with 200, and the notice is withdrawn', async () => {
    const path = '/api/admin/notices/purge-fails-notice/withdraw';
    const reason = '名单核实中，暂停公示。';
    const res = await call(t, admin, 'POST', path, { reason });
    expect(res.status, res.text).toBe(200);
    expect(await notice('purge-fails-notice')).toMatchObject({ withdrawn_reason: reason });
    expectLoggedFailure(path);
  });

  it('answers an upheld objection that re-publishes its notice with 200, and the replacement stands', async () => {
    const voter = await verifiedVoter(t);
    const item = await env.DB.prepare(
      "SELECT i.id FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE n.slug = 'bases-publicity' ORDER BY sort",
    ).first<{ id: number }>();
    const filed = await t.json(
      '/api/notices/bases-publicity/objections',
      post({ name: '李四', content: '有异议', itemId: item!.id }, { Authorization: `Bearer ${voter.token}` }),
    );
    expect(filed.res.status).toBe(201);
    const path = `/api/admin/objections/${filed.body.trackingNo}/decide`;
    const decision = { outcome: 'upheld', response: '异议成立，撤下该基地。', removeItemIds: [item!.id] };
    const res = await call(t, admin, 'POST', path, decision);
    expect(res.status, res.text).toBe(200);
    expect(res.body.replacedBy).toBe('bases-publicity-r2');
    expect(await notice('bases-publicity-r2')).toMatchObject({ is_draft: 0, withdrawn_reason: null });
    expectLoggedFailure(path);
  });

  it('answers a poll closed early with 200, and the poll is closed', async () => {
    const path = '/api/admin/polls/trades-vote/close';
    const res = await call(t, admin, 'POST', path, { reason: '测试：评选工作安排调整，投票提前结束。' });
    expect(res.status, res.text).toBe(200);
    expect((await t.json('/api/polls/trades-vote')).body.poll.status).toBe('closed');
    expectLoggedFailure(path);
  });
});
