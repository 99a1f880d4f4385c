/**
 * The dashboard per role against real D1: what waits for a city admin (objections, quarantined
 * ballots, void and release proposals, expert scores, counties yet to recommend) with the page
 * where each is handled, the running poll's ballots, turnout and quarantine rate; the same for an
 * auditor; a county officer's tasks with deadline and quota; an expert's assignments.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dashboard } from '../../../../contracts/admin-api';
import { chinaMidnight } from '../../../../contracts/china-time';
import { roundTitle } from '../../../../contracts/labels';
import { PROGRAMME_YEAR } from '../../../../db/seed/programme';
import { call, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { addBallot } from '../../../fixtures/record';
import { currentRoundSql } from '../../../fixtures/rounds';
import { createPoll } from '../../../fixtures/voting';
import { activate, enterTestCalendar, programme } from '../../../fixtures/workflow';

const HOUR = 3_600_000;
// Monday 2026-06-15 10:30 China time; Friday 19 June is the Dragon Boat holiday.
const NOW = chinaMidnight('2026-06-15') + 10.5 * HOUR;
const t = testApp(pinnedClock(NOW));
let admin: Session, auditor: Session, yaodu: Session, guxian: Session, expert: Session;
let pollSlug: string;
const REVIEW_DEADLINE = chinaMidnight('2026-06-23'); // 24:00 on Monday 22 June: 5 working days left.
const BRANDS_DEADLINE = chinaMidnight('2026-06-17'); // 24:00 on Tuesday 16 June: 2 working days left.

const dashboard = async (who: Session) => {
  const res = await call(t, who, 'GET', '/api/admin/dashboard');
  expect(res.status).toBe(200);
  return conforms(Dashboard, res.body);
};

async function candidate(track: string, name: string, county: string | null, status = 'recommended') {
  const row = await env.DB.prepare(
    `INSERT INTO candidates (track_key, name, summary, status, county_id, round_id) VALUES (?1, ?2, '', ?3, ?4, ${currentRoundSql('?1')}) RETURNING id`,
  )
    .bind(track, name, status, county)
    .first<{ id: number }>();
  return row!.id;
}

beforeAll(async () => {
  await programme();
  await enterTestCalendar();
  [admin, auditor, yaodu, guxian, expert] = await Promise.all([
    staffOf(NOW, 'city_admin'),
    staffOf(NOW, 'auditor'),
    staffOf(NOW, 'county_officer', 'yaodu'),
    staffOf(NOW, 'county_officer', 'guxian'),
    staffOf(NOW, 'expert'),
  ]);

  // Trades: the review stage runs; the expert has 3 candidates, 1 scored; another expert 1, scored.
  await activate('trades', 'review', { deadlineAt: REVIEW_DEADLINE });
  const trades = [
    await candidate('trades', '面点师', 'yaodu'),
    await candidate('trades', '电工', 'houma'),
    await candidate('trades', '焊工', 'quwo'),
  ];
  const other = await staffOf(NOW, 'expert');
  await env.DB.batch([
    ...trades.map((id, i) =>
      env.DB.prepare(
        'INSERT INTO expert_reviews (candidate_id, expert_id, score, submitted_at) VALUES (?, ?, ?, ?)',
      ).bind(id, expert.account.id, i === 0 ? 79.4 : null, i === 0 ? NOW : null),
    ),
    env.DB.prepare(
      'INSERT INTO expert_reviews (candidate_id, expert_id, score, submitted_at) VALUES (?, ?, 88, ?)',
    ).bind(trades[1], other.account.id, NOW),
  ]);

  // Trades also has a poll open since Saturday 09:00 with 6 ballots; 3 held by the rules: one waits
  // for review, one has a void proposal, one a release proposal.
  const poll = await createPoll({ opensAt: NOW - 49.5 * HOUR, closesAt: NOW + 5 * 24 * HOUR, track: 'trades' });
  pollSlug = poll.slug;
  const cast = [NOW - 49 * HOUR, NOW - 25 * HOUR, NOW - 25 * HOUR, NOW - 0.2 * HOUR, NOW - 0.1 * HOUR, NOW];
  const ids: number[] = [];
  for (const at of cast) ids.push((await addBallot(poll.id, { choices: [poll.candidateIds[0]], castAt: at })).id);
  const hold = (id: number) =>
    env.DB.prepare(
      "INSERT INTO ballot_events (ballot_id, from_status, to_status, rule_id, reason, at) VALUES (?, 'counted', 'quarantined', 'burst', '测试', ?)",
    ).bind(id, NOW);
  await env.DB.batch([hold(ids[3]), hold(ids[4]), hold(ids[5])]);
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO ballot_void_proposals (ballot_id, proposed_by, reason, proposed_at) VALUES (?, ?, '刷票', ?)",
    ).bind(ids[4], admin.account.id, NOW),
    env.DB.prepare(
      "INSERT INTO ballot_release_proposals (ballot_id, proposed_by, reason, proposed_at) VALUES (?, ?, '误判', ?)",
    ).bind(ids[5], admin.account.id, NOW),
  ]);

  // Brands: counties recommend until Tuesday; 尧都区 has recommended one brand, the other plain counties none.
  await activate('brands', 'recommend', { deadlineAt: BRANDS_DEADLINE });
  const brand = await candidate('brands', '尧都面点', 'yaodu');
  await env.DB.prepare(
    `INSERT INTO recommendations (track_key, county_id, candidate_id, rank, round_id) VALUES ('brands', 'yaodu', ?, 1, ${currentRoundSql('brands')})`,
  )
    .bind(brand)
    .run();

  // Bases: a 公示 with two objections waiting and one decided.
  const notice = await env.DB.prepare(
    `INSERT INTO notices (slug, track_key, title, published_on, starts_on, ends_on, contact_name, contact_phone, contact_address, round_id) VALUES ('bases-gs', 'bases', '公示', '2026-06-10', '2026-06-10', '2026-06-16', 'a', 'b', 'c', ${currentRoundSql('bases')}) RETURNING id`,
  ).first<{ id: number }>();
  const objection = (no: string, status: string) =>
    env.DB.prepare(
      "INSERT INTO objections (tracking_no, notice_id, name, phone_hash, phone_masked, content, status, created_at, updated_at) VALUES (?, ?, 'n', 'h', 'm', 'c', ?, 1, 1)",
    ).bind(no, notice!.id, status);
  await env.DB.batch([
    objection('AAAA-BBBB-CCC1', 'received'),
    objection('AAAA-BBBB-CCC2', 'under_review'),
    objection('AAAA-BBBB-CCC3', 'dismissed'),
  ]);
});

describe('GET /api/admin/dashboard: a city admin', () => {
  it('sees each track with its current round and stage, the deadline and the working days left', async () => {
    const d = await dashboard(admin);
    const trades = d.tracks.find((x) => x.key === 'trades')!;
    expect(trades.round).toEqual({ year: PROGRAMME_YEAR, title: roundTitle('trades', PROGRAMME_YEAR), status: 'open' });
    expect(trades.stage).toEqual({
      key: 'review',
      title: '市级评审',
      deadlineAt: new Date(REVIEW_DEADLINE).toISOString(),
      workingDaysLeft: 5,
    });
    expect(trades.next).toMatch(/^下一步：“市级评审”环节进行中/);
    expect(d.tracks.find((x) => x.key === 'brands')!.stage).toMatchObject({ key: 'recommend', workingDaysLeft: 2 });
    expect(d.tracks.find((x) => x.key === 'competitions')!.stage).toBeNull();
    expect(d.county).toBeNull();
    expect(d.expert).toBeNull();
  });

  it('sees what waits, each with the page where it is handled', async () => {
    const d = await dashboard(admin);
    const todo = (track: string) => d.tracks.find((x) => x.key === track)!.todo;
    expect(todo('trades')).toEqual([
      {
        kind: 'quarantine',
        label: expect.stringContaining('待复核选票 1 张'),
        count: 1,
        href: `/admin/ballots/?poll=${pollSlug}`,
      },
      {
        kind: 'void_proposals',
        label: expect.stringContaining('作废提议 1 张'),
        count: 1,
        href: `/admin/ballots/?poll=${pollSlug}`,
      },
      {
        kind: 'release_proposals',
        label: expect.stringContaining('恢复计入提议 1 张'),
        count: 1,
        href: `/admin/ballots/?poll=${pollSlug}`,
      },
      {
        kind: 'scoring',
        label: '专家评分 2 / 4',
        count: 2,
        total: 4,
        href: '/admin/tracks/?track=trades#score-title',
      },
    ]);
    // 7 plain counties must recommend a brand; 尧都区 has. Mountain counties and 市直 need not.
    const [recs] = todo('brands');
    expect(recs).toMatchObject({
      kind: 'recommendations',
      count: 6,
      total: 18,
      href: '/admin/tracks/?track=brands#progress',
    });
    expect(recs.label).toContain('侯马市');
    expect(recs.label).not.toContain('尧都区');
    expect(recs.label).not.toContain('古县');
    expect(todo('bases')).toEqual([
      { kind: 'objections', label: '待处理异议 2 件', count: 2, href: '/admin/notices/?notice=bases-gs' },
    ]);
    expect(todo('competitions')).toEqual([]);
  });

  it("sees the running poll's ballots so far, its turnout per hour and per day, and the quarantine rate", async () => {
    const poll = (await dashboard(admin)).tracks.find((x) => x.key === 'trades')!.poll!;
    expect(poll).toMatchObject({ slug: pollSlug, ballots: 6, counted: 3, quarantined: 3, voided: 0, held: 3 });
    expect(poll.quarantineRate).toBe(0.5);
    // Per hour since opening (Saturday 09:00), to this hour (Monday 10:00): 50 hours.
    expect(poll.hourly.bars).toHaveLength(50);
    expect(poll.hourly.bars[0]).toEqual({ label: '06-13 09时', value: 1 });
    expect(poll.hourly.bars.find((b) => b.label === '06-14 09时')).toEqual({ label: '06-14 09时', value: 2 });
    expect(poll.hourly.bars.at(-1)).toEqual({ label: '06-15 10时', value: 3 });
    expect(poll.hourly.bars.reduce((n, b) => n + b.value, 0)).toBe(6);
    // Per China day over the whole window, Saturday 13 to Saturday 20 June.
    expect(poll.daily.bars.map((b) => [b.label, b.value])).toEqual([
      ['06-13', 1],
      ['06-14', 2],
      ['06-15', 3],
      ['06-16', 0],
      ['06-17', 0],
      ['06-18', 0],
      ['06-19', 0],
      ['06-20', 0],
    ]);
    expect(poll.daily.svg).toMatch(/^<svg [^>]*role="img"/);
    expect(poll.daily.svg.match(/<rect /g)).toHaveLength(8);
  });

  it('an auditor sees the same, read-only pages linked', async () => {
    const [a, b] = [await dashboard(admin), await dashboard(auditor)];
    expect(b.tracks).toEqual(a.tracks);
  });
});

describe('GET /api/admin/dashboard: a county officer and an expert', () => {
  it("shows a county officer their county's open tasks with deadline and quota, and nothing of the city's", async () => {
    const d = await dashboard(yaodu);
    expect(d.county).toEqual({
      id: 'yaodu',
      name: '尧都区',
      tasks: [
        {
          track: 'brands',
          trackTitle: expect.any(String),
          stage: 'recommend',
          stageTitle: '推荐选送',
          deadlineAt: new Date(BRANDS_DEADLINE).toISOString(),
          workingDaysLeft: 2,
          recommended: 1,
          quota: { min: 1, max: 5 },
          href: '/admin/tracks/?track=brands#rec-title',
        },
      ],
    });
    expect(d.tracks.every((x) => x.todo.length === 0 && x.poll === null)).toBe(true);
    expect(d.expert).toBeNull();
    const mountain = await dashboard(guxian);
    expect(mountain.county!.tasks).toEqual([
      expect.objectContaining({ track: 'brands', recommended: 0, quota: { min: 0, max: 5, aim: 1 } }),
    ]);
  });

  it('shows an expert the candidates assigned to them, the scores still missing and the deadline', async () => {
    const d = await dashboard(expert);
    expect(d.expert!.missing).toBe(2);
    expect(d.expert!.assignments.map((a) => [a.name, a.county, a.score])).toEqual([
      ['面点师', '尧都区', 79.4],
      ['电工', '侯马市', null],
      ['焊工', '曲沃县', null],
    ]);
    expect(d.expert!.assignments[1]).toMatchObject({
      track: 'trades',
      deadlineAt: new Date(REVIEW_DEADLINE).toISOString(),
      workingDaysLeft: 5,
      href: '/admin/tracks/?track=trades#score-title',
    });
    expect(d.tracks.every((x) => x.todo.length === 0 && x.poll === null)).toBe(true);
    expect(d.county).toBeNull();
  });
});
