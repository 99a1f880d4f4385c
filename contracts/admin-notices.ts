/**
 * 公示 notices by staff: what a city admin sends to create, edit, publish and
 * withdraw a notice, and what the admin routes answer. The state adds `draft` to the public
 * statuses; every state but `draft` is derived from the clock on each read.
 */
import { z } from 'zod';
import { ChinaDate, Slug } from './api';
import { TrackKey } from './enums';
import { publicText } from './input';
import { EXPERT_SCORE_RULE, isExpertScore } from './workflow';

/** What a notice says about letters when the admin does not say otherwise. */
export const DEFAULT_POSTMARK_RULE = '以寄出邮戳日期为准，须在公示期内寄出';

/** Working days of a period when the admin does not say otherwise (docs/product.md). */
export const DEFAULT_WORKING_DAYS = 5;

export const NoticeState = z.enum(['draft', 'scheduled', 'open', 'ended', 'withdrawn']);
export type NoticeState = z.infer<typeof NoticeState>;

/**
 * An item's score: an expert score or a decision's total, both 0-100 with at most two decimals
 * (docs/decision.md), so the same rule. Text that is not a number is refused with it too.
 */
const NoticeItemScore = z
  .number({ error: EXPERT_SCORE_RULE })
  .refine(isExpertScore, EXPERT_SCORE_RULE)
  .meta({ description: '0-100 with at most two decimals (91.5, 84.75)' });

/** An item typed in by hand (tracks without a vote: bases, institutions). */
export const ManualNoticeItem = z
  .object({
    name: z.string().trim().min(1, '请填写名称').max(100).check(publicText()),
    countyId: z.string().max(40).nullable().optional().meta({ description: 'a county id of GET /api/counties' }),
    score: NoticeItemScore.nullable().optional(),
    note: z.string().trim().max(200).check(publicText()).nullable().optional(),
  })
  .meta({ id: 'ManualNoticeItem' });
export type ManualNoticeItem = z.infer<typeof ManualNoticeItem>;

/** The texts and settings of a notice a draft carries, all editable until it is published. */
const NoticeFields = z.object({
  title: z.string().trim().min(1, '请填写标题').max(100).check(publicText()),
  body: z
    .string()
    .trim()
    .max(5000)
    .check(publicText({ multiline: true }))
    .default(''),
  contactName: z.string().trim().min(1, '请填写联系人').max(50).check(publicText()),
  contactPhone: z.string().trim().min(1, '请填写联系电话').max(40).check(publicText()),
  contactAddress: z.string().trim().min(1, '请填写通信地址').max(200).check(publicText()),
  postmarkRule: z.string().trim().min(1).max(200).check(publicText()).default(DEFAULT_POSTMARK_RULE),
  workingDays: z.number().int().min(1).max(30).default(DEFAULT_WORKING_DAYS),
  replaces: Slug.nullable()
    .optional()
    .meta({ description: 'slug of a published notice this one replaces; it is withdrawn when this one is published' }),
});

export const NoticeDraftRequest = NoticeFields.extend({
  slug: Slug.meta({ description: 'the public address /notices/{slug}/; unique' }),
  track: TrackKey,
  source: z
    .enum(['decision', 'manual'])
    .meta({ description: "'decision': the selected items of the track's confirmed decision, with their breakdown" }),
  items: z
    .array(ManualNoticeItem)
    .max(200)
    .optional()
    .meta({ description: "required (at least one) when source is 'manual'; not allowed with 'decision'" }),
}).meta({ id: 'NoticeDraftRequest' });
export type NoticeDraftRequest = z.infer<typeof NoticeDraftRequest>;

/** PUT: the whole editable part of a draft; `items` replaces the items of a manual draft when given. */
export const NoticeDraftUpdate = NoticeFields.extend({
  items: z.array(ManualNoticeItem).max(200).optional(),
}).meta({ id: 'NoticeDraftUpdate' });
export type NoticeDraftUpdate = z.infer<typeof NoticeDraftUpdate>;

export const NoticePublishRequest = z
  .object({
    publishedOn: ChinaDate.optional().meta({
      description: 'publication date (China), today or later; default today. Later dates make it scheduled.',
    }),
  })
  .meta({ id: 'NoticePublishRequest' });

export const NoticeWithdrawRequest = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, '请填写撤回理由')
      .max(500)
      .check(publicText({ multiline: true }))
      .meta({ description: 'shown publicly' }),
  })
  .meta({ id: 'NoticeWithdrawRequest' });

export const AdminNoticeItem = z
  .object({
    id: z.number().int(),
    name: z.string(),
    county: z.string().nullable(),
    score: z.number().nullable(),
    note: z.string().nullable().meta({ description: 'the score breakdown for items from a decision' }),
    candidateId: z.number().int().nullable(),
    removed: z.boolean().meta({ description: 'taken off after an upheld objection' }),
  })
  .meta({ id: 'AdminNoticeItem' });

export const AdminNotice = z
  .object({
    slug: z.string(),
    track: TrackKey,
    title: z.string(),
    body: z.string(),
    state: NoticeState,
    publishedOn: ChinaDate.nullable().meta({ description: 'null for a draft' }),
    startsOn: ChinaDate.nullable(),
    endsOn: ChinaDate.nullable().meta({ description: 'stored at publication: later calendar edits never move it' }),
    workingDays: z.number().int(),
    contact: z.object({ name: z.string(), phone: z.string(), address: z.string() }),
    postmarkRule: z.string(),
    withdrawnReason: z.string().nullable(),
    replaces: z.string().nullable(),
    replacedBy: z.string().nullable(),
    objections: z.object({ total: z.number().int(), pending: z.number().int() }),
    createdAt: z.string().meta({ description: 'ISO instant' }),
  })
  .meta({ id: 'AdminNotice' });
export type AdminNotice = z.infer<typeof AdminNotice>;

export const AdminNoticeList = z.object({ notices: z.array(AdminNotice) }).meta({ id: 'AdminNoticeList' });
export const AdminNoticeBody = z
  .object({ notice: AdminNotice, items: z.array(AdminNoticeItem) })
  .meta({ id: 'AdminNoticeBody' });
export type AdminNoticeBody = z.infer<typeof AdminNoticeBody>;

export const AdminNoticeListQuery = z.object({ track: TrackKey.optional() });
