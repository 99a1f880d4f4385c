import { beforeAll, describe, expect, it } from 'vitest';
import { post, seed, testApp } from '../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const t = testApp();
t.clock.set(NOW);
beforeAll(() => seed(NOW));

const noFollow = { redirect: 'manual' } as const;

describe('page addresses typed without the trailing slash', () => {
  it.each([
    ['/polls/trades-vote', '/polls/trades-vote/'],
    ['/rules', '/rules/'],
    ['/receipts/ABCD-EFGH-JKLM', '/receipts/ABCD-EFGH-JKLM/'],
    ['/receipts', '/receipts/'],
    ['/notices/bases-publicity', '/notices/bases-publicity/'],
    ['/competitions', '/competitions/'],
    ['/recruitment', '/recruitment/'],
    ['/institutions', '/institutions/'],
    ['/tracks/trades', '/tracks/trades/'],
    ['/lists/some-list', '/lists/some-list/'],
    ['/polls/trades-vote?from=wechat&x=1', '/polls/trades-vote/?from=wechat&x=1'],
  ])('redirects %s with 308 to %s', async (path, location) => {
    const res = await t.request(path, noFollow);
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe(location);
  });

  it('answers HEAD the same way', async () => {
    const res = await t.request('/rules', { method: 'HEAD', ...noFollow });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/rules/');
  });

  it('serves the slash form and leaves files alone', async () => {
    expect((await t.request('/polls/trades-vote/', noFollow)).status).toBe(200);
    const file = await t.request('/_astro/no-such-file.js', noFollow);
    expect(file.status).toBe(404);
  });

  it.each([
    '/embed/polls/trades-vote',
    '/polls/trades-vote/qr.png',
    '/polls/trades-vote/poster.svg',
    '/notices/bases-publicity/qr.png',
  ])('serves the media address %s without a redirect', async (path) => {
    expect((await t.request(path, noFollow)).status).toBe(200);
  });

  it('never redirects to another host', async () => {
    for (const path of ['//evil.example', '//evil', '/\\evil']) {
      const res = await t.request(`http://localhost${path}`, noFollow);
      const location = res.headers.get('location');
      if (location) expect(new URL(location, 'http://localhost/').host, path).toBe('localhost');
    }
  });
});

describe('API addresses', () => {
  it('answers GET /api with the JSON 404 envelope', async () => {
    const res = await t.request('/api', noFollow);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect((await res.json()) as unknown).toMatchObject({ error: { code: 'not_found' } });
  });

  it('redirects a trailing slash to the API path with 308, keeping method and query', async () => {
    const res = await t.request('/api/polls/?x=1', noFollow);
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/api/polls?x=1');
    const followed = await t.json(res.headers.get('location')!);
    expect(followed.res.status).toBe(200);
    expect(followed.body.polls.length).toBeGreaterThan(0);
    const otp = await t.request('/api/otp/', { ...post({ phone: '13900000001' }), ...noFollow });
    expect(otp.status).toBe(308);
    expect(otp.headers.get('location')).toBe('/api/otp');
  });

  it('keeps /api/ itself a JSON 404', async () => {
    const res = await t.request('/api/', noFollow);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe('not_found');
  });
});
