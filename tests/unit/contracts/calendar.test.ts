import { describe, expect, it } from 'vitest';
import {
  CalendarMissingError,
  isWorkingDay,
  workingPeriod,
  yearsNear,
  type CalendarData,
} from '../../../contracts/calendar';

/** 2024 as the State Council set it around the Spring Festival: holidays 02-10..17, make-up days 02-04 and 02-18. */
const cal2024: CalendarData = {
  exceptions: new Map([
    ...[
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
      '2024-02-15',
      '2024-02-16',
      '2024-02-17',
    ].map((d) => [d, 'holiday'] as const),
    ['2024-02-04', 'workday'],
    ['2024-02-18', 'workday'],
  ]),
  knownYears: new Set([2024]),
};

describe('isWorkingDay', () => {
  it('counts Monday to Friday and not the weekend', () => {
    expect(isWorkingDay('2024-01-05', cal2024)).toBe(true); // Friday
    expect(isWorkingDay('2024-01-06', cal2024)).toBe(false); // Saturday
    expect(isWorkingDay('2024-01-07', cal2024)).toBe(false); // Sunday
  });

  it('lets a dated exception override the weekday', () => {
    expect(isWorkingDay('2024-02-12', cal2024)).toBe(false); // Monday, holiday
    expect(isWorkingDay('2024-02-04', cal2024)).toBe(true); // Sunday, make-up working day
  });

  it('refuses a date in a year whose schedule is not entered', () => {
    expect(() => isWorkingDay('2025-01-06', cal2024)).toThrow(CalendarMissingError);
    try {
      isWorkingDay('2025-01-06', cal2024);
    } catch (e) {
      expect((e as CalendarMissingError).year).toBe(2025);
    }
  });
});

describe('workingPeriod', () => {
  it('counts a make-up Sunday (5 working days from 2024-01-31 end on 2024-02-05)', () => {
    expect(workingPeriod('2024-01-31', 5, cal2024)).toEqual({
      startsOn: '2024-01-31',
      endsOn: '2024-02-05',
      days: ['2024-01-31', '2024-02-01', '2024-02-02', '2024-02-04', '2024-02-05'],
    });
  });

  it('starts on the next working day when published on a holiday, and skips the holidays', () => {
    const p = workingPeriod('2024-02-10', 3, cal2024);
    expect(p.startsOn).toBe('2024-02-18');
    expect(p.days).toEqual(['2024-02-18', '2024-02-19', '2024-02-20']);
  });

  it('throws rather than guessing when the period runs into an unknown year', () => {
    expect(() => workingPeriod('2024-12-30', 5, cal2024)).toThrow(CalendarMissingError);
  });
});

describe('yearsNear', () => {
  it('is the publication year and the next', () => {
    expect(yearsNear('2026-12-28')).toEqual([2026, 2027]);
  });
});
