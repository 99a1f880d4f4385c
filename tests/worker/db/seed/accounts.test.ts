import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createAccountSql } from '../../../../db/seed/accounts';
import { accountById } from '../../../../db/queries/admin-accounts';
import { accountView, signIn } from '../../../../worker/services/admin/auth';
import { hashPassword } from '../../../../worker/services/admin/password';
import { auditFor, expectIssued, staffDeps } from '../../../fixtures/admin-accounts';

const NOW = Date.UTC(2026, 11, 4, 1, 0);
const run = (stmts: string[]) => env.DB.batch(stmts.map((s) => env.DB.prepare(s)));

describe('createAccountSql (admin:create, the development admin)', () => {
  it('creates an account the Worker signs in, with its audit entry', async () => {
    const passwordHash = await hashPassword('first admin password');
    await run(
      createAccountSql(
        { username: 'boss', displayName: "O'Brien 管理员", role: 'city_admin', countyId: null, passwordHash },
        NOW,
        'cli:admin:create',
      ),
    );
    const s = await signIn(
      staffDeps(NOW),
      { username: 'boss', password: 'first admin password' },
      { network: null, userAgent: null },
    );
    expect(s.secondFactor).toBe('enrol');
    const row = await env.DB.prepare("SELECT id, display_name FROM accounts WHERE username = 'boss'").first<{
      id: number;
      display_name: string;
    }>();
    expect(row!.display_name).toBe("O'Brien 管理员");
    // Made by the operator out of band: a confirmed city admin from the start.
    const account = await accountById(staffDeps(NOW).db, row!.id);
    expect(accountView(account!)).toMatchObject({ role: 'city_admin', pendingConfirmation: false });
    const [entry] = await auditFor(row!.id);
    expect(entry).toMatchObject({ action: 'account.create', actor_label: 'cli:admin:create', actor_id: null, at: NOW });
    expect(JSON.parse(entry.after)).toEqual({
      username: 'boss',
      displayName: "O'Brien 管理员",
      role: 'city_admin',
      countyId: null,
    });
  });

  it('fails on a taken username, and with ifAbsent leaves it alone and writes no second entry', async () => {
    const passwordHash = await hashPassword('development password');
    const sql = (hash: string, ifAbsent: boolean) =>
      createAccountSql(
        { username: 'dev-admin', displayName: '开发管理员', role: 'city_admin', countyId: null, passwordHash: hash },
        NOW,
        'local-db',
        ifAbsent,
      );
    await run(sql(passwordHash, true));
    await run(sql(await hashPassword('another password here'), true));
    await expect(run(sql(passwordHash, false))).rejects.toThrow(/UNIQUE/);
    const row = await env.DB.prepare("SELECT id FROM accounts WHERE username = 'dev-admin'").first<{ id: number }>();
    expect(await auditFor(row!.id)).toHaveLength(1);
    await expectIssued(
      signIn(
        staffDeps(NOW),
        { username: 'dev-admin', password: 'development password' },
        { network: null, userAgent: null },
      ),
      row!.id,
      'enrol',
      NOW,
    );
  });
});
