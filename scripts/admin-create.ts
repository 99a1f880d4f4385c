/**
 * Creates a staff account (the first city admin, or any account) in local or remote D1. The
 * password is asked for twice without echo, or read from standard input with --password-stdin; it
 * is hashed here with the Worker's own code and only the hash leaves this process. TOTP is enrolled
 * at the account's first sign-in. The password policy is the admin area's (passwordPolicyProblems). A
 * city admin made here counts as confirmed: the operator made it out of band (docs/admin.md).
 *
 * Usage: npm run admin:create -- --username NAME --role city_admin|county_officer|expert|auditor
 *          [--county ID] [--name 显示名] [--password-stdin] [--remote [--env production] | --persist-to DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES } from '../contracts/enums';
import { newAccountProblems, type StaffRole } from '../contracts/admin-accounts';
import { createAccountSql } from '../db/seed/accounts';
import { hashPassword, passwordPolicyProblems } from '../worker/services/admin/password';

const USAGE = `usage: npm run admin:create -- --username NAME --role ${ROLES.join('|')} [--county ID] [--name 显示名] [--password-stdin] [--remote [--env production] | --persist-to DIR]`;

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new Error('no terminal to ask for the password: pipe it in with --password-stdin');
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let value = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      county: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      remote: { type: 'boolean', default: false },
      'persist-to': { type: 'string' },
      env: { type: 'string' },
    },
  });
  if (!values.username || !values.role) throw new Error(USAGE);
  if (values.remote && values['persist-to']) throw new Error('--persist-to is for the local database only');

  let password: string;
  if (values['password-stdin']) {
    password = await readStdin();
  } else {
    password = await promptHidden('Password (12+ characters, 3 of: lower, upper, digit, other; not guessable): ');
    if ((await promptHidden('Password again: ')) !== password) throw new Error('the passwords differ');
  }
  const account = {
    username: values.username.trim().toLowerCase(),
    displayName: (values.name ?? values.username).trim(),
    role: values.role as StaffRole,
    countyId: values.county ?? null,
    password,
  };
  const problems = newAccountProblems(account);
  // The same policy as the admin area: the strength estimate too, not only the pure rules.
  if (!problems.some((p) => p.path[0] === 'password'))
    for (const message of await passwordPolicyProblems(password, account))
      problems.push({ path: ['password'], message });
  if (problems.length) throw new Error(problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('\n'));

  const sql = createAccountSql(
    { ...account, passwordHash: await hashPassword(password) },
    Date.now(),
    'cli:admin:create',
  );
  // The hash goes through a private temporary file rather than the command line, where `ps` shows it.
  const dir = mkdtempSync(join(tmpdir(), 'admin-create-'));
  const file = join(dir, 'account.sql');
  writeFileSync(file, sql.join('\n'), { mode: 0o600 });
  const where = values.remote
    ? ['--remote', ...(values.env ? ['--env', values.env] : [])]
    : ['--local', ...(values['persist-to'] ? ['--persist-to', values['persist-to']] : [])];
  try {
    execFileSync('wrangler', ['d1', 'execute', 'DB', ...where, '--file', file, '--yes'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    });
  } catch {
    throw new Error(
      'wrangler could not write the account (see above; a taken username is a UNIQUE constraint failure)',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `created ${account.role} "${account.username}" in the ${values.remote ? 'remote' : 'local'} database; ` +
      'an authenticator app (TOTP) is enrolled at the first sign-in.',
  );
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
