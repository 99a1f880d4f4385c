/**
 * Staff accounts: roles and the shapes of sign-in inputs, shared by the admin API and the admin
 * pages so both validate the same way.
 */
import { z } from 'zod';
import { ROLES } from './enums';

/** A staff role: one of `ROLES` (the CHECK on accounts.role). */
export const StaffRole = z.enum(ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

/** How each role is named to people. */
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  city_admin: '市级管理员',
  county_officer: '县级经办人',
  expert: '评审专家',
  auditor: '审计员',
};

/** Lower-case letters, digits, dot, dash, underscore; 3 to 32 characters. */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, '用户名为 3–32 位小写字母、数字、点、横线或下划线。');

/** What the second step of sign-in still needs: enrol an authenticator, enter a code, or nothing. */
export const SecondFactorState = z.enum(['enrol', 'verify', 'done']);
export type SecondFactorState = z.infer<typeof SecondFactorState>;

/**
 * A 6-digit TOTP code (spaces allowed, as apps show `123 456`). The pattern is checked on the code
 * as typed, so the document shows it; the handler gets the digits only.
 */
export const TotpCode = z
  .string()
  .max(32)
  .regex(/^\s*(?:\d\s*){6}$/, '请输入 6 位动态验证码。')
  .transform((s) => s.replace(/\s/g, ''));

/** A recovery code as printed (`XXXXX-XXXXX`); case, spaces and dashes do not matter. */
export const RecoveryCode = z
  .string()
  .max(64)
  .regex(/^[\s-]*(?:[A-Za-z0-9][\s-]*){10}$/, '恢复码为 10 位字母和数字。')
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase());

/** The shortest password accepted; length is what makes a password strong. */
export const PASSWORD_MIN_LENGTH = 12;
/** The longest password accepted, so nobody makes the server hash megabytes. */
export const PASSWORD_MAX_LENGTH = 256;
/** How many of the four character classes (lower, upper, digit, other) a password needs. */
export const PASSWORD_MIN_CLASSES = 3;

/** The character classes of 等保 2.0's complexity rule; a CJK character counts as "other". */
const CLASSES = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

/**
 * The problems with a proposed password, in Chinese; empty when it passes these pure rules (length,
 * three of four classes, not one character repeated). The Worker adds a strength estimate
 * (worker/services/admin/password.ts) that refuses common and site-derived passwords.
 */
export function passwordProblems(password: string): string[] {
  const chars = [...password.normalize('NFC')];
  if (chars.length < PASSWORD_MIN_LENGTH) return [`密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符。`];
  if (chars.length > PASSWORD_MAX_LENGTH) return [`密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符。`];
  const problems: string[] = [];
  if (CLASSES.filter((c) => c.test(password)).length < PASSWORD_MIN_CLASSES)
    problems.push('密码须包含大写字母、小写字母、数字、其他符号中的至少三类。');
  if (new Set(chars).size === 1) problems.push('密码不能由同一个字符重复组成。');
  return problems;
}

/** The fields of a new staff account. */
export interface NewAccount {
  username: string;
  displayName: string;
  role: StaffRole;
  /** Required for a county officer, refused for every other role. */
  countyId?: string | null;
  password: string;
}

/** The problems with a new account's fields, as envelope issues (empty when it is acceptable). */
export function newAccountProblems(a: NewAccount): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  const username = Username.safeParse(a.username);
  if (!username.success) issues.push({ path: ['username'], message: username.error.issues[0].message });
  if (!a.displayName.trim() || a.displayName.length > 50)
    issues.push({ path: ['displayName'], message: '请填写姓名（不超过 50 字）。' });
  if (!StaffRole.safeParse(a.role).success) issues.push({ path: ['role'], message: '角色无效。' });
  if ((a.role === 'county_officer') !== Boolean(a.countyId))
    issues.push({ path: ['countyId'], message: '县级经办人必须指定所属县区，其他角色不指定。' });
  for (const message of passwordProblems(a.password)) issues.push({ path: ['password'], message });
  return issues;
}

/**
 * The staff session cookie (HttpOnly, set by POST /api/admin/session). `__Host-` forces Secure, Path=/
 * and no Domain, so no subdomain can set or read it. The edge cache steps aside for requests carrying it.
 */
export const STAFF_COOKIE = '__Host-lf_staff';
