import { describe, expect, it } from 'vitest';
import { chinaDate, chinaTimeOfDay, formatChinaDateTime, formatChinaDeadline } from '../../../contracts/china-time';

describe('China time of day and the written forms', () => {
  // 2026-12-07 16:30 UTC is 2026-12-08 00:30 in China: the date and time both cross over.
  const lateUtc = Date.UTC(2026, 11, 7, 16, 30);

  it('takes the time of day in China, not UTC', () => {
    expect(chinaTimeOfDay(lateUtc)).toBe('00:30');
    expect(chinaDate(lateUtc)).toBe('2026-12-08');
    expect(chinaTimeOfDay(Date.UTC(2026, 11, 7, 1, 5))).toBe('09:05');
  });

  it('writes an instant for people, and 00:00 as 24:00 of the day before when it is a deadline', () => {
    expect(formatChinaDateTime(lateUtc)).toBe('2026年12月8日 00:30');
    const midnight = Date.UTC(2026, 11, 7, 16, 0);
    expect(formatChinaDateTime(midnight)).toBe('2026年12月8日 00:00');
    expect(formatChinaDeadline(midnight)).toBe('2026年12月7日 24:00');
    expect(formatChinaDeadline(lateUtc)).toBe('2026年12月8日 00:30');
  });
});
