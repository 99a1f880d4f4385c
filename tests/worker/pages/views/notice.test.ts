import { beforeAll, describe, expect, it } from 'vitest';
import { post, seed, testApp } from '../../../fixtures/app';
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
