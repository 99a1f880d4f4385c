/**
 * The other tracks against real D1: brands (annex 3 criteria and quotas), bases (市直 apply
 * directly, one per county, expert-only decision with an override), institutions (directory
 * validity, renewal, revocation), competitions (winners under the prize rules), recruitment.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaMidnight } from '../../../../contracts/china-time';
import { listInstitutions } from '../../../../db/queries/content';
import type { StaffActor as Actor } from '../../../../worker/services/audit';
import { computeDecision, confirmDecision, publishFinalList } from '../../../../worker/services/workflow/decision';
import {
  decideInstitution,
  renewInstitution,
  revokeInstitution,
} from '../../../../worker/services/workflow/institutions';
import {
  recordRecruitmentOutcome,
  recordWinners,
  updateCompetitionSchedule,
  updateRecruitmentSchedule,
} from '../../../../worker/services/workflow/programme';
import { submitApplication, submitRecommendation } from '../../../../worker/services/workflow/recommendations';
import { assignExperts, recordScore } from '../../../../worker/services/workflow/reviews';
import { recommendationProgress } from '../../../../worker/services/workflow/stages';
import { activate, actor, db, programme, refused } from '../../../fixtures/workflow';

const now = chinaMidnight('2026-11-10') + 10 * 3_600_000;
let admin: Actor;
let expert: Actor;
const officer: Record<string, Actor> = {};

beforeAll(async () => {
  await programme();
  admin = await actor('city_admin');
  expert = await actor('expert');
  for (const c of ['yaodu', 'guxian', 'houma', 'xiangfen', 'shizhi']) officer[c] = await actor('county_officer', c);
});

describe('brands', () => {
  beforeAll(() => activate('brands', 'recommend'));
  const brand = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    trainedCount: 1200,
    employmentRatePct: 45,
    cultivatedSince: '2019-03-01',
    ...extra,
  });

  it('refuses a brand below the annex 3 criteria, naming each failed criterion', async () => {
    const err = await refused(
      submitRecommendation(
        db,
        officer.yaodu,
        {
          trackKey: 'brands',
          countyId: 'yaodu',
          candidate: brand('尧乡月嫂', { trainedCount: 800, cultivatedSince: '2026-01-01' }),
        },
        now,
      ),
      'invalid_request',
    );
    expect(err.options.issues?.map((i) => i.path[1])).toEqual(['trainedCount', 'cultivatedSince']);
  });

  it('shows plain counties below 1 as missing and mountain counties below 1 as below their aim', async () => {
    await submitRecommendation(
      db,
      officer.yaodu,
      { trackKey: 'brands', countyId: 'yaodu', candidate: brand('尧乡月嫂') },
      now,
    );
    const progress = await recommendationProgress(db, 'brands');
    const state = (id: string) => progress.find((p) => p.countyId === id)?.state;
    expect([state('yaodu'), state('houma'), state('guxian'), state('shizhi')]).toEqual([
      'ok',
      'missing',
      'below_aim',
      'ok',
    ]);
  });
});

describe('bases', () => {
  beforeAll(() => activate('bases', 'apply'));
  const base = (name: string, pct = 60) => ({ name, facilities: '实训室', fullTimeTeacherPct: pct });

  it('takes applications: county institutions wait for their county, 市直 go straight to the city', async () => {
    await submitApplication(
      db,
      officer.yaodu,
      { trackKey: 'bases', countyId: 'yaodu', candidate: base('尧都培训学校') },
      now,
    );
    await submitApplication(
      db,
      officer.yaodu,
      { trackKey: 'bases', countyId: 'yaodu', candidate: base('尧都第二学校') },
      now,
    );
    await submitApplication(
      db,
      officer.houma,
      { trackKey: 'bases', countyId: 'houma', candidate: base('侯马技校') },
      now,
    );
    await refused(
      submitApplication(
        db,
        officer.shizhi,
        { trackKey: 'bases', countyId: 'shizhi', candidate: base('市直学校', 40) },
        now,
      ),
      'invalid_request',
    );
    await submitApplication(
      db,
      officer.shizhi,
      { trackKey: 'bases', countyId: 'shizhi', candidate: base('市高级技工学校') },
      now,
    );
    const rows = await env.DB.prepare("SELECT name, status FROM candidates WHERE track_key = 'bases' ORDER BY id").all<{
      name: string;
      status: string;
    }>();
    expect(rows.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'recommended']);
  });

  it('lets each county recommend one of its own applicants; 市直 need no recommendation', async () => {
    await activate('bases', 'recommend');
    const id = async (name: string) =>
      (await env.DB.prepare('SELECT id FROM candidates WHERE name = ?').bind(name).first<{ id: number }>())!.id;
    await refused(
      submitRecommendation(
        db,
        officer.yaodu,
        { trackKey: 'bases', countyId: 'yaodu', candidateId: await id('侯马技校') },
        now,
      ),
      'invalid_request',
    );
    await submitRecommendation(
      db,
      officer.yaodu,
      { trackKey: 'bases', countyId: 'yaodu', candidateId: await id('尧都培训学校') },
      now,
    );
    await refused(
      submitRecommendation(
        db,
        officer.yaodu,
        { trackKey: 'bases', countyId: 'yaodu', candidateId: await id('尧都第二学校') },
        now,
      ),
      'quota_exceeded',
    );
    await submitRecommendation(
      db,
      officer.houma,
      { trackKey: 'bases', countyId: 'houma', candidateId: await id('侯马技校') },
      now,
    );
    await refused(
      submitRecommendation(
        db,
        officer.shizhi,
        { trackKey: 'bases', countyId: 'shizhi', candidateId: await id('市高级技工学校') },
        now,
      ),
      'conflict',
      /直接向市人社部门申报/,
    );
  });

  it('decides on expert scores alone; a tie across the cut needs an override with a written reason', async () => {
    await activate('bases', 'review', { target: 2 });
    const ids = (
      await env.DB.prepare(
        "SELECT id FROM candidates WHERE track_key = 'bases' AND status = 'recommended' ORDER BY id",
      ).all<{ id: number }>()
    ).results.map((r) => r.id);
    expect(ids).toHaveLength(3);
    await assignExperts(db, admin, { trackKey: 'bases', candidateIds: ids, expertIds: [expert.id] }, now);
    await refused(confirmDecision(db, admin, { trackKey: 'bases', mode: 'top_n' }, now), 'conflict', /尚无专家评分/);
    // 尧都 90, 侯马 85, 市直 85: the county weight is 0 for bases, but the last tie-break still compares county
    // points, and 侯马 was recommended (100) while 市直 applied directly (0).
    for (const [i, s] of [90, 85, 85].entries()) await recordScore(db, expert, { candidateId: ids[i], score: s }, now);
    const view = await computeDecision(db, 'bases', now);
    expect(view.weights).toEqual({ county: 0, expert: 100, vote: 0 });
    expect(view.rows.map((r) => [r.name, r.rank, r.tied])).toEqual([
      ['尧都培训学校', 1, false],
      ['侯马技校', 2, false],
      ['市高级技工学校', 3, false],
    ]);
    // A true tie across the cut: 尧都 and 侯马 equal on every key, and only one place.
    await recordScore(db, expert, { candidateId: ids[0], score: 85 }, now);
    await env.DB.prepare("UPDATE track_stages SET target_count = 1 WHERE track_key = 'bases' AND key = 'review'").run();
    const tied = await computeDecision(db, 'bases', now);
    expect(tied.rows.filter((r) => r.tied).map((r) => r.name)).toEqual(['尧都培训学校', '侯马技校']);
    await refused(confirmDecision(db, admin, { trackKey: 'bases', mode: 'top_n' }, now), 'conflict', /并列/);
    await refused(
      confirmDecision(
        db,
        admin,
        { trackKey: 'bases', mode: 'override', selected: [ids[0], ids[2]], reason: '  ' },
        now,
      ),
      'invalid_request',
    );
    await confirmDecision(
      db,
      admin,
      {
        trackKey: 'bases',
        mode: 'override',
        selected: [ids[0], ids[2]],
        reason: '侯马技校现场核查发现实训设施不符，经研究调整',
      },
      now,
    );
    const d = await env.DB.prepare(
      "SELECT mode, override_reason, select_count FROM decisions WHERE track_key = 'bases'",
    ).first();
    expect(d).toEqual({
      mode: 'override',
      override_reason: '侯马技校现场核查发现实训设施不符，经研究调整',
      select_count: 2,
    });
    const audit = await env.DB.prepare("SELECT reason FROM audit_log WHERE action = 'decision.override'").first<{
      reason: string;
    }>();
    expect(audit!.reason).toContain('现场核查');
  });

  it('publishes the named bases after the 公示 has ended, leaving out items an upheld objection removed, never while an objection is pending', async () => {
    await activate('bases', 'name');
    const notice = await env.DB.prepare(
      "INSERT INTO notices (slug, track_key, title, published_on, starts_on, ends_on, contact_name, contact_phone, contact_address, round_id) VALUES ('bases-gs', 'bases', '公示', '2026-11-02', '2026-11-02', '2026-11-06', 'a', 'b', 'c', (SELECT id FROM rounds WHERE track_key = 'bases' ORDER BY status = 'open' DESC, year DESC LIMIT 1)) RETURNING id",
    ).first<{ id: number }>();
    const selected = (
      await env.DB.prepare('SELECT candidate_id AS id FROM decision_items WHERE selected = 1 ORDER BY rank').all<{
        id: number;
      }>()
    ).results;
    await env.DB.prepare(
      "INSERT INTO notice_items (notice_id, candidate_id, name, sort, removed_at, removed_reason) VALUES (?, ?, 'x', 1, 1, '异议成立')",
    )
      .bind(notice!.id, selected[1].id)
      .run();
    await env.DB.prepare(
      "INSERT INTO objections (tracking_no, notice_id, name, phone_hash, phone_masked, content, status, created_at, updated_at) VALUES ('PEND-INGO-BJEC', ?, 'n', 'h', 'm', 'c', 'under_review', 1, 1)",
    )
      .bind(notice!.id)
      .run();
    const input = { trackKey: 'bases' as const, slug: 'bases-named', title: '示范基地名单', noticeId: notice!.id };
    await refused(publishFinalList(db, admin, input, now), 'conflict', /异议/);
    await env.DB.prepare("UPDATE objections SET status = 'dismissed' WHERE tracking_no = 'PEND-INGO-BJEC'").run();
    await publishFinalList(
      db,
      admin,
      { trackKey: 'bases', slug: 'bases-named', title: '示范基地名单', noticeId: notice!.id },
      now,
    );
    const items = await env.DB.prepare(
      "SELECT i.name FROM final_list_items i JOIN final_lists l ON l.id = i.list_id WHERE l.slug = 'bases-named'",
    ).all<{ name: string }>();
    expect(items.results.map((r) => r.name)).toEqual(['尧都培训学校']);
  });
});

describe('institutions', () => {
  let id: number;
  beforeAll(() => activate('institutions', 'apply'));

  it('refuses a social organisation with more than 5 occupations', async () => {
    await refused(
      submitApplication(
        db,
        officer.yaodu,
        {
          trackKey: 'institutions',
          countyId: 'yaodu',
          candidate: {
            name: '协会',
            institutionType: 'social_organisation',
            occupations: ['a', 'b', 'c', 'd', 'e', 'f'],
          },
        },
        now,
      ),
      'invalid_request',
    );
    await submitApplication(
      db,
      officer.yaodu,
      {
        trackKey: 'institutions',
        countyId: 'yaodu',
        candidate: {
          name: '家政协会评价中心',
          institutionType: 'social_organisation',
          occupations: ['家政服务员', '育婴员'],
        },
      },
      now,
    );
    id = (await env.DB.prepare("SELECT id FROM candidates WHERE name = '家政协会评价中心'").first<{ id: number }>())!
      .id;
  });

  it('enters an approved institution in the directory for 3 years, renews and revokes it', async () => {
    await refused(decideInstitution(db, admin, { candidateId: id, approve: true }, now), 'stage_not_open');
    await activate('institutions', 'publish');
    await decideInstitution(db, admin, { candidateId: id, approve: true }, now);
    expect((await listInstitutions(db)).map((i) => [i.name, i.validFrom, i.validUntil])).toEqual([
      ['家政协会评价中心', '2026-11-10', '2029-11-09'],
    ]);
    await renewInstitution(db, admin, { candidateId: id }, now);
    expect((await listInstitutions(db))[0]).toMatchObject({ validFrom: '2029-11-10', validUntil: '2032-11-09' });
    await refused(revokeInstitution(db, admin, { candidateId: id, reason: '' }, now), 'invalid_request');
    await revokeInstitution(db, admin, { candidateId: id, reason: '年终评估不合格' }, now);
    expect(await listInstitutions(db)).toEqual([]);
    await refused(renewInstitution(db, admin, { candidateId: id }, now), 'conflict');
  });
});

describe('competitions and recruitment', () => {
  let compId: number;
  let eventId: number;
  beforeAll(async () => {
    compId = (await env.DB.prepare(
      "INSERT INTO competitions (year, seq, name, board, organisers, venue_county_id) VALUES (2026, 1, '焊接大赛', 'high_skill', '市人社局', 'yaodu') RETURNING id",
    ).first<{ id: number }>())!.id;
    eventId = (await env.DB.prepare(
      "INSERT INTO recruitment_events (year, seq, name, period, audience, description) VALUES (2026, 1, '春风行动', '春节期间', '求职者', '招聘') RETURNING id",
    ).first<{ id: number }>())!.id;
    await activate('competitions', 'schedule');
    await activate('recruitment', 'hold');
  });

  it('edits a schedule with months 待定 or a valid range', async () => {
    await refused(
      updateCompetitionSchedule(db, admin, { id: compId, monthFrom: 7, monthTo: null }, now),
      'invalid_request',
    );
    await refused(
      updateCompetitionSchedule(db, admin, { id: compId, monthFrom: 8, monthTo: 7 }, now),
      'invalid_request',
    );
    await updateCompetitionSchedule(db, admin, { id: compId, monthFrom: 6, monthTo: 7, venueCountyId: 'yicheng' }, now);
    await updateCompetitionSchedule(db, admin, { id: compId, monthFrom: null, monthTo: null }, now);
    const row = await env.DB.prepare('SELECT month_from, month_to, venue_county_id FROM competitions WHERE id = ?')
      .bind(compId)
      .first();
    expect(row).toEqual({ month_from: null, month_to: null, venue_county_id: 'yicheng' });
    await updateRecruitmentSchedule(db, admin, { id: eventId, period: '2月份', monthFrom: 2, monthTo: 2 }, now);
  });

  it('records winners per trade under the prize rules, replacing earlier ones', async () => {
    const winners = [
      { prize: 'first' as const, place: 1, winnerName: '张三' },
      { prize: 'second' as const, place: 1, winnerName: '李四' },
      { prize: 'second' as const, place: 2, winnerName: '王五' },
    ];
    await refused(recordWinners(db, admin, { competitionId: compId, trade: '焊工', winners }, now), 'stage_not_open');
    await activate('competitions', 'award');
    const err = await refused(
      recordWinners(
        db,
        admin,
        {
          competitionId: compId,
          trade: '焊工',
          winners: [...winners, { prize: 'first', place: 2, winnerName: '赵六' }],
        },
        now,
      ),
      'invalid_request',
    );
    expect(err.options.issues?.[0].path).toEqual(['winners', 3, 'place']);
    await recordWinners(db, admin, { competitionId: compId, trade: '焊工', winners }, now);
    await recordWinners(db, admin, { competitionId: compId, trade: '焊工', winners: winners.slice(0, 1) }, now);
    const rows = await env.DB.prepare('SELECT winner_name FROM competition_winners WHERE competition_id = ?')
      .bind(compId)
      .all<{ winner_name: string }>();
    expect(rows.results.map((r) => r.winner_name)).toEqual(['张三']);
  });

  it('records a recruitment outcome', async () => {
    await refused(
      recordRecruitmentOutcome(db, admin, { id: eventId, heldOn: '2026-02-10', employers: -1 }, now),
      'invalid_request',
    );
    await recordRecruitmentOutcome(
      db,
      admin,
      {
        id: eventId,
        heldOn: '2026-02-10',
        employers: 120,
        positions: 3500,
        attendees: 8000,
        agreements: 1300,
        outcome: '现场达成意向1300人',
      },
      now,
    );
    const row = await env.DB.prepare(
      'SELECT held_on, employers, agreements, outcome_at FROM recruitment_events WHERE id = ?',
    )
      .bind(eventId)
      .first();
    expect(row).toEqual({ held_on: '2026-02-10', employers: 120, agreements: 1300, outcome_at: now });
  });
});
