import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decimalInt, publicText, publicTextProblem } from '../../../contracts/input';

describe('decimalInt', () => {
  const Q = z.object({ n: decimalInt(1, 500).optional() });
  it('reads plain decimal digits within the bounds', () => {
    expect(Q.parse({ n: '16' })).toEqual({ n: 16 });
    expect(Q.parse({ n: '007' })).toEqual({ n: 7 });
    expect(Q.parse({})).toEqual({});
  });
  it('refuses hex, exponents, signs, spaces, decimals, empty and out-of-range values', () => {
    for (const n of ['0x10', '2.026e3', '5e0', '+5', '-5', ' 5', '5 ', '5.0', '', '0', '501', '1'.repeat(16), 'NaN'])
      expect(Q.safeParse({ n }).success, JSON.stringify(n)).toBe(false);
  });
});

describe('publicText', () => {
  const line = z.string().trim().min(1).max(100).check(publicText());
  const lines = z
    .string()
    .max(100)
    .check(publicText({ multiline: true }));

  it('accepts ordinary text, emoji and CJK punctuation', () => {
    for (const s of ['临汾市“十大技工工种”', 'A-1 (test)', '👍 好', 'e\u0301', '中文\u200d字'])
      expect(line.safeParse(s).success, JSON.stringify(s)).toBe(true);
  });

  it('refuses lone surrogates, control characters and bidi controls', () => {
    for (const s of ['a\ud800', '\udc00b', 'a\u0000b', 'a\u0007', 'a\u007f', 'a\u0085b', 'a\u001b[31m'])
      expect(line.safeParse(s).success, JSON.stringify(s)).toBe(false);
    for (let c = 0x202a; c <= 0x202e; c++) expect(publicTextProblem(`a${String.fromCharCode(c)}b`)).not.toBeNull();
    for (let c = 0x2066; c <= 0x2069; c++) expect(publicTextProblem(`a${String.fromCharCode(c)}b`)).not.toBeNull();
  });

  it('refuses text with no visible character', () => {
    for (const s of [
      '\u200b',
      '\u200b\u200c\u200d',
      '\u2060',
      '\ufeff',
      '\u00ad',
      '\u3164',
      '\u2800',
      '\u0301',
      '\u3000\u200b',
    ])
      expect(line.safeParse(s).success, JSON.stringify(s)).toBe(false);
  });

  it('allows line feeds, tabs and CR-LF only where multi-line, and an empty optional text', () => {
    expect(lines.safeParse('一\n二\t三\r\n四').success).toBe(true);
    expect(lines.safeParse('').success).toBe(true);
    expect(lines.safeParse('一\r二').success).toBe(false);
    expect(lines.safeParse('\n\n').success).toBe(false);
    expect(line.safeParse('一\n二').success).toBe(false);
  });
});
