/**
 * Objections to a 公示 notice (docs/product.md "公示 notices and objections", docs/api.md): what a citizen
 * sends, what the public status lookup shows (never the objector's name or phone), and what staff
 * send and see when handling them.
 */
import { z } from 'zod';
import { ChinaDate } from './api';
import { ObjectionStatus } from './enums';
import { publicText } from './input';
import { OBJECTION_MAX_CHARS } from './publicity';

/** A tracking number: 12 characters without look-alikes, grouped by four like a receipt code. */
export const TrackingNo = z
  .string()
  .regex(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/, '受理编号格式不正确')
  .meta({ description: 'e.g. ABCD-EFGH-JKMN' });
export const TrackingParam = z.object({ trackingNo: TrackingNo });

export const ObjectionRequest = z
  .object({
    name: z.string().trim().min(1, '请填写真实姓名').max(50).check(publicText()),
    contact: z.string().trim().max(100).check(publicText()).optional(),
    content: z
      .string()
      .trim()
      .min(1, '请填写异议内容')
      .max(OBJECTION_MAX_CHARS, `异议内容不超过${OBJECTION_MAX_CHARS}字`)
      .check(publicText({ multiline: true })),
    itemId: z.number().int().positive().optional(),
  })
  .meta({ id: 'ObjectionRequest' });
export type ObjectionRequest = z.infer<typeof ObjectionRequest>;

export const ObjectionCreated = z
  .object({ trackingNo: TrackingNo, noticeSlug: z.string() })
  .meta({ id: 'ObjectionCreated' });
export type ObjectionCreated = z.infer<typeof ObjectionCreated>;

/** The public status of an objection: no name, phone, contact or content. */
export const ObjectionStatusBody = z
  .object({
    trackingNo: TrackingNo,
    status: ObjectionStatus,
    response: z.string().nullable().meta({ description: 'the published response, once there is one' }),
    noticeSlug: z.string(),
    item: z
      .string()
      .nullable()
      .meta({ description: 'the name of the notice item objected to; null when it is the whole notice' }),
    submittedOn: ChinaDate,
  })
  .meta({ id: 'ObjectionStatus' });
export type ObjectionStatusBody = z.infer<typeof ObjectionStatusBody>;

/** An objection as staff see it; name and phone are null for roles other than city admin. */
export const AdminObjection = z
  .object({
    trackingNo: TrackingNo,
    status: ObjectionStatus,
    name: z.string().nullable(),
    phone: z.string().nullable().meta({ description: 'masked, 138****1234' }),
    contact: z.string().nullable(),
    content: z.string(),
    item: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    response: z.string().nullable(),
    assignedTo: z.number().int().nullable(),
    submittedAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable(),
    personalCleared: z.boolean(),
  })
  .meta({ id: 'AdminObjection' });
export type AdminObjection = z.infer<typeof AdminObjection>;

export const AdminObjectionList = z.object({ objections: z.array(AdminObjection) });

/** The staff's answer to an objection; the public status page shows it. */
const Answer = z
  .string()
  .trim()
  .min(1, '请填写答复')
  .max(2000)
  .check(publicText({ multiline: true }));

export const ObjectionResponseRequest = z.object({
  response: Answer,
});

export const ObjectionDecision = z.object({
  outcome: z.enum(['upheld', 'dismissed']),
  response: Answer,
  removeItemIds: z.array(z.number().int().positive()).max(100).optional(),
});
export type ObjectionDecision = z.infer<typeof ObjectionDecision>;

export const ObjectionDecided = z.object({
  objection: AdminObjection,
  replacedBy: z.string().nullable().meta({ description: 'slug of the re-published notice, when items were removed' }),
});
