/**
 * The period rule under a machine time zone far from China's (run with TZ=America/Los_Angeles by
 * `npm run test:tz`). workerd ignores TZ, so this runs in Node, on the same cases as the workerd suite.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CalendarMissingError, workingPeriod } from '../../contracts/calendar';
import { chinaDate, chinaMidnight } from '../../contracts/china-time';
import { MISSING_YEAR_CASE, PERIOD_CASES, seededCalendar } from '../fixtures/periods';

const cal = seededCalendar();

test('runs under a non-UTC, non-China time zone', () => {
  assert.notEqual(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), 0, 'set TZ, e.g. TZ=America/Los_Angeles');
  assert.notEqual(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), -480);
});

for (const c of PERIOD_CASES) {
  test(c.name, () => {
    const p = workingPeriod(c.published, c.workingDays, cal);
    assert.deepEqual([p.startsOn, p.endsOn, p.days.length], [c.startsOn, c.endsOn, c.workingDays]);
  });
}

test('the end instant is 24:00 China time whatever the machine zone', () => {
  const end = chinaMidnight('2024-02-06');
  assert.equal(new Date(end).toISOString(), '2024-02-05T16:00:00.000Z');
  assert.equal(chinaDate(end - 1), '2024-02-05');
  assert.equal(chinaDate(end), '2024-02-06');
});

test('a period reaching into a year not entered is calendar_missing', () => {
  assert.throws(
    () => workingPeriod(MISSING_YEAR_CASE.published, MISSING_YEAR_CASE.workingDays, cal),
    (e) => e instanceof CalendarMissingError && e.year === MISSING_YEAR_CASE.year,
  );
});
