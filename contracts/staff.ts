/**
 * Staff accounts: roles and the shapes of sign-in inputs, shared by the admin API and the admin
 * pages so both validate the same way.
 */
import { z } from 'zod';

/** The four staff roles (the CHECK on accounts.role). */
export const STAFF_ROLES = ['city_admin', 'county_officer', 'expert', 'auditor'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
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

/** A 6-digit TOTP code (spaces allowed, as apps show `123 456`). */
export const TotpCode = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, '请输入 6 位动态验证码。'));

/** A recovery code as printed (`XXXXX-XXXXX`); case, spaces and dashes do not matter. */
export const RecoveryCode = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{10}$/, '恢复码为 10 位字母和数字。'));
