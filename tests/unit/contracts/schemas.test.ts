/**
 * Input schemas whose OpenAPI form is a format or pattern: what the validator accepts is exactly
 * what the document says (docs/architecture.md, "Route declarations").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChinaDate } from '../../../contracts/api';
import { isCalendarDate } from '../../../contracts/china-time';
import { STAGE_KEYS } from '../../../contracts/enums';
import { RecoveryCode, TotpCode } from '../../../contracts/admin-accounts';
import { TRACK_RULES } from '../../../contracts/workflow';
import { TRACKS } from '../../../db/seed/programme';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('ChinaDate', () => {
  it('accepts exactly the calendar dates (format: date) from year 1000', () => {
    expect(ChinaDate.safeParse('2024-02-29').success).toBe(true);
    expect(ChinaDate.safeParse('2026-02-30').success).toBe(false);
    expect(ChinaDate.safeParse('2026-02-29').success).toBe(false);
    expect(ChinaDate.safeParse('0999-12-31').success).toBe(false);
    expect(ChinaDate.safeParse('2026-1-01').success).toBe(false);
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const date = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          expect(ChinaDate.safeParse(date).success, date).toBe(isCalendarDate(date));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('TOTP and recovery codes', () => {
  const typed = (alphabet: string[], max: number) =>
    fc.array(fc.constantFrom(...alphabet), { maxLength: max }).map((cs) => cs.join(''));

  it('accept a TOTP code exactly when it is 6 digits once spaces are removed', () => {
    fc.assert(
      fc.property(typed(['1', '2', '0', '9', ' ', 'a', '-'], 14), (s) => {
        const ok = /^\d{6}$/.test(s.replace(/\s/g, ''));
        expect(TotpCode.safeParse(s).success, JSON.stringify(s)).toBe(ok);
      }),
      { numRuns: 3000 },
    );
  });

  it('accept a recovery code exactly when it is 10 letters or digits once spaces and dashes are removed', () => {
    fc.assert(
      fc.property(typed(['A', 'b', '7', '-', ' ', '_', '.'], 20), (s) => {
        const ok = /^[A-Za-z0-9]{10}$/.test(s.replace(/[\s-]/g, ''));
        expect(RecoveryCode.safeParse(s).success, JSON.stringify(s)).toBe(ok);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('STAGE_KEYS', () => {
  it('are the stage keys of the workflow rules and of the seed', () => {
    const rules = new Set(Object.values(TRACK_RULES).flatMap((r) => Object.keys(r.stages)));
    const seeded = new Set(TRACKS.flatMap((t) => t.stages.map((s) => s.key)));
    expect(new Set(STAGE_KEYS)).toEqual(rules);
    expect(new Set(STAGE_KEYS)).toEqual(seeded);
  });
});
