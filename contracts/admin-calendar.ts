/**
 * Entering a year's State Council holiday schedule (staff): the request, the pure expansion into
 * dated exceptions, and the preview of the working days it changes against plain weeks.
 */
import { z } from 'zod';
import { ChinaDate } from './api';
import { decimalInt, publicText } from './input';

export const CalendarYearParam = z.object({ year: decimalInt(2000, 2100) });

export const CalendarEntry = z
  .object({
    holidays: z
      .array(z.object({ start: ChinaDate, end: ChinaDate, name: z.string().trim().min(1).max(20).check(publicText()) }))
      .max(20),
    workdays: z.array(ChinaDate).max(20),
    noticeNo: z.string().trim().min(1, '请填写国务院办公厅通知文号').max(60).check(publicText()),
    noticeDate: ChinaDate,
  })
  .meta({ id: 'CalendarEntry' });
export type CalendarEntry = z.infer<typeof CalendarEntry>;

export const PlainYearConfirmation = z.object({
  reason: z
    .string()
    .trim()
    .min(1, '请填写原因')
    .max(500)
    .check(publicText({ multiline: true })),
});

export const CalendarChange = z.object({
  date: ChinaDate,
  kind: z.enum(['holiday', 'workday']),
  name: z.string(),
  /** Whether the date is a working day in a plain Monday-Friday week. */
  plainWorking: z.boolean(),
});
export type CalendarChange = z.infer<typeof CalendarChange>;

export const CalendarYearBody = z
  .object({
    year: z.number().int(),
    status: z.enum(['entered', 'confirmed']).nullable(),
    source: z.string().nullable(),
    changes: z.array(CalendarChange).meta({ description: 'dates whose working status differs from plain weeks' }),
  })
  .meta({ id: 'CalendarYear' });
export type CalendarYearBody = z.infer<typeof CalendarYearBody>;
