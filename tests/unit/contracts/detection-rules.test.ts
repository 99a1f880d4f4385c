import { describe, expect, it } from 'vitest';
import {
  checkBallot,
  describeRules,
  findBursts,
  findNetworkSurges,
  segmentNeedsCaptcha,
  type RecentBallot,
  type RuleSettings,
} from '../../../contracts/detection-rules';

const settings: RuleSettings = {
  virtualSegment: { enabled: true, action: 'quarantine' },
  burst: { enabled: true, maxBallots: 3, minutes: 10 },
  machineTiming: { enabled: true, minSeconds: 5 },
  networkShare: { enabled: true, minBallots: 10, minPercent: 20, factor: 5, baselineBallots: 100 },
};
const T = Date.UTC(2026, 11, 1, 2, 0);
const MIN = 60_000;

describe('virtual-segment', () => {
  it('quarantines numbers in virtual-operator and IoT segments, masked or not, and leaves others alone', () => {
    expect(checkBallot({ phone: '170****1234', codeSentAt: null, castAt: T }, settings)?.ruleId).toBe(
      'virtual-segment',
    );
    expect(checkBallot({ phone: '16512341234', codeSentAt: null, castAt: T }, settings)?.ruleId).toBe(
      'virtual-segment',
    );
    expect(checkBallot({ phone: '147****1234', codeSentAt: null, castAt: T }, settings)?.reason).toMatch(/147/);
    expect(checkBallot({ phone: '138****1234', codeSentAt: null, castAt: T }, settings)).toBeNull();
  });

  it('asks for the captcha instead when so configured, and does nothing when off', () => {
    const captcha = { ...settings, virtualSegment: { enabled: true, action: 'captcha' as const } };
    expect(checkBallot({ phone: '170****1234', codeSentAt: null, castAt: T }, captcha)).toBeNull();
    expect(segmentNeedsCaptcha('17012341234', captcha)).toBe(true);
    expect(segmentNeedsCaptcha('13812341234', captcha)).toBe(false);
    expect(segmentNeedsCaptcha('17012341234', settings)).toBe(false);
    const off = { ...settings, virtualSegment: { enabled: false, action: 'quarantine' as const } };
    expect(checkBallot({ phone: '170****1234', codeSentAt: null, castAt: T }, off)).toBeNull();
  });
});

describe('machine-timing', () => {
  it('quarantines a ballot cast sooner after the SMS code than a person can, and leaves a normal one alone', () => {
    expect(checkBallot({ phone: '138****1234', codeSentAt: T - 2000, castAt: T }, settings)?.ruleId).toBe(
      'machine-timing',
    );
    expect(checkBallot({ phone: '138****1234', codeSentAt: T - 25_000, castAt: T }, settings)).toBeNull();
    expect(checkBallot({ phone: '138****1234', codeSentAt: null, castAt: T }, settings)).toBeNull();
  });
});

describe('burst', () => {
  const ballot = (id: number, network: string, minute: number, choiceKey = '1;2'): RecentBallot => ({
    id,
    network,
    castAt: T + minute * MIN,
    choiceKey,
  });

  it('quarantines more than N identical ballots from one network within M minutes', () => {
    const ballots = [1, 2, 3, 4].map((i) => ballot(i, 'A', i));
    expect([...findBursts(ballots, settings).keys()].sort()).toEqual([1, 2, 3, 4]);
  });

  it('leaves N identical ballots alone, and ones spread out, from other networks or with other choices', () => {
    expect(
      findBursts(
        [1, 2, 3].map((i) => ballot(i, 'A', i)),
        settings,
      ).size,
    ).toBe(0);
    expect(
      findBursts(
        [0, 10, 20, 30].map((m, i) => ballot(i, 'A', m)),
        settings,
      ).size,
    ).toBe(0);
    expect(
      findBursts([ballot(1, 'A', 1), ballot(2, 'B', 1), ballot(3, 'C', 1), ballot(4, 'D', 1)], settings).size,
    ).toBe(0);
    expect(
      findBursts([ballot(1, 'A', 1), ballot(2, 'A', 1), ballot(3, 'A', 1), ballot(4, 'A', 1, '1;3')], settings).size,
    ).toBe(0);
  });
});

describe('network-share', () => {
  it('flags a network far above its usual share of the hour, and leaves its usual share alone', () => {
    const baseline = new Map([
      ['A', 10],
      ['B', 90],
      ['C', 100],
    ]);
    const hour = new Map([
      ['A', 40],
      ['B', 45],
      ['C', 50],
    ]);
    expect([...findNetworkSurges(hour, baseline, settings).keys()]).toEqual(['A']);
  });

  it('does not judge without enough earlier ballots, or a network with few ballots', () => {
    expect(findNetworkSurges(new Map([['A', 40]]), new Map([['B', 50]]), settings).size).toBe(0);
    expect(
      findNetworkSurges(
        new Map([
          ['A', 9],
          ['B', 1],
        ]),
        new Map([['B', 200]]),
        settings,
      ).size,
    ).toBe(0);
  });
});

describe('describeRules', () => {
  it('states each rule in Chinese with the thresholds in force', () => {
    const rules = describeRules(settings);
    expect(rules.map((r) => r.id)).toEqual(['virtual-segment', 'burst', 'machine-timing', 'network-share']);
    expect(rules[1].description).toContain('10 分钟内投出超过 3 张');
    expect(rules[2].description).toContain('不足 5 秒');
  });
});
