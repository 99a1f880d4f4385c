import { describe, expect, it } from 'vitest';
import { CalendarMissingError, workingPeriod } from '../../../contracts/calendar';
import { chinaMidnight } from '../../../contracts/china-time';
import { MISSING_YEAR_CASE, PERIOD_CASES, seededCalendar } from '../../fixtures/periods';

const cal = seededCalendar();

describe('workingPeriod with the seeded State Council schedules', () => {
  for (const c of PERIOD_CASES) {
    it(c.name, () => {
      const p = workingPeriod(c.published, c.workingDays, cal);
      expect({ startsOn: p.startsOn, endsOn: p.endsOn, n: p.days.length }).toEqual({
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        n: c.workingDays,
      });
    });
  }

  it('ends at 24:00 China time of the last day, i.e. 16:00 UTC that day', () => {
    const p = workingPeriod('2024-01-31', 5, cal);
    expect(new Date(chinaMidnight(p.endsOn) + 86_400_000).toISOString()).toBe('2024-02-05T16:00:00.000Z');
  });

  it('answers calendar_missing for a period reaching into 2027', () => {
    expect(() => workingPeriod(MISSING_YEAR_CASE.published, MISSING_YEAR_CASE.workingDays, cal)).toThrow(
      CalendarMissingError,
    );
  });
});
