/**
 * The global SMS budget per China day (docs/product.md: it stops SMS-pumping fraud). Running out blocks
 * every citizen until midnight, so crossing 50 % and 80 % is logged, and a city admin can set the
 * day's budget without a deploy.
 */
import { chinaDate, isCalendarDate } from '../../contracts/china-time';
import type { Db } from '../../db/client';
import { smsBudgetJson, smsBudgetOverride, upsertSmsBudgetOverride } from '../../db/queries/limits';
import { auditedBatch, type Actor } from './audit';
import type { Config } from '../env';
import { countInWindow, firstInWindow } from './limits';

/** The China day of `now`, the SMS codes sent on it and its budget (the admin dashboard). */
export async function smsUsage(db: Db, config: Config, now: number) {
  const day = chinaDate(now);
  // 'otp:global' is the day's counter requestCode (services/otp.ts) counts every code against.
  const [used, budget] = await Promise.all([countInWindow(db, 'otp:global', 'day', now), smsBudget(db, config, day)]);
  return { day, used, budget };
}

/** Shares of the budget at which a warning is logged. */
export const WARN_AT = [50, 80] as const;

/** The day's budget: the admin's override for that China day, else SMS_DAILY_BUDGET. */
export async function smsBudget(db: Db, config: Config, day: string): Promise<number> {
  return (await smsBudgetOverride(db, day)) ?? config.SMS_DAILY_BUDGET;
}

/**
 * Logs a warning (console.warn, in `wrangler tail` and Workers Logs) when `used`, the day's SMS count
 * including this one, reaches a share of `budget` in WARN_AT; at most once per share, China day and
 * budget, across all isolates.
 */
export async function noteSmsUse(db: Db, now: number, used: number, budget: number): Promise<void> {
  for (const share of WARN_AT) {
    if (used !== Math.ceil((budget * share) / 100)) continue;
    if (!(await firstInWindow(db, `sms-budget-warned:${share}:${budget}`, 'day', now))) continue;
    console.warn(
      `SMS budget: ${used} of ${budget} codes sent on ${chinaDate(now)} (${share} %). ` +
        'When it runs out no citizen can get a code until 00:00 China time; a city admin can raise ' +
        "today's budget (raiseSmsBudget), or change SMS_DAILY_BUDGET.",
    );
  }
}

/**
 * Sets the SMS budget of one China day (normally to raise it on a busy day), effective at once for
 * every isolate, and writes who, why, before and after to the audit log in the same transaction.
 * Throws on an impossible day, a budget that is not a positive integer, or an empty reason.
 */
export async function raiseSmsBudget(
  db: Db,
  day: string,
  budget: number,
  actor: Actor,
  reason: string,
  now = Date.now(),
): Promise<void> {
  if (!isCalendarDate(day)) throw new RangeError(`day must be a China date (YYYY-MM-DD), got ${day}`);
  if (!Number.isSafeInteger(budget) || budget < 1)
    throw new RangeError(`budget must be a positive integer, got ${budget}`);
  if (!reason.trim()) throw new RangeError('a reason is required');
  const why = reason.trim();
  await auditedBatch(
    db,
    actor,
    now,
    [upsertSmsBudgetOverride(db, { day, budget, setBy: actor.label, reason: why, setAt: now })],
    {
      action: 'sms_budget.set',
      entityType: 'sms_budget',
      entityId: day,
      before: smsBudgetJson(day),
      after: { budget },
      reason: why,
    },
    { auditFirst: true },
  );
  console.warn(`SMS budget for ${day} set to ${budget} by ${actor.label}: ${reason.trim()}`);
}
