import { beforeAll, describe, expect, it } from 'vitest';
import { seed, testApp } from '../../fixtures/app';
import { WorkingPeriod } from '../../../contracts/api';
import { errorBody } from '../../../contracts/errors';
import { conforms } from '../../fixtures/contract';

const t = testApp();
beforeAll(() => seed(Date.UTC(2026, 10, 27, 2, 0)));

describe('GET /api/calendar/period', () => {
  it('counts a make-up Sunday as a working day (2024-01-31 + 5 ends 2024-02-05)', async () => {
    const { res, body } = await t.json('/api/calendar/period?start=2024-01-31&workingDays=5');
    expect(res.status).toBe(200);
    conforms(WorkingPeriod, body);
    expect(body).toEqual({
      startsOn: '2024-01-31',
      endsOn: '2024-02-05',
      days: ['2024-01-31', '2024-02-01', '2024-02-02', '2024-02-04', '2024-02-05'],
    });
  });

  it('starts on the next working day when published on a holiday', async () => {
    const { body } = await t.json('/api/calendar/period?start=2026-10-01&workingDays=5');
    expect(body.startsOn).toBe('2026-10-08');
    expect(body.days).toEqual(['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13']);
  });

  it('refuses a period reaching into a year whose schedule is not entered', async () => {
    const { res, body } = await t.json('/api/calendar/period?start=2026-12-28&workingDays=5');
    expect(res.status).toBe(409);
    conforms(errorBody(['calendar_missing']), body);
    expect(body.error.code).toBe('calendar_missing');
    expect(body.error.message).toContain('2027');
  });

  it('validates the query', async () => {
    const { res, body } = await t.json('/api/calendar/period?start=2026-13&workingDays=0');
    expect(res.status).toBe(400);
    conforms(errorBody(['invalid_request']), body);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((i: any) => i.path[0]).sort()).toEqual(['start', 'workingDays']);
  });

  it.each(['2026-02-30', '2026-99-99', '2026-00-10', '2025-02-29', '2026-04-31'])(
    'refuses the impossible date %s',
    async (start) => {
      const { res, body } = await t.json(`/api/calendar/period?start=${start}&workingDays=5`);
      expect(res.status).toBe(400);
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.issues.map((i: any) => i.path[0])).toEqual(['start']);
    },
  );

  it('accepts a leap day', async () => {
    const { res, body } = await t.json('/api/calendar/period?start=2024-02-29&workingDays=1');
    expect(res.status).toBe(200);
    expect(body.startsOn).toBe('2024-02-29');
  });
});
