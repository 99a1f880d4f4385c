/**
 * What the admin specs share: staff accounts made in the e2e server's local D1, a first sign-in
 * through the pages (password, authenticator enrolment, recovery codes), the confirmation dialog
 * answered and captured, the role's menu, and SQL on the local D1 for the states a test cannot reach
 * by waiting (a stage of the seeded round, a 公示 period that has run its working days).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import type { Page } from '@playwright/test';
import { createAccountSql, type AccountSqlInput } from '../../db/seed/accounts';
import { hashPassword } from '../../worker/services/admin/password';
import { expect } from './fixtures';

/** Runs SQL (statements, or a file of them) on the e2e server's local D1. */
function d1(args: string[]) {
  execFileSync('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--persist-to', '.wrangler/e2e', ...args], {
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
}

/** Runs one SQL command on the e2e server's local D1. */
export const sql = (command: string) => d1(['--command', command]);

/** Creates the accounts (as `npm run admin:create` would), each with `password`, in one call. */
export async function createAccounts(accounts: Omit<AccountSqlInput, 'passwordHash'>[], password: string) {
  const passwordHash = await hashPassword(password);
  const now = Date.now();
  const statements = accounts.flatMap((a) => createAccountSql({ ...a, passwordHash }, now, 'e2e'));
  const dir = mkdtempSync(join(tmpdir(), 'staff-e2e-'));
  const file = join(dir, 'accounts.sql');
  writeFileSync(file, statements.join('\n'));
  try {
    d1(['--file', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A first sign-in through the pages: password, authenticator enrolment, recovery codes, dashboard. */
export async function firstSignIn(page: Page, username: string, password: string) {
  await page.goto('/admin/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  const secret = page.getByTestId('totp-secret');
  const totp = OTPAuth.URI.parse((await secret.getAttribute('data-uri'))!) as OTPAuth.TOTP;
  await page.getByLabel('动态验证码（6 位）').fill(totp.generate());
  await page.getByRole('button', { name: '完成绑定' }).click();
  await page.getByRole('button', { name: '我已保存，进入管理后台' }).click();
  await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible();
}

/** The links of the admin menu. */
export const menu = (page: Page) => page.getByRole('navigation', { name: '后台导航' }).getByRole('link');

/**
 * The open confirmation dialog: checks it says what will happen and what cannot be undone, captures
 * it (the viewport, where the modal sits) as `shot`, and answers it.
 */
export async function answerConfirm(
  page: Page,
  shot: string,
  answer: 'accept' | 'cancel' | 'escape',
  action?: RegExp | string,
) {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('确认后将：')).toBeVisible();
  await expect(dialog.getByText('不能撤销：')).toBeVisible();
  // Cancel has the focus first: a stray Enter does nothing irreversible.
  await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused();
  await page.screenshot({ path: shot });
  if (answer === 'escape') await page.keyboard.press('Escape');
  else if (answer === 'cancel') await dialog.getByRole('button', { name: '取消' }).click();
  else await dialog.getByRole('button', { name: action ?? /^确认/ }).click();
  await expect(dialog).toHaveCount(0);
}

/**
 * On 公示管理, with the 新建公示草稿 form's track, source and items already chosen: gives the draft
 * its title and contact, creates it, opens it, writes its text with 编辑草稿 and checks the preview.
 * Answers the opened notice's region.
 */
export async function draftNotice(page: Page, title: string, body: string) {
  const draft = page.getByRole('region', { name: '新建公示草稿' });
  await draft.getByLabel('标题').fill(title);
  await draft.getByLabel('联系人').fill('市人社局职业能力建设科');
  await draft.getByLabel('联系电话').fill('0357-0000000');
  await draft.getByLabel('通信地址').fill('临汾市尧都区（测试地址）');
  await draft.getByRole('button', { name: '创建草稿' }).click();
  await expect(draft.getByText(/草稿已创建/)).toBeVisible();
  await page
    .getByRole('row', { name: new RegExp(title) })
    .getByRole('button', { name: '查看和处理' })
    .click();
  const detail = page.getByRole('region', { name: title });
  // The draft shows its full text as the public will read it, and can be edited.
  await detail.getByRole('button', { name: '编辑草稿' }).click();
  await detail.getByLabel('正文').fill(body);
  await detail.getByRole('button', { name: '保存草稿' }).click();
  await expect(detail.getByText('草稿已保存。')).toBeVisible();
  await expect(detail.getByTestId('draft-body')).toHaveText(body);
  return detail;
}
