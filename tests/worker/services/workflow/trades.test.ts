/**
 * The trades track end to end against real D1 (annex 2): county recommendations with quotas and
 * a deadline, expert review, the shortlist of 15, the poll, the decision, the final list.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaMidnight } from '../../../../contracts/china-time';
import { read } from '../../../../db/client';
import { listFinalLists, finalListItemsOf } from '../../../../db/queries/content';
import { closeStage, openStage, recommendationProgress } from '../../../../worker/services/workflow/stages';
import { submitRecommendation, withdrawRecommendation } from '../../../../worker/services/workflow/recommendations';
import { assignExperts, buildShortlist, recordScore } from '../../../../worker/services/workflow/reviews';
import {
  changePollWindow,
  createPollFromShortlist,
  publishResults,
  setPollWeights,
} from '../../../../worker/services/workflow/poll-management';
import { computeDecision, confirmDecision, publishFinalList } from '../../../../worker/services/workflow/decision';
import type { StaffActor as Actor } from '../../../../worker/services/audit';
import { COUNTIES } from '../../../../db/seed/programme';
import { actor, auditCount, db, programme, racing, refused, stageStatus } from '../../../fixtures/workflow';

const DAY = 86_400_000;
// Monday 2026-06-01 10:00 China time.
let now = chinaMidnight('2026-06-01') + 10 * 3_600_000;

let admin: Actor;
const officers: Record<string, Actor> = {};
let experts: Actor[];

beforeAll(async () => {
  await programme();
  admin = await actor('city_admin');
  for (const c of COUNTIES) officers[c.id] = await actor('county_officer', c.id);
  experts = [await actor('expert'), await actor('expert'), await actor('expert')];
});

const trade = (name: string, share = 40) => ({ name, summary: `${name}（测试）`, trainingSharePct: share });
const recommend = (county: string, name: string, extra: { rank?: number; share?: number } = {}) =>
  submitRecommendation(
    db,
    officers[county],
    { trackKey: 'trades', countyId: county, rank: extra.rank, candidate: trade(name, extra.share) },
    now,
  );

describe('trades: county recommendation', () => {
  it('refuses to open a stage before the previous one is closed', async () => {
    await refused(openStage(db, admin, { trackKey: 'trades', stageKey: 'review' }, now), 'conflict', /县级推荐/);
  });

  it('lets only a city admin open a stage', async () => {
    await refused(openStage(db, officers.yaodu, { trackKey: 'trades', stageKey: 'recommend' }, now), 'forbidden');
  });

  it('refuses a working-day deadline in a year whose holidays are not entered, then computes it', async () => {
    await refused(
      openStage(db, admin, { trackKey: 'trades', stageKey: 'recommend', deadlineWorkingDays: 5 }, now),
      'calendar_missing',
    );
    await env.DB.prepare(
      "INSERT INTO calendar_years (year, status, source, updated_at) VALUES (2026, 'confirmed', 'test', 0)",
    ).run();
    await openStage(db, admin, { trackKey: 'trades', stageKey: 'recommend', deadlineWorkingDays: 5 }, now);
    const row = await env.DB.prepare(
      "SELECT status, deadline_at FROM track_stages WHERE track_key = 'trades' AND key = 'recommend'",
    ).first<{
      status: string;
      deadline_at: number;
    }>();
    // Mon 1 June + 5 working days: the period ends Fri 5 June, 24:00 China time.
    expect(row).toEqual({ status: 'active', deadline_at: chinaMidnight('2026-06-06') });
  });

  it('refuses a county officer acting for another county', async () => {
    await refused(
      submitRecommendation(
        db,
        officers.yaodu,
        { trackKey: 'trades', countyId: 'houma', candidate: trade('焊工') },
        now,
      ),
      'forbidden',
    );
  });

  it('refuses a trade under 30% of the county training', async () => {
    const err = await refused(recommend('yaodu', '电工', { share: 20 }), 'invalid_request');
    expect(err.options.issues?.[0].path).toEqual(['candidate', 'trainingSharePct']);
  });

  it('accepts 1-2 per county and refuses a third with quota_exceeded', async () => {
    await recommend('yaodu', '焊工');
    await recommend('yaodu', '电工');
    await refused(recommend('yaodu', '钳工'), 'quota_exceeded', /上限为2个/);
    const ranks = await env.DB.prepare("SELECT rank FROM recommendations WHERE county_id = 'yaodu' ORDER BY rank").all<{
      rank: number;
    }>();
    expect(ranks.results.map((r) => r.rank)).toEqual([1, 2]);
  });

  it('lets several counties recommend the same trade, once each', async () => {
    await recommend('houma', '焊工');
    await refused(recommend('houma', '焊工'), 'conflict');
    const row = await env.DB.prepare(
      "SELECT count(DISTINCT candidate_id) AS c, count(*) AS n FROM recommendations r JOIN candidates c ON c.id = r.candidate_id WHERE c.name = '焊工'",
    ).first<{ c: number; n: number }>();
    expect(row).toEqual({ c: 1, n: 2 });
  });

  it('does not let 市直 recommend trades', async () => {
    await refused(recommend('shizhi', '汽车维修工'), 'forbidden');
  });

  it('lets the database settle two concurrent submissions of the same rank: one wins, the other is a conflict', async () => {
    const before = await auditCount();
    // 美发师 is checked first; 汽车维修工 takes rank 1 before its batch runs.
    const late = submitRecommendation(
      racing(db, () => recommend('huozhou', '汽车维修工', { rank: 1 })),
      officers.huozhou,
      { trackKey: 'trades', countyId: 'huozhou', rank: 1, candidate: trade('美发师') },
      now,
    );
    await refused(late, 'conflict');
    expect(await auditCount()).toBe(before + 1); // the loser's audit entry went down with its change
    const names = await env.DB.prepare(
      "SELECT c.name FROM recommendations r JOIN candidates c ON c.id = r.candidate_id WHERE r.county_id = 'huozhou'",
    ).all<{ name: string }>();
    expect(names.results.map((r) => r.name)).toEqual(['汽车维修工']);
  });

  it('withdraws a recommendation, freeing its rank', async () => {
    await recommend('quwo', '手工编织工');
    const rec = await env.DB.prepare("SELECT id FROM recommendations WHERE county_id = 'quwo'").first<{ id: number }>();
    await refused(withdrawRecommendation(db, officers.yaodu, { recommendationId: rec!.id }, now), 'forbidden');
    await withdrawRecommendation(db, officers.quwo, { recommendationId: rec!.id }, now);
    const c = await env.DB.prepare("SELECT status FROM candidates WHERE name = '手工编织工'").first<{
      status: string;
    }>();
    expect(c!.status).toBe('withdrawn');
    await recommend('quwo', '手工编织工');
  });

  it('refuses to close before the deadline while counties are below their minimum', async () => {
    const progress = await recommendationProgress(db, 'trades');
    expect(progress.find((p) => p.countyId === 'yaodu')).toMatchObject({ count: 2, state: 'full' });
    expect(progress.find((p) => p.countyId === 'guxian')).toMatchObject({ count: 0, state: 'missing' });
    expect(progress.find((p) => p.countyId === 'shizhi')?.state).toBe('not_applicable');
    await refused(closeStage(db, admin, { trackKey: 'trades', stageKey: 'recommend' }, now), 'conflict', /古县/);
  });

  it('accepts every county before the deadline and nothing from the deadline on', async () => {
    const names = [
      '养老护理员',
      '育婴员',
      '中式烹调师',
      '中式面点师',
      '果树修剪工',
      '家政服务员',
      '柳编工',
      '电子商务师',
      '农业经理人',
      '保健按摩师',
      '美发师',
      '茶艺师',
      '砌筑工',
    ];
    const rest = COUNTIES.filter((c) => c.kind !== 'city' && !['yaodu', 'houma', 'huozhou', 'quwo'].includes(c.id));
    expect(rest).toHaveLength(names.length);
    for (const [i, c] of rest.entries()) await recommend(c.id, names[i]);
    now = chinaMidnight('2026-06-06');
    await refused(recommend('houma', '钳工'), 'deadline_passed');
  });

  it('closes the stage, and a stale second close fails as a whole', async () => {
    const close = (d: typeof db) => closeStage(d, admin, { trackKey: 'trades', stageKey: 'recommend' }, now);
    const before = await auditCount();
    await refused(close(racing(db, () => close(db))), 'conflict', /刷新/);
    expect(await auditCount()).toBe(before + 1);
    expect(await stageStatus('trades', 'recommend')).toBe('done');
  });
});

describe('trades: expert review and shortlist', () => {
  let ids: number[];
  beforeAll(async () => {
    await openStage(db, admin, { trackKey: 'trades', stageKey: 'review' }, now);
    const rows = await env.DB.prepare(
      "SELECT id FROM candidates WHERE track_key = 'trades' AND status = 'recommended' ORDER BY id",
    ).all<{ id: number }>();
    ids = rows.results.map((r) => r.id);
  });

  it('has 17 recommended trades (two counties named 焊工)', () => expect(ids).toHaveLength(17));

  it('assigns experts (city admin only; only expert accounts)', async () => {
    await refused(
      assignExperts(db, officers.yaodu, { trackKey: 'trades', candidateIds: ids, expertIds: [experts[0].id] }, now),
      'forbidden',
    );
    const err = await refused(
      assignExperts(db, admin, { trackKey: 'trades', candidateIds: ids, expertIds: [officers.yaodu.id] }, now),
      'invalid_request',
    );
    expect(err.options.issues?.[0].path).toEqual(['expertIds', 0]);
    await assignExperts(
      db,
      admin,
      { trackKey: 'trades', candidateIds: ids, expertIds: [experts[0].id, experts[1].id] },
      now,
    );
    // assigning again keeps the existing pairs
    await assignExperts(
      db,
      admin,
      { trackKey: 'trades', candidateIds: ids.slice(0, 2), expertIds: [experts[0].id] },
      now,
    );
    const n = await env.DB.prepare('SELECT count(*) AS n FROM expert_reviews').first<{ n: number }>();
    expect(n!.n).toBe(34);
  });

  it('lets only an assigned expert score, 0-100', async () => {
    await refused(recordScore(db, experts[2], { candidateId: ids[0], score: 80 }, now), 'forbidden', /未分配/);
    await refused(recordScore(db, admin, { candidateId: ids[0], score: 80 }, now), 'forbidden');
    await refused(recordScore(db, experts[0], { candidateId: ids[0], score: 101 }, now), 'invalid_request');
    await refused(recordScore(db, experts[0], { candidateId: ids[0], score: 80.123 }, now), 'invalid_request');
  });

  it('refuses an automatic shortlist while the cut is tied, then builds the top 15', async () => {
    await recordScore(db, experts[1], { candidateId: ids[0], score: 75.5 }, now);
    // Every candidate gets 60 from both experts: all tied.
    await env.DB.prepare('UPDATE expert_reviews SET score = 60, submitted_at = ?').bind(now).run();
    await refused(buildShortlist(db, admin, { trackKey: 'trades' }, now), 'conflict', /并列/);
    // Distinct means: the i-th candidate scores 90 - i from the first expert.
    for (const [i, id] of ids.entries())
      await recordScore(db, experts[0], { candidateId: id, score: 90 - i, comment: '复评' }, now);
    await refused(
      buildShortlist(db, admin, { trackKey: 'trades', candidateIds: ids.slice(0, 14) }, now),
      'conflict',
      /应为15个/,
    );
    await buildShortlist(db, admin, { trackKey: 'trades' }, now);
    const shortlisted = await env.DB.prepare(
      "SELECT id FROM candidates WHERE track_key = 'trades' AND status = 'shortlisted' ORDER BY id",
    ).all<{ id: number }>();
    expect(shortlisted.results.map((r) => r.id)).toEqual(ids.slice(0, 15));
    await closeStage(db, admin, { trackKey: 'trades', stageKey: 'review' }, now);
    await refused(recordScore(db, experts[0], { candidateId: ids[0], score: 50 }, now), 'stage_not_open');
  }, 20_000);
});

describe('trades: public vote', () => {
  const slug = 'trades-vote-2026';
  const weights = { county: 20, expert: 50, vote: 30 };
  const opensAt = chinaMidnight('2026-06-15') + 9 * 3_600_000;

  it('creates the poll from the shortlist: 15 days, 10 of 15, weights that sum to 100', async () => {
    await refused(
      createPollFromShortlist(
        db,
        admin,
        { trackKey: 'trades', slug, title: '十大精品工种公众评选', opensAt, liveCounts: false, weights },
        now,
      ),
      'stage_not_open',
    );
    await openStage(db, admin, { trackKey: 'trades', stageKey: 'vote' }, now);
    const err = await refused(
      createPollFromShortlist(
        db,
        admin,
        {
          trackKey: 'trades',
          slug,
          title: 't',
          opensAt,
          liveCounts: false,
          weights: { county: 20, expert: 50, vote: 40 },
        },
        now,
      ),
      'invalid_request',
    );
    expect(err.options.issues?.[0].path).toEqual(['weights']);
    await createPollFromShortlist(
      db,
      admin,
      { trackKey: 'trades', slug, title: '十大精品工种公众评选', opensAt, liveCounts: false, weights },
      now,
    );
    const poll = await env.DB.prepare('SELECT * FROM polls WHERE slug = ?').bind(slug).first<any>();
    expect(poll).toMatchObject({
      max_choices: 10,
      live_counts: 0,
      opens_at: opensAt,
      closes_at: chinaMidnight('2026-06-30'),
    });
    const n = await env.DB.prepare('SELECT count(*) AS n FROM poll_candidates WHERE poll_id = ?')
      .bind(poll.id)
      .first<{ n: number }>();
    expect(n!.n).toBe(15);
    await refused(
      createPollFromShortlist(
        db,
        admin,
        { trackKey: 'trades', slug: 'again', title: 't', opensAt, liveCounts: false, weights },
        now,
      ),
      'conflict',
      /未结束/,
    );
  });

  it('lets weights change before voting opens and never after', async () => {
    await setPollWeights(db, admin, { slug, weights: { county: 10, expert: 60, vote: 30 } }, now);
    now = opensAt;
    await refused(setPollWeights(db, admin, { slug, weights }, now), 'conflict', /权重不可更改/);
  });

  it('refuses the decision while voting is open', async () => {
    await refused(computeDecision(db, 'trades', now), 'conflict', /投票尚未结束/);
  });

  it('extends with a reason, closes early with a reason, and publishes results', async () => {
    await refused(
      changePollWindow(db, admin, { slug, action: 'extend', lastDay: '2026-07-02', reason: ' ' }, now),
      'invalid_request',
    );
    await changePollWindow(
      db,
      admin,
      { slug, action: 'extend', lastDay: '2026-07-02', reason: '因暴雨影响，延长投票' },
      now,
    );
    let poll = await env.DB.prepare('SELECT closes_at, window_change_reason FROM polls WHERE slug = ?')
      .bind(slug)
      .first<any>();
    expect(poll).toEqual({ closes_at: chinaMidnight('2026-07-03'), window_change_reason: '因暴雨影响，延长投票' });
    // Votes: the i-th finalist gets 100 - 5i.
    const fin = await env.DB.prepare(
      'SELECT pc.candidate_id AS id FROM poll_candidates pc JOIN polls p ON p.id = pc.poll_id WHERE p.slug = ? ORDER BY pc.sort',
    )
      .bind(slug)
      .all<{ id: number }>();
    for (const [i, f] of fin.results.entries())
      await env.DB.prepare('UPDATE tallies SET votes = ? WHERE candidate_id = ?')
        .bind(100 - 5 * i, f.id)
        .run();
    await refused(publishResults(db, admin, { slug }, now), 'poll_not_open');
    now += DAY;
    await changePollWindow(db, admin, { slug, action: 'close', reason: '提前结束（测试）' }, now);
    poll = await env.DB.prepare('SELECT closes_at, window_change_reason FROM polls WHERE slug = ?')
      .bind(slug)
      .first<any>();
    expect(poll).toEqual({ closes_at: now, window_change_reason: '提前结束（测试）' });
    await refused(changePollWindow(db, admin, { slug, action: 'close', reason: '再次' }, now), 'poll_not_open');
    await refused(computeDecision(db, 'trades', now), 'embargoed');
    await refused(closeStage(db, admin, { trackKey: 'trades', stageKey: 'vote' }, now), 'conflict', /结果尚未公布/);
    await publishResults(db, admin, { slug }, now);
    await refused(publishResults(db, admin, { slug }, now), 'conflict');
    await closeStage(db, admin, { trackKey: 'trades', stageKey: 'vote' }, now);
  });
});

describe('trades: decision and final list', () => {
  it('ranks the finalists with the published weights', async () => {
    const view = await computeDecision(db, 'trades', now);
    expect(view.weights).toEqual({ county: 10, expert: 60, vote: 30 });
    expect(view.selectCount).toBe(10);
    expect(view.rows).toHaveLength(15);
    expect(view.rows[0]).toMatchObject({ rank: 1, voteScore: 100, tied: false });
    expect(view.rows.map((r) => r.rank)).toEqual([...Array(15).keys()].map((i) => i + 1));
  });

  it('confirms the top 10 once, and publishes the final list the public site reads', async () => {
    await refused(confirmDecision(db, admin, { trackKey: 'trades', mode: 'top_n' }, now), 'stage_not_open');
    await openStage(db, admin, { trackKey: 'trades', stageKey: 'decide' }, now);
    await refused(confirmDecision(db, officers.yaodu, { trackKey: 'trades', mode: 'top_n' }, now), 'forbidden');
    await confirmDecision(db, admin, { trackKey: 'trades', mode: 'top_n' }, now);
    await refused(confirmDecision(db, admin, { trackKey: 'trades', mode: 'top_n' }, now), 'conflict', /已经确认/);
    const d = await env.DB.prepare("SELECT * FROM decisions WHERE track_key = 'trades'").first<any>();
    expect(d).toMatchObject({
      weight_county: 10,
      weight_expert: 60,
      weight_vote: 30,
      select_count: 10,
      mode: 'top_n',
      override_reason: null,
    });
    const sel = await env.DB.prepare('SELECT count(*) AS n FROM decision_items WHERE decision_id = ? AND selected = 1')
      .bind(d.id)
      .first<{ n: number }>();
    expect(sel!.n).toBe(10);

    await refused(closeStage(db, admin, { trackKey: 'trades', stageKey: 'decide' }, now), 'conflict', /最终名单/);
    await publishFinalList(
      db,
      admin,
      { trackKey: 'trades', slug: 'trades-final', title: '临汾市十大精品工种名单' },
      now,
    );
    const lists = await read(db, listFinalLists(db, { track: 'trades' }));
    expect(lists.map((l) => l.slug)).toEqual(['trades-final']);
    const items = await finalListItemsOf(db, lists[0].id);
    expect(items).toHaveLength(10);
    expect(items[0].rank).toBe(1);
    const selected = await env.DB.prepare(
      "SELECT count(*) AS n FROM candidates WHERE track_key = 'trades' AND status = 'selected'",
    ).first<{ n: number }>();
    expect(selected!.n).toBe(10);
    await closeStage(db, admin, { trackKey: 'trades', stageKey: 'decide' }, now);
  });

  it('wrote one audit entry per change, with before and after', async () => {
    const rows = await env.DB.prepare(
      'SELECT action, count(*) AS n FROM audit_log GROUP BY action ORDER BY action',
    ).all<{ action: string; n: number }>();
    const by = Object.fromEntries(rows.results.map((r) => [r.action, r.n]));
    expect(by).toMatchObject({
      'stage.open': 4,
      'stage.close': 4,
      'recommendation.withdraw': 1,
      'shortlist.build': 1,
      'poll.create': 1,
      'poll.weights': 1,
      'poll.extend': 1,
      'poll.close_early': 1,
      'poll.publish_results': 1,
      'decision.confirm': 1,
      'final_list.publish': 1,
    });
    const entry = await env.DB.prepare(
      "SELECT before, after, reason FROM audit_log WHERE action = 'poll.close_early'",
    ).first<any>();
    expect(JSON.parse(entry.after).windowChangeReason).toBe('提前结束（测试）');
    expect(entry.reason).toBe('提前结束（测试）');
  });
});
