import { describe, expect, it } from 'vitest';
import {
  newAccountProblems,
  passwordProblems,
  RecoveryCode,
  TotpCode,
  Username,
} from '../../../contracts/admin-accounts';

describe('passwordProblems', () => {
  it('wants at least 12 characters, counted as characters not bytes', () => {
    expect(passwordProblems('Elevench4rs')).toHaveLength(1);
    expect(passwordProblems('Twelve chars')).toEqual([]);
    expect(passwordProblems('十二个汉字的密码就足够长了A1')).toEqual([]);
    expect(passwordProblems('汉字密码不够长A1b')).toHaveLength(1);
  });

  it('refuses more than 256 characters', () => {
    expect(passwordProblems('Xy1'.repeat(85) + 'x')).toEqual([]);
    expect(passwordProblems('Xy1'.repeat(85) + 'xy')).toHaveLength(1);
  });

  it('wants three of the four character classes and more than one repeated character', () => {
    for (const weak of ['password1234', 'aaaaaaaaaaaa', 'linfen123456', ' '.repeat(12), 'ALLCAPS AND SPACES'])
      expect(passwordProblems(weak), weak).not.toEqual([]);
    expect(passwordProblems('password1234')).toEqual(['密码须包含大写字母、小写字母、数字、其他符号中的至少三类。']);
    expect(passwordProblems('AAAAAAAAAAAA')).toContain('密码不能由同一个字符重复组成。');
    for (const ok of ['Password1234', 'password 1234', 'PASSWORD-1234', '临汾技工Password'])
      expect(passwordProblems(ok), ok).toEqual([]);
  });
});

describe('newAccountProblems', () => {
  const ok = {
    username: 'li.ming',
    displayName: '李明',
    role: 'city_admin' as const,
    password: 'A long enough password 7',
  };

  it('accepts a complete account', () => {
    expect(newAccountProblems(ok)).toEqual([]);
    expect(newAccountProblems({ ...ok, role: 'county_officer', countyId: 'yaodu' })).toEqual([]);
  });

  it('names each field that is wrong', () => {
    const issues = newAccountProblems({
      username: 'LM',
      displayName: ' ',
      role: 'root' as never,
      countyId: 'yaodu',
      password: 'short',
    });
    expect(issues.map((i) => i.path[0])).toEqual(['username', 'displayName', 'role', 'countyId', 'password']);
    expect(newAccountProblems({ ...ok, role: 'county_officer' }).map((i) => i.path[0])).toEqual(['countyId']);
    expect(newAccountProblems({ ...ok, countyId: 'yaodu' }).map((i) => i.path[0])).toEqual(['countyId']);
  });
});

describe('input schemas', () => {
  it('normalise usernames, TOTP codes and recovery codes as people type them', () => {
    expect(Username.parse('  Li.Ming ')).toBe('li.ming');
    expect(Username.safeParse('li ming').success).toBe(false);
    expect(TotpCode.parse('123 456')).toBe('123456');
    expect(TotpCode.safeParse('12345').success).toBe(false);
    expect(RecoveryCode.parse('abcde-fghjk')).toBe('ABCDEFGHJK');
    expect(RecoveryCode.safeParse('abc').success).toBe(false);
  });
});
