import { describe, expect, it } from 'vitest';
import { newAccountProblems, passwordProblems, RecoveryCode, TotpCode, Username } from '../../../contracts/staff';

describe('passwordProblems', () => {
  it('wants at least 12 characters, counted as characters not bytes', () => {
    expect(passwordProblems('elevenchars')).toHaveLength(1);
    expect(passwordProblems('twelve chars')).toEqual([]);
    expect(passwordProblems('十二个汉字的密码就足够长了')).toEqual([]);
    expect(passwordProblems('十一个汉字的密码还不够')).toHaveLength(1);
  });

  it('refuses more than 256 characters', () => {
    expect(passwordProblems('x'.repeat(256))).toEqual([]);
    expect(passwordProblems('x'.repeat(257))).toHaveLength(1);
  });
});

describe('newAccountProblems', () => {
  const ok = {
    username: 'li.ming',
    displayName: '李明',
    role: 'city_admin' as const,
    password: 'a long enough password',
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
