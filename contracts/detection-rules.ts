/**
 * Anti-brushing (刷票) detection rules as data and pure functions, shared by the worker (per-ballot
 * checks at insert, pattern checks in the scheduled job), the /rules/ page and scripts. A rule only
 * ever quarantines a ballot (held out of the public count pending staff review); it never deletes.
 * No D1, no worker code: thresholds come in as `RuleSettings`.
 */

export const RULE_IDS = ['virtual-segment', 'burst', 'machine-timing', 'network-share'] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Thresholds and switches of every rule (from configuration: worker/services/integrity/config.ts). */
export interface RuleSettings {
  /** 'captcha' asks for the captcha before an SMS code goes to such a number instead of quarantining. */
  virtualSegment: { enabled: boolean; action: 'quarantine' | 'captcha' };
  /** More than `maxBallots` ballots with the identical choice set from one network within `minutes`. */
  burst: { enabled: boolean; maxBallots: number; minutes: number };
  /** Fewer than `minSeconds` between the SMS code being sent and the ballot being cast. */
  machineTiming: { enabled: boolean; minSeconds: number };
  /**
   * In the last hour, a network with at least `minBallots` ballots whose share of the poll's ballots is
   * at least `minPercent` % and at least `factor` times its usual share (its share of the poll's earlier
   * ballots, judged only once there are `baselineBallots` of them).
   */
  networkShare: { enabled: boolean; minBallots: number; minPercent: number; factor: number; baselineBallots: number };
}

/**
 * The thresholds in force unless configured otherwise: the defaults of the configuration
 * (worker/services/integrity/config.ts reads them from here) and what the static /rules/ page shows.
 */
export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  virtualSegment: { enabled: true, action: 'quarantine' },
  burst: { enabled: true, maxBallots: 20, minutes: 10 },
  machineTiming: { enabled: true, minSeconds: 5 },
  networkShare: { enabled: true, minBallots: 30, minPercent: 20, factor: 5, baselineBallots: 200 },
};

/** Why a ballot was quarantined: the rule and a reason for the staff who review it. */
export interface RuleHit {
  ruleId: RuleId;
  reason: string;
}

/**
 * Mobile number segments (号段) not held by ordinary personal subscribers: mobile virtual network
 * operators, whose numbers SMS-receiving platforms rent in bulk, and data-only and IoT ranges. Three
 * digits suffice: every listed segment is a whole 1xx block. Some 145/147/149 numbers were later
 * issued with voice plans, which is why a hit is quarantined for review (or asks for the captcha),
 * never refused.
 */
export const SPECIAL_SEGMENTS = {
  source:
    '工业和信息化部《电信网编号计划（2017年版）》及工业和信息化部此后公布的移动通信网号码分配（170/171 移动转售，162/165/167 移动转售新号段，14x 数据卡和物联网号段）',
  /** When this list was last checked against the source. */
  checkedOn: '2026-11-27',
  segments: [
    { prefix: '170', kind: 'virtual', note: '移动转售（虚拟运营商）' },
    { prefix: '171', kind: 'virtual', note: '移动转售（虚拟运营商）' },
    { prefix: '162', kind: 'virtual', note: '移动转售（虚拟运营商，电信网络）' },
    { prefix: '165', kind: 'virtual', note: '移动转售（虚拟运营商，移动网络）' },
    { prefix: '167', kind: 'virtual', note: '移动转售（虚拟运营商，联通网络）' },
    { prefix: '140', kind: 'iot', note: '物联网专用（13位号码，11位形式不对应个人用户）' },
    { prefix: '141', kind: 'iot', note: '物联网专用（13位号码，11位形式不对应个人用户）' },
    { prefix: '144', kind: 'iot', note: '物联网专用（13位号码，11位形式不对应个人用户）' },
    { prefix: '145', kind: 'data', note: '数据卡（上网卡，联通）' },
    { prefix: '146', kind: 'iot', note: '物联网专用（联通）' },
    { prefix: '147', kind: 'data', note: '数据卡（上网卡，移动）' },
    { prefix: '148', kind: 'iot', note: '物联网专用（移动）' },
    { prefix: '149', kind: 'data', note: '数据卡（上网卡，电信）' },
  ],
} as const;

export type SpecialSegment = (typeof SPECIAL_SEGMENTS.segments)[number];

/** The special segment of a number, given in full (13800001234) or masked (138****1234). */
export function specialSegmentOf(phone: string): SpecialSegment | undefined {
  const prefix = phone.slice(0, 3);
  return SPECIAL_SEGMENTS.segments.find((s) => s.prefix === prefix);
}

/** Whether an SMS code request for this (normalised) number must pass the captcha first. */
export function segmentNeedsCaptcha(phone: string, settings: RuleSettings): boolean {
  return settings.virtualSegment.enabled && settings.virtualSegment.action === 'captcha' && !!specialSegmentOf(phone);
}

/** What the per-ballot checks need: all of it is on hand when the ballot is inserted. */
export interface BallotFacts {
  /** The masked number (138****1234) or the full one. */
  phone: string;
  /** When the verified SMS code was sent; null when unknown (the rule then does not apply). */
  codeSentAt: number | null;
  castAt: number;
}

/**
 * The cheap per-ballot rules (number segment, machine timing): the first that matches, or null.
 * Pure and synchronous, so it costs nothing measurable on the ballot write path.
 */
export function checkBallot(b: BallotFacts, settings: RuleSettings): RuleHit | null {
  if (settings.virtualSegment.enabled && settings.virtualSegment.action === 'quarantine') {
    const segment = specialSegmentOf(b.phone);
    if (segment) return { ruleId: 'virtual-segment', reason: `号段 ${segment.prefix}：${segment.note}` };
  }
  if (settings.machineTiming.enabled && b.codeSentAt !== null) {
    const seconds = (b.castAt - b.codeSentAt) / 1000;
    if (seconds < settings.machineTiming.minSeconds) {
      return {
        ruleId: 'machine-timing',
        reason: `验证码发出后 ${seconds.toFixed(1)} 秒即投票（下限 ${settings.machineTiming.minSeconds} 秒）`,
      };
    }
  }
  return null;
}

/** A recent ballot as the pattern rules see it. */
export interface RecentBallot {
  id: number;
  network: string | null;
  castAt: number;
  /** Candidate ids, ascending, joined by ';'. */
  choiceKey: string;
}

/**
 * Ballot ids in bursts: more than `maxBallots` ballots with the same choice set from one network
 * inside any window of `minutes`. Every ballot of such a window is returned with its reason.
 */
export function findBursts(ballots: RecentBallot[], settings: RuleSettings): Map<number, RuleHit> {
  const hits = new Map<number, RuleHit>();
  if (!settings.burst.enabled) return hits;
  const { maxBallots, minutes } = settings.burst;
  const windowMs = minutes * 60_000;
  const groups = new Map<string, RecentBallot[]>();
  for (const b of ballots) {
    if (b.network === null) continue;
    const key = `${b.network}\n${b.choiceKey}`;
    const group = groups.get(key) ?? [];
    group.push(b);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => a.castAt - b.castAt || a.id - b.id);
    let start = 0;
    for (let end = 0; end < group.length; end++) {
      while (group[end].castAt - group[start].castAt >= windowMs) start++;
      const n = end - start + 1;
      if (n > maxBallots) {
        const reason = `同一网络（${group[end].network}）${minutes} 分钟内 ${n} 张选择完全相同的选票（上限 ${maxBallots}）`;
        for (let i = start; i <= end; i++) hits.set(group[i].id, { ruleId: 'burst', reason });
      }
    }
  }
  return hits;
}

/** Ballots per network in a period. */
export type NetworkCounts = Map<string, number>;

/**
 * Networks whose share of the last hour's ballots is far above their usual share (`baseline`: the
 * poll's ballots before that hour). With too small a baseline the usual share is unknown and the rule
 * does not judge.
 */
export function findNetworkSurges(
  hour: NetworkCounts,
  baseline: NetworkCounts,
  settings: RuleSettings,
): Map<string, RuleHit> {
  const hits = new Map<string, RuleHit>();
  const s = settings.networkShare;
  if (!s.enabled) return hits;
  const total = sum(hour);
  const baselineTotal = sum(baseline);
  if (total === 0 || baselineTotal < s.baselineBallots) return hits;
  for (const [network, n] of hour) {
    if (n < s.minBallots) continue;
    const share = n / total;
    const usual = (baseline.get(network) ?? 0) / baselineTotal;
    if (share * 100 >= s.minPercent && share >= s.factor * usual) {
      hits.set(network, {
        ruleId: 'network-share',
        reason: `网络 ${network} 近一小时占本投票选票的 ${pct(share)}（平时 ${pct(usual)}，${n} 张）`,
      });
    }
  }
  return hits;
}

const sum = (m: NetworkCounts) => [...m.values()].reduce((a, b) => a + b, 0);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Each rule's short Chinese name, on /rules/ and in the staff review. */
export const RULE_TITLES: Record<RuleId, string> = {
  'virtual-segment': '虚拟运营商和物联网号段',
  burst: '同一网络集中投相同选择',
  'machine-timing': '操作快于常人',
  'network-share': '单一网络占比突增',
};

/** A rule as /rules/ shows it: plain Chinese, with the thresholds in force. */
export interface RuleDescription {
  id: RuleId;
  title: string;
  enabled: boolean;
  description: string;
}

/** The published text of every rule, with the configured thresholds and switches. */
export function describeRules(s: RuleSettings): RuleDescription[] {
  const prefixes = SPECIAL_SEGMENTS.segments.map((x) => x.prefix).join('、');
  return [
    {
      id: 'virtual-segment',
      title: RULE_TITLES['virtual-segment'],
      enabled: s.virtualSegment.enabled,
      description:
        s.virtualSegment.action === 'captcha'
          ? `号段为 ${prefixes} 的号码（虚拟运营商、数据卡和物联网号段，依据${SPECIAL_SEGMENTS.source}，核对于 ${SPECIAL_SEGMENTS.checkedOn}）获取验证码前须先通过安全验证。`
          : `号段为 ${prefixes} 的号码（虚拟运营商、数据卡和物联网号段，依据${SPECIAL_SEGMENTS.source}，核对于 ${SPECIAL_SEGMENTS.checkedOn}）所投选票暂不计入公开票数，等待人工复核。`,
    },
    {
      id: 'burst',
      title: RULE_TITLES['burst'],
      enabled: s.burst.enabled,
      description: `同一网络（IPv4 同一 /24 网段或 IPv6 同一 /48 网段）在 ${s.burst.minutes} 分钟内投出超过 ${s.burst.maxBallots} 张选择完全相同的选票时，这些选票暂不计入公开票数，等待人工复核。`,
    },
    {
      id: 'machine-timing',
      title: RULE_TITLES['machine-timing'],
      enabled: s.machineTiming.enabled,
      description: `从发出短信验证码到提交选票不足 ${s.machineTiming.minSeconds} 秒（常人收到短信并输入验证码所需的时间）的选票，暂不计入公开票数，等待人工复核。`,
    },
    {
      id: 'network-share',
      title: RULE_TITLES['network-share'],
      enabled: s.networkShare.enabled,
      description: `某一网络在一小时内投出至少 ${s.networkShare.minBallots} 张选票，占该小时本投票全部选票的 ${s.networkShare.minPercent}% 以上，并且达到其此前平均占比的 ${s.networkShare.factor} 倍以上（本投票已有至少 ${s.networkShare.baselineBallots} 张选票时才判断）时，该网络该小时的选票暂不计入公开票数，等待人工复核。`,
    },
  ];
}
