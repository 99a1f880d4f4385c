/**
 * Staff review of quarantined ballots: the groups staff see (by rule and pattern, never a
 * phone) and the bodies of propose-release, confirm-release, propose-void and confirm-void.
 */
import { z } from 'zod';
import { RULE_IDS } from './detection-rules';
import { publicText } from './input';

/** A city admin's proposal for one ballot, waiting for a different city admin to confirm it. */
const Proposal = z.object({
  ballotId: z.number().int(),
  proposedBy: z.number().int(),
  proposedByName: z.string().meta({ description: "the proposer's display name" }),
  reason: z.string(),
});

/** Quarantined ballots sharing rule, network, China hour and choice set. */
export const QuarantineGroup = z
  .object({
    key: z.string().meta({ description: 'pass back as `group` to act on the whole group' }),
    ruleId: z.enum(RULE_IDS),
    network: z.string().nullable(),
    hour: z.string().meta({ description: 'China hour the ballots were cast, YYYY-MM-DD HH' }),
    choices: z.array(z.number().int()),
    reason: z.string().meta({ description: 'what the rule found (one example)' }),
    ballotIds: z.array(z.number().int()),
    proposedVoid: z.array(Proposal).meta({ description: 'void proposals awaiting a second city admin' }),
    proposedRelease: z.array(Proposal).meta({ description: 'release proposals awaiting a second city admin' }),
  })
  .meta({ id: 'QuarantineGroup' });
export type QuarantineGroup = z.infer<typeof QuarantineGroup>;

export const QuarantineBody = z.object({ poll: z.string(), groups: z.array(QuarantineGroup) });
export type QuarantineBody = z.infer<typeof QuarantineBody>;

export const QuarantineQuery = z.object({ poll: z.string().regex(/^[a-z0-9-]+$/) });

const ReviewFields = {
  poll: z.string().regex(/^[a-z0-9-]+$/),
  reason: z
    .string()
    .trim()
    .min(2, '请写明理由。')
    .max(500)
    .check(publicText({ multiline: true })),
};

/**
 * Which ballots a review step acts on: one group (its `key`) or explicit ids, never both, with a
 * reason. A union of strict objects, `oneOf` in the document.
 */
export const ReviewRequest = z
  .union(
    [
      z.strictObject({ ...ReviewFields, group: z.string().min(1) }),
      z.strictObject({ ...ReviewFields, ids: z.array(z.number().int().positive()).min(1).max(500) }),
    ],
    { error: '请指定一组或若干选票（二选一）。' },
  )
  .meta({ id: 'ReviewRequest' });
export type ReviewRequest = z.infer<typeof ReviewRequest>;

export const ReviewResult = z.object({ ballotIds: z.array(z.number().int()) }).meta({ id: 'ReviewResult' });
export type ReviewResult = z.infer<typeof ReviewResult>;
