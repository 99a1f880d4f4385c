/**
 * Configuration of vote integrity (detection rules, receipt hashing, retention): the part of the one
 * configuration (worker/env.ts extends its schema with this shape) that these services read. Every
 * value comes from `[vars]` or a secret and has a documented default (docs/transparency.md,
 * docs/privacy.md).
 */
import { z } from 'zod';
import { DEFAULT_RULE_SETTINGS as D, type RuleSettings } from '../../../contracts/detection-rules';

const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const onOff = z.enum(['on', 'off']).default('on');

export const IntegrityConfig = z.object({
  /**
   * HMAC key for receipt hashes in the public record. Never rotate it while a poll's record is
   * published: the export and the sealed checkpoints would no longer agree.
   */
  RECEIPT_HASH_KEY: z.string().min(32, 'secrets must be at least 32 characters'),
  /** Virtual-operator and IoT number segments: quarantine the ballot, ask for the captcha, or off. */
  RULE_VIRTUAL_SEGMENT: z.enum(['quarantine', 'captcha', 'off']).default('quarantine'),
  RULE_BURST: onOff,
  /** More than this many identical ballots from one network within RULE_BURST_MINUTES. */
  RULE_BURST_MAX_BALLOTS: count(D.burst.maxBallots),
  RULE_BURST_MINUTES: count(D.burst.minutes),
  RULE_MACHINE_TIMING: onOff,
  /** Fewer seconds than this from the SMS code being sent to the ballot. */
  RULE_MACHINE_TIMING_SECONDS: count(D.machineTiming.minSeconds),
  RULE_NETWORK_SHARE: onOff,
  /** A network needs at least this many ballots in the hour to be judged. */
  RULE_NETWORK_SHARE_MIN_BALLOTS: count(D.networkShare.minBallots),
  /** ... at least this percentage of the hour's ballots of the poll ... */
  RULE_NETWORK_SHARE_MIN_PERCENT: count(D.networkShare.minPercent),
  /** ... and at least this many times its usual share ... */
  RULE_NETWORK_SHARE_FACTOR: count(D.networkShare.factor),
  /** ... once the poll has at least this many earlier ballots to know the usual share from. */
  RULE_NETWORK_SHARE_BASELINE: count(D.networkShare.baselineBallots),
  /** Days after the track's final list is published until ballots' phone data is cleared (PIPL). */
  PHONE_RETENTION_DAYS: count(90),
});
export type IntegrityConfig = z.infer<typeof IntegrityConfig>;

/** The rule thresholds and switches in the shape the pure rules take. */
export function ruleSettings(c: IntegrityConfig): RuleSettings {
  return {
    virtualSegment: {
      enabled: c.RULE_VIRTUAL_SEGMENT !== 'off',
      action: c.RULE_VIRTUAL_SEGMENT === 'captcha' ? 'captcha' : 'quarantine',
    },
    burst: { enabled: c.RULE_BURST === 'on', maxBallots: c.RULE_BURST_MAX_BALLOTS, minutes: c.RULE_BURST_MINUTES },
    machineTiming: { enabled: c.RULE_MACHINE_TIMING === 'on', minSeconds: c.RULE_MACHINE_TIMING_SECONDS },
    networkShare: {
      enabled: c.RULE_NETWORK_SHARE === 'on',
      minBallots: c.RULE_NETWORK_SHARE_MIN_BALLOTS,
      minPercent: c.RULE_NETWORK_SHARE_MIN_PERCENT,
      factor: c.RULE_NETWORK_SHARE_FACTOR,
      baselineBallots: c.RULE_NETWORK_SHARE_BASELINE,
    },
  };
}
