/**
 * The scheduled anti-brushing scan: runs every rule (contracts/detection-rules.ts) over the recent
 * ballots of polls taking ballots and quarantines what matches, by inserting events. It never deletes
 * and never touches a ballot that already has an event (a ballot staff released stays released).
 */
import {
  checkBallot,
  findBursts,
  findNetworkSurges,
  type RuleHit,
  type RuleId,
} from '../../../contracts/detection-rules';
import type { Db } from '../../../db/client';
import { ballotsCastBetween, networkCounts, pollsToScan, quarantineBallots } from '../../../db/queries/detection';
import { ruleSettings, type IntegrityConfig } from './config';

const HOUR_MS = 3_600_000;

const choiceKey = (choices: string | null) =>
  (choices ?? '')
    .split(';')
    .map(Number)
    .sort((a, b) => a - b)
    .join(';');

/** What one scan quarantined, per rule. */
export type ScanResult = Record<RuleId, number>;

/**
 * Scans the ballots cast in the last hour plus one burst window (the scan runs every few minutes, so
 * windows overlap and a burst across two runs is still seen whole). Returns how many ballots each
 * rule quarantined.
 */
export async function scanRecentBallots(db: Db, config: IntegrityConfig, now: number): Promise<ScanResult> {
  const settings = ruleSettings(config);
  const result: ScanResult = { 'virtual-segment': 0, burst: 0, 'machine-timing': 0, 'network-share': 0 };
  const since = now - HOUR_MS - settings.burst.minutes * 60_000;
  for (const poll of await pollsToScan(db, since, now)) {
    const rows = await ballotsCastBetween(db, poll.id, since, now + 1);
    const hits = new Map<number, RuleHit>();
    const hit = (id: number, h: RuleHit) => void (hits.has(id) || hits.set(id, h));
    for (const b of rows) {
      if (!b.untouched) continue;
      const h = checkBallot({ phone: b.phoneMasked, codeSentAt: b.codeSentAt, castAt: b.castAt }, settings);
      if (h) hit(b.id, h);
    }
    const untouched = new Set(rows.filter((b) => b.untouched).map((b) => b.id));
    const bursts = findBursts(
      rows.map((b) => ({ id: b.id, network: b.network, castAt: b.castAt, choiceKey: choiceKey(b.choices) })),
      settings,
    );
    for (const [id, h] of bursts) if (untouched.has(id)) hit(id, h);
    if (settings.networkShare.enabled) {
      const hourStart = now - HOUR_MS;
      const surges = findNetworkSurges(
        await networkCounts(db, poll.id, hourStart, now + 1),
        await networkCounts(db, poll.id, poll.opensAt, hourStart),
        settings,
      );
      for (const b of rows) {
        const h = b.network === null ? undefined : surges.get(b.network);
        if (h && b.untouched && b.castAt >= hourStart) hit(b.id, h);
      }
    }
    if (hits.size === 0) continue;
    const list = [...hits].map(([ballotId, h]) => ({ ballotId, hit: h }));
    await quarantineBallots(db, list, now);
    for (const { hit: h } of list) result[h.ruleId]++;
  }
  return result;
}
