import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../../db/client';
import { loadCalendar } from '../../../../db/queries/calendar';
import { seed } from '../../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const db = openDb(env.DB);
beforeAll(() => seed(NOW));

describe('loadCalendar', () => {
  it('loads the holidays and make-up working days of the asked years from the seed', async () => {
    const cal = await loadCalendar(db, [2026]);
    expect(cal.knownYears).toEqual(new Set([2026]));
    expect(cal.exceptions.get('2026-10-01')).toBe('holiday');
    expect(cal.exceptions.get('2026-10-10')).toBe('workday');
    expect(cal.exceptions.has('2026-11-27')).toBe(false);
    expect([...cal.exceptions.keys()].every((d) => d.startsWith('2026-'))).toBe(true);
  });

  it('loads several years at once and leaves out years it does not know', async () => {
    const cal = await loadCalendar(db, [2025, 2026, 2099]);
    expect(cal.knownYears).toEqual(new Set([2025, 2026]));
    expect(cal.exceptions.get('2025-10-01')).toBe('holiday');
    expect([...cal.exceptions.keys()].some((d) => d.startsWith('2099-'))).toBe(false);
  });
});
