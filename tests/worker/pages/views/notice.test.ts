import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ObjectionStatusBody } from '../../../../contracts/objections';
import { post, seed, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { signedInStaff, staffCookie } from '../../../fixtures/admin-accounts';
import { verifiedVoter } from '../../../fixtures/voting';

// Needs the built site (npm run build), as `npm test` does first.
const NOW = Date.UTC(2026, 10, 27, 2, 0); // Friday 2026-11-27 10:00 China time
const t = testApp();
t.clock.set(NOW);
beforeAll(() => seed(NOW));

describe('notice page', () => {
  it('shows working days left, every way to object and the data for the objection island', async () => {
    const res = await t.request('/notices/bases-publicity/');
    const text = await res.text();
    expect(res.status).toBe(200);
    // 2026-11-27 (Fri), 11-30, 12-01, 12-02, 12-03: five working days, today included.
    expect(text).toContain('距公示结束还有 <strong>5</strong> 个工作日');
    expect(text).toContain('在线提交');
    expect(text).toContain('以寄出邮戳日期为准');
    expect(text).toContain('"status":"open"');
    expect(text).toContain('href="/objections/"');
  });
});

describe('objection status page', () => {
  it('shows the status of a tracking number and none of the objector’s data', async () => {
    const { phone, token } = await verifiedVoter(t);
    const filed = await t.request(
      '/api/notices/bases-publicity/objections',
      post(
        { name: '王五', contact: 'wangwu@example.cn', content: '保密的异议正文' },
        { Authorization: `Bearer ${token}` },
      ),
    );
    const { trackingNo } = await filed.json<{ trackingNo: string }>();
    const res = await t.request(`/objections/${trackingNo}/`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(text).toContain(trackingNo);
    expect(text).toContain('已受理');
    for (const secret of [
      '王五',
      'wangwu@example.cn',
      '保密的异议正文',
      phone,
      `${phone.slice(0, 3)}****${phone.slice(7)}`,
    ])
      expect(text).not.toContain(secret);
  });

  it('redirects the lookup form and answers an unknown number with 404', async () => {
    const lookup = await t.request('/objections/?no=abcd-efgh-jkmn');
    expect(lookup.status).toBe(303);
    expect(lookup.headers.get('Location')).toBe('/objections/ABCD-EFGH-JKMN/');
    expect((await t.request('/objections/ABCD-EFGH-JKMN/')).status).toBe(404);
  });
});

describe('objection status page: what was objected to, and the notice as it now stands', () => {
  it('names the item objected to (or the whole notice) and links to the re-published notice once it replaced the first', async () => {
    const { token } = await verifiedVoter(t);
    const items = (
      await env.DB.prepare(
        "SELECT i.id, i.name FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE n.slug = 'bases-publicity' ORDER BY sort",
      ).all<{ id: number; name: string }>()
    ).results;
    const file = async (extra: Record<string, unknown>) => {
      const res = await t.request(
        '/api/notices/bases-publicity/objections',
        post({ name: '赵六', content: '材料不实', ...extra }, { Authorization: `Bearer ${token}` }),
      );
      return (await res.json<{ trackingNo: string }>()).trackingNo;
    };
    const onItem = await file({ itemId: items[0].id });
    const onWhole = await file({});

    const whole = await (await t.request(`/objections/${onWhole}/`)).text();
    expect(whole).toContain('异议对象：整份公示');
    expect(whole).not.toContain('现行公示');
    const api = await t.json(`/api/objections/${onItem}`);
    conforms(ObjectionStatusBody, api.body);
    expect(api.body.item).toBe(items[0].name);

    // Upheld: the item is removed and the notice re-published as bases-publicity-r2.
    const admin = await signedInStaff(NOW, { role: 'city_admin' });
    const decided = await t.request(`/api/admin/objections/${onItem}/decide`, {
      ...post({ outcome: 'upheld', response: '异议成立，撤下该项。', removeItemIds: [items[0].id] }),
      headers: {
        'content-type': 'application/json',
        Cookie: staffCookie(admin.token),
        'X-CSRF-Token': admin.csrfToken,
        Origin: 'http://localhost',
      },
    });
    expect(decided.status).toBe(200);
    const text = await (await t.request(`/objections/${onItem}/`)).text();
    expect(text).toContain(`异议对象：${items[0].name}`);
    expect(text).toContain('href="/notices/bases-publicity/"');
    expect(text).toMatch(/现行公示：<a href="\/notices\/bases-publicity-r2\/">[^<]+<\/a>/);
    // The objection on the whole notice also leads to the notice as it now stands.
    expect(await (await t.request(`/objections/${onWhole}/`)).text()).toContain(
      '现行公示：<a href="/notices/bases-publicity-r2/">',
    );
  });
});
