import { beforeAll, describe, expect, it } from 'vitest';
import { seed, testApp } from '../../fixtures/app';
import { NoticeBody, NoticeList } from '../../../contracts/api';
import { errorBody } from '../../../contracts/errors';
import { conforms } from '../../fixtures/contract';

const SEEDED = Date.UTC(2026, 10, 27, 2, 0); // Friday 2026-11-27 10:00 China time
const t = testApp();

beforeAll(() => seed(SEEDED));

describe('GET /api/notices/:slug', () => {
  it('serves the seeded bases notice with its 5-working-day period and 10 items', async () => {
    t.clock.set(SEEDED);
    const { res, body } = await t.json('/api/notices/bases-publicity');
    expect(res.status).toBe(200);
    conforms(NoticeBody, body);
    expect(body.notice).toMatchObject({
      track: 'bases',
      status: 'open',
      startsOn: '2026-11-27',
      endsOn: '2026-12-03',
      workingDays: 5,
    });
    expect(body.notice.items).toHaveLength(10);
    expect(body.notice.contact).toEqual({
      name: expect.any(String),
      phone: expect.any(String),
      address: expect.any(String),
    });
  });

  it('is open through the whole last day and ended from 00:00 China time after it', async () => {
    t.clock.set(Date.UTC(2026, 11, 3, 15, 59, 59)); // 2026-12-03 23:59:59 China
    expect((await t.json('/api/notices/bases-publicity')).body.notice.status).toBe('open');
    t.clock.set(Date.UTC(2026, 11, 3, 16, 0, 0)); // 2026-12-04 00:00 China
    expect((await t.json('/api/notices/bases-publicity')).body.notice.status).toBe('ended');
  });

  it('answers not_found for an unknown notice', async () => {
    const { res, body } = await t.json('/api/notices/unknown');
    expect(res.status).toBe(404);
    conforms(errorBody(['not_found']), body);
    expect(body.error.code).toBe('not_found');
  });
});

describe('GET /api/notices', () => {
  it('lists notices with their status', async () => {
    t.clock.set(SEEDED);
    const { body } = await t.json('/api/notices');
    conforms(NoticeList, body);
    expect(body.notices.map((n: any) => [n.slug, n.status])).toEqual([['bases-publicity', 'open']]);
  });
});
