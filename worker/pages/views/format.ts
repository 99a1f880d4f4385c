/** How the pages write instants and months (China time, for people). */
import { formatChinaDateTime, formatChinaDeadline } from '../../../contracts/china-time';

/** An ISO instant as '2026年12月1日 09:00'. */
export const when = (iso: string) => formatChinaDateTime(Date.parse(iso));

/** An ISO instant as a deadline: 00:00 is written as 24:00 of the day before. */
export const until = (iso: string) => formatChinaDeadline(Date.parse(iso));

/** A month range of a schedule: '6月份至7月份', '9月份', or '待定' when not set. */
export const months = (from: number | null, to: number | null) =>
  from === null ? '待定' : from === to ? `${from}月份` : `${from}月份至${to}月份`;
