/**
 * SQL text that creates a staff account and its audit entry, for `wrangler d1 execute` (the
 * admin:create command and the development admin of scripts/local-db.ts). The password hash is made
 * by worker/services/admin/password.ts, the same code the Worker verifies with.
 */
import type { StaffRole } from '../../contracts/admin-accounts';

export interface AccountSqlInput {
  username: string;
  displayName: string;
  role: StaffRole;
  countyId: string | null;
  passwordHash: string;
}

/** A SQL literal; strings are quoted with embedded quotes doubled. */
function lit(v: string | number | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}

/**
 * Two statements: the account, then its `account.create` audit entry (actor `actorLabel`, no
 * account). `ifAbsent` leaves an existing username alone and then writes no entry either. The
 * operator makes it out of band, so a city admin made here is confirmed from the start.
 */
export function createAccountSql(a: AccountSqlInput, now: number, actorLabel: string, ifAbsent = false): string[] {
  const after = JSON.stringify({
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    countyId: a.countyId,
  });
  return [
    `INSERT INTO accounts (username, display_name, role, county_id, password_hash, created_at, password_changed_at, confirmed_at) VALUES (${[a.username, a.displayName, a.role, a.countyId, a.passwordHash, now, now, now].map(lit).join(', ')})${ifAbsent ? ' ON CONFLICT (username) DO NOTHING' : ''};`,
    `INSERT INTO audit_log (at, actor_id, actor_label, actor_role, action, entity_type, entity_id, after) SELECT ${now}, NULL, ${lit(actorLabel)}, NULL, 'account.create', 'account', CAST(id AS TEXT), ${lit(after)} FROM accounts WHERE username = ${lit(a.username)}${ifAbsent ? ' AND changes() > 0' : ''};`,
  ];
}
