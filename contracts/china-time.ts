/**
 * China time (UTC+8, no daylight saving) computed explicitly: the Workers runtime runs in UTC and no
 * code may depend on the machine's time zone. The single module for China dates.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The China calendar date ('YYYY-MM-DD') of an instant. */
export function chinaDate(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 UTC of a day; unlike Date.UTC, years 0-99 are those years, not 1900-1999. */
function utcDay(y: number, m: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime();
}

/** The instant of 00:00 China time at the start of a China date. */
export function chinaMidnight(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return utcDay(y, m, d) - OFFSET_MS;
}

/** Whether 'YYYY-MM-DD' names a day that exists (no 2026-02-30, no month 99). */
export function isCalendarDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const d = new Date(utcDay(Number(m[1]), Number(m[2]), Number(m[3])));
  return d.toISOString().slice(0, 10) === date;
}

/** date + n calendar days. */
export function addDays(date: string, n: number): string {
  return chinaDate(chinaMidnight(date) + n * DAY_MS);
}

/** Day of week of a China date, 0 = Sunday ... 6 = Saturday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(utcDay(y, m, d)).getUTCDay();
}

/**
 * The close of a voting window of `days` calendar days whose day 1 is the China date of `opensAt`:
 * 24:00 China time at the end of day `days` (opening 2026-12-01 09:00 closes 2026-12-16 00:00 +08:00).
 */
export function votingWindowClose(opensAt: number, days: number): number {
  return chinaMidnight(addDays(chinaDate(opensAt), days));
}

/** The China time of day of an instant, 'HH:MM' (as a time input holds it). */
export function chinaTimeOfDay(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(11, 16);
}

/** 2026-12-16T00:00 +08:00 -> '2026年12月16日 00:00' for people. */
export function formatChinaDateTime(ms: number): string {
  return `${formatChinaDate(chinaDate(ms))} ${chinaTimeOfDay(ms)}`;
}

/**
 * Like formatChinaDateTime, but an instant at exactly 00:00 is shown as 24:00 of the day before,
 * the way deadlines are written ('2026年12月15日 24:00').
 */
export function formatChinaDeadline(ms: number): string {
  const iso = new Date(ms + OFFSET_MS).toISOString();
  if (iso.slice(11, 16) !== '00:00') return formatChinaDateTime(ms);
  return `${formatChinaDate(chinaDate(ms - 1))} 24:00`;
}

/** '2026-12-01' -> '2026年12月1日'. */
export function formatChinaDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The China hour of an instant, 'YYYY-MM-DD HH' (the ballot record's time resolution). */
export function chinaHour(ms: number): string {
  const iso = new Date(ms + OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 13)}`;
}
