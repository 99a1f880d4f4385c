/**
 * Builds the seed as plain SQL statements, so `npm start` (through `wrangler d1 execute`) and the
 * integration tests (inside workerd) load exactly the same data. Every statement is idempotent:
 * rows are matched on their natural keys and never duplicated or overwritten by a re-run.
 */
import calendarSource from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addDays, chinaDate, chinaMidnight, votingWindowClose } from '../../contracts/china-time';
import type { TrackKey } from '../../contracts/enums';
import { roundTitle } from '../../contracts/labels';
import { CalendarMissingError, isWorkingDay, workingPeriod, type CalendarData } from '../../contracts/calendar';
import {
  DEMO_BASES,
  DEMO_BRANDS,
  DEMO_CONTACT,
  DEMO_EXPERTS,
  DEMO_INSTITUTIONS,
  DEMO_TRADES,
  demoTradeScores,
} from './demo';
import {
  AWARD_RULES,
  BRANDS,
  COMPETITIONS,
  COUNTIES,
  PROGRAMME_YEAR,
  RECRUITMENT_EVENTS,
  SOURCE_DOCUMENT,
  TRACKS,
} from './programme';

type Value = string | number | null | { sql: string };

/** A SQL literal; strings are quoted with embedded quotes doubled. */
function lit(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
  if (typeof v === 'object') return v.sql;
  return `'${v.replace(/'/g, "''")}'`;
}

function insert(table: string, row: Record<string, Value>): string {
  const cols = Object.keys(row);
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => lit(row[c])).join(', ')}) ON CONFLICT DO NOTHING;`;
}

/**
 * The seed's round of a track: its first round. The seed creates it only for a track that has no
 * round, and adds its rows only while it is open, so a re-run after later rounds (or after round
 * one finished) changes nothing.
 */
const firstRound = (track: string) => ({
  sql: `(SELECT id FROM rounds WHERE track_key = ${lit(track)} ORDER BY year LIMIT 1)`,
});

/** An INSERT of a round-scoped row into the track's first round, only while that round is open. */
function insertInRound(table: string, track: string, row: Record<string, Value>): string {
  const values: Record<string, Value> = { ...row, round_id: firstRound(track) };
  const cols = Object.keys(values);
  return `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${cols.map((c) => lit(values[c])).join(', ')} WHERE (SELECT status FROM rounds WHERE id = ${firstRound(track).sql}) = 'open' ON CONFLICT DO NOTHING;`;
}

const candidateId = (track: string, name: string) => ({
  sql: `(SELECT id FROM candidates WHERE track_key = ${lit(track)} AND round_id = ${firstRound(track).sql} AND name = ${lit(name)})`,
});
const idBySlug = (table: string, slug: string) => ({ sql: `(SELECT id FROM ${table} WHERE slug = ${lit(slug)})` });

const CALENDAR_SOURCE = 'npm chinese-days (国务院办公厅节假日安排)';

/** Holiday and make-up working day rows from the maintained chinese-days package. */
export function calendarFromPackage(): {
  rows: { date: string; kind: 'holiday' | 'workday'; name: string }[];
  years: number[];
} {
  const src = calendarSource as { holidays: Record<string, string>; workdays: Record<string, string> };
  const rows: { date: string; kind: 'holiday' | 'workday'; name: string }[] = [];
  for (const [date, label] of Object.entries(src.holidays))
    rows.push({ date, kind: 'holiday', name: label.split(',')[1] ?? label });
  for (const [date, label] of Object.entries(src.workdays))
    rows.push({ date, kind: 'workday', name: `${label.split(',')[1] ?? label}调休上班` });
  const years = [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))].sort();
  return { rows, years };
}

/** Demo slugs, referenced by tests and docs. */
export const DEMO_SLUGS = {
  tradesPoll: 'trades-vote',
  brandsPoll: 'brands-vote',
  basesNotice: 'bases-publicity',
  institutionsList: 'institutions-directory',
} as const;

/**
 * All seed statements. `today` is the China date of seeding: the demo trades poll opens that day
 * for 15 days, the demo notice is published that day.
 */
export function seedStatements(today: string, nowMs: number): string[] {
  const out: string[] = [];
  const cal = calendarFromPackage();
  const dates = demoDates(today, cal);
  // The first dated row of each track (stages have no dates in the seed): the rule of migration 0013.
  const firstDays: Partial<Record<TrackKey, string>> = {
    trades: chinaDate(dates.tradesOpens),
    brands: chinaDate(dates.brandsOpens),
    bases: dates.publishedOn,
    institutions: chinaDate(nowMs),
  };
  const roundYears = Object.fromEntries(
    TRACKS.map((t) => [t.key, firstDays[t.key] ? Number(firstDays[t.key]!.slice(0, 4)) : PROGRAMME_YEAR]),
  ) as Record<TrackKey, number>;

  COUNTIES.forEach((c, i) => out.push(insert('counties', { id: c.id, name: c.name, kind: c.kind, sort: i + 1 })));

  const stageStatus: Record<string, string[]> = {
    trades: ['done', 'done', 'active', 'pending'],
    brands: ['done', 'done', 'done', 'pending', 'pending'],
    institutions: ['done', 'done', 'done', 'active'],
    competitions: ['done', 'pending', 'pending'],
    recruitment: ['done', 'active'],
    bases: ['done', 'done', 'done', 'done', 'active', 'pending'],
  };
  TRACKS.forEach((t, i) => {
    out.push(
      insert('tracks', {
        key: t.key,
        title: t.title,
        goal: t.goal,
        summary: t.summary,
        annex: t.annex,
        target_count: 10,
        sort: i + 1,
      }),
    );
    // Round one, of the year of the track's first dated row (as migration 0013 dates existing data).
    const year = roundYears[t.key];
    out.push(
      `INSERT INTO rounds (track_key, year, title, status, starts_on) SELECT ${lit(t.key)}, ${year}, ${lit(roundTitle(t.key, year))}, 'open', ${lit(firstDays[t.key] ?? null)} WHERE NOT EXISTS (SELECT 1 FROM rounds WHERE track_key = ${lit(t.key)}) ON CONFLICT DO NOTHING;`,
    );
    t.stages.forEach((s, j) =>
      out.push(
        insertInRound('track_stages', t.key, {
          track_key: t.key,
          seq: j + 1,
          key: s.key,
          title: s.title,
          rule: s.rule,
          status: stageStatus[t.key][j],
        }),
      ),
    );
  });

  for (const b of BRANDS) {
    out.push(
      insertInRound('candidates', 'brands', {
        track_key: 'brands',
        name: b.name,
        county_id: b.countyId,
        summary: b.summary,
        brand_level: b.level,
        status: b.level === 'creating' ? 'shortlisted' : 'selected',
        applicant: null,
        is_demo: 0,
      }),
    );
  }
  COMPETITIONS.forEach((c, i) =>
    out.push(
      insert('competitions', {
        year: PROGRAMME_YEAR,
        seq: i + 1,
        name: c.name,
        board: c.board,
        month_from: c.months?.[0] ?? null,
        month_to: c.months?.[1] ?? null,
        organisers: c.organisers,
        venue_county_id: c.venueCountyId,
      }),
    ),
  );
  AWARD_RULES.forEach((a, i) =>
    out.push(
      insert('award_rules', {
        prize: a.prize,
        title: a.title,
        places_per_trade: a.placesPerTrade,
        amount_yuan: a.amountYuan,
        benefit: a.benefit,
        sort: i + 1,
      }),
    ),
  );
  RECRUITMENT_EVENTS.forEach((e, i) =>
    out.push(
      insert('recruitment_events', {
        year: PROGRAMME_YEAR,
        seq: i + 1,
        name: e.name,
        period: e.period,
        month_from: e.months?.[0] ?? null,
        month_to: e.months?.[1] ?? null,
        audience: e.audience,
        description: e.description,
      }),
    ),
  );

  for (const r of cal.rows)
    out.push(insert('calendar_days', { date: r.date, kind: r.kind, name: r.name, source: CALENDAR_SOURCE }));
  for (const y of cal.years)
    out.push(insert('calendar_years', { year: y, status: 'entered', source: CALENDAR_SOURCE, updated_at: nowMs }));

  out.push(...demoStatements(today, nowMs, cal, dates));
  return out;
}

/** A demo poll with its finalists (candidates of the poll's track, by name) and zero tallies. */
function demoPoll(poll: Record<string, Value> & { slug: string; track_key: string }, finalists: string[]): string[] {
  const pollId = idBySlug('polls', poll.slug);
  return [
    insertInRound('polls', poll.track_key, {
      ballot_mode: 'once',
      weight_county: 20,
      weight_expert: 50,
      weight_vote: 30,
      is_demo: 1,
      ...poll,
    }),
    ...finalists.flatMap((name, i) => [
      insert('poll_candidates', { poll_id: pollId, candidate_id: candidateId(poll.track_key, name), sort: i + 1 }),
      insert('tallies', { poll_id: pollId, candidate_id: candidateId(poll.track_key, name), votes: 0 }),
    ]),
  ];
}

/**
 * The demo's dates: the trades poll opens today, the brands poll 16 days later at 09:00, the bases
 * notice is published on the latest working day up to today (so it is open, and takes objections,
 * whatever day of the week the site is seeded on).
 */
function demoDates(today: string, cal: ReturnType<typeof calendarFromPackage>) {
  const calendar: CalendarData = {
    exceptions: new Map(cal.rows.map((r) => [r.date, r.kind])),
    knownYears: new Set(cal.years),
  };
  let publishedOn = today;
  while (!isWorkingDay(publishedOn, calendar)) publishedOn = addDays(publishedOn, -1);
  return {
    tradesOpens: chinaMidnight(today),
    brandsOpens: chinaMidnight(addDays(today, 16)) + 9 * 3600_000,
    calendar,
    publishedOn,
  };
}

function demoStatements(
  today: string,
  nowMs: number,
  cal: ReturnType<typeof calendarFromPackage>,
  dates: ReturnType<typeof demoDates>,
): string[] {
  const out: string[] = [];
  const demoNote = '（演示数据）';

  // Trades: 15 finalists recommended by their counties, open for a public vote of 15 days from today.
  DEMO_TRADES.forEach((t) => {
    out.push(
      insertInRound('candidates', 'trades', {
        track_key: 'trades',
        name: t.name,
        county_id: t.countyId,
        summary: t.summary,
        status: 'finalist',
        is_demo: 1,
      }),
    );
    out.push(
      insertInRound('recommendations', 'trades', {
        track_key: 'trades',
        county_id: t.countyId,
        candidate_id: candidateId('trades', t.name),
        rank: 1,
        note: demoNote,
      }),
    );
  });
  // Demo experts (disabled, no password: no one signs in as them) scored every finalist, so the
  // decision can be confirmed once the vote closes.
  for (const e of DEMO_EXPERTS)
    out.push(
      insert('accounts', {
        username: e.username,
        display_name: e.displayName,
        role: 'expert',
        password_hash: null,
        disabled_at: nowMs,
        created_at: nowMs,
      }),
    );
  DEMO_TRADES.forEach((t, i) =>
    demoTradeScores(i).forEach((score, j) =>
      out.push(
        insert('expert_reviews', {
          candidate_id: candidateId('trades', t.name),
          expert_id: { sql: `(SELECT id FROM accounts WHERE username = ${lit(DEMO_EXPERTS[j].username)})` },
          score,
          comment: demoNote,
          submitted_at: nowMs,
        }),
      ),
    ),
  );
  const { tradesOpens, brandsOpens, calendar, publishedOn } = dates;
  out.push(
    ...demoPoll(
      {
        slug: DEMO_SLUGS.tradesPoll,
        track_key: 'trades',
        title: '“临汾技工”十大精品工种公众评选（演示）',
        description: '从15个入围工种中选出您心目中的精品工种，每个手机号限投一次，每次最多选10项。本投票为演示数据。',
        opens_at: tradesOpens,
        closes_at: votingWindowClose(tradesOpens, 15),
        max_choices: 10,
        live_counts: 1,
      },
      DEMO_TRADES.map((t) => t.name),
    ),
  );

  // Brands: the three brands in creation plus demo applicants, a vote scheduled after the trades vote.
  for (const b of DEMO_BRANDS) {
    out.push(
      insertInRound('candidates', 'brands', {
        track_key: 'brands',
        name: b.name,
        county_id: b.countyId,
        summary: b.summary,
        status: 'shortlisted',
        brand_level: null,
        trained_count: b.trainedCount,
        employment_rate_pct: b.employmentRatePct,
        cultivated_since: b.cultivatedSince,
        is_demo: 1,
      }),
    );
  }
  const brandNames = [
    ...BRANDS.filter((b) => b.level === 'creating').map((b) => b.name),
    ...DEMO_BRANDS.map((b) => b.name),
  ];
  out.push(
    ...demoPoll(
      {
        slug: DEMO_SLUGS.brandsPoll,
        track_key: 'brands',
        title: '临汾市劳务品牌网络公开投票（演示）',
        description: '第三方评审拟定的入围劳务品牌，每个手机号限投一次，每次最多选3项。本投票为演示数据。',
        opens_at: brandsOpens,
        closes_at: votingWindowClose(brandsOpens, 15),
        max_choices: 3,
        live_counts: 0,
      },
      brandNames,
    ),
  );

  // Bases: ten recommended institutions in an open 公示 of 5 working days from today.
  for (const b of DEMO_BASES) {
    out.push(
      insertInRound('candidates', 'bases', {
        track_key: 'bases',
        name: b.name,
        county_id: b.countyId,
        summary: b.facilities,
        facilities: b.facilities,
        full_time_teacher_pct: b.fullTimeTeacherPct,
        status: 'shortlisted',
        is_demo: 1,
      }),
    );
  }
  let period: ReturnType<typeof workingPeriod>;
  try {
    period = workingPeriod(publishedOn, 5, calendar);
  } catch (e) {
    if (!(e instanceof CalendarMissingError)) throw e;
    // The package does not know next year yet: the demo confirms it as plain weeks, visibly.
    out.push(
      insert('calendar_years', {
        year: e.year,
        status: 'confirmed',
        source: `演示数据：${e.year}年节假日安排尚未录入，按普通周计算，请管理员录入`,
        updated_at: nowMs,
      }),
    );
    calendar.knownYears.add(e.year);
    period = workingPeriod(publishedOn, 5, calendar);
  }
  out.push(
    insertInRound('notices', 'bases', {
      slug: DEMO_SLUGS.basesNotice,
      track_key: 'bases',
      title: '关于全市十个职业技能培训示范基地拟命名名单的公示（演示）',
      body: `根据${SOURCE_DOCUMENT}附件7《关于创建全市十个培训示范基地的实施方案》，经各县（市、区）推荐、市人社部门组织专家综合评估，拟命名以下10家机构为“人人持证 技能社会 职业技能培训示范基地”，现予以公示。公示期内，任何单位和个人如有异议，可通过本页面在线提交，或以电话、信函方式向市人社局反映。反映情况应实事求是，提供真实姓名和联系方式。本公示为演示数据。`,
      published_on: publishedOn,
      starts_on: period.startsOn,
      ends_on: period.endsOn,
      working_days: 5,
      contact_name: DEMO_CONTACT.name,
      contact_phone: DEMO_CONTACT.phone,
      contact_address: DEMO_CONTACT.address,
      is_demo: 1,
    }),
  );
  [...DEMO_BASES]
    .sort((a, b) => b.score - a.score)
    .forEach((b, i) =>
      out.push(
        insert('notice_items', {
          notice_id: idBySlug('notices', DEMO_SLUGS.basesNotice),
          candidate_id: candidateId('bases', b.name),
          name: b.name,
          county_id: b.countyId,
          score: b.score,
          sort: i + 1,
        }),
      ),
    );

  // Institutions: a published directory (final list) of ten demo appraisal institutions.
  const validUntil = addDays(`${Number(today.slice(0, 4)) + 3}${today.slice(4)}`, -1);
  for (const inst of DEMO_INSTITUTIONS) {
    out.push(
      insertInRound('candidates', 'institutions', {
        track_key: 'institutions',
        name: inst.name,
        county_id: inst.countyId,
        summary: `评价职业（工种）：${inst.occupations.join('、')}`,
        institution_type: inst.type,
        occupations: JSON.stringify(inst.occupations),
        valid_from: today,
        valid_until: validUntil,
        status: 'selected',
        is_demo: 1,
      }),
    );
  }
  out.push(
    insertInRound('final_lists', 'institutions', {
      slug: DEMO_SLUGS.institutionsList,
      track_key: 'institutions',
      title: '临汾市职业技能等级认定机构目录（演示）',
      body: '经申请备案、初审和专家评估，以下机构列入职业技能等级认定机构目录，资质有效期3年，实行动态调整。本名单为演示数据。',
      published_at: nowMs,
      is_demo: 1,
    }),
  );
  DEMO_INSTITUTIONS.forEach((inst, i) =>
    out.push(
      insert('final_list_items', {
        list_id: idBySlug('final_lists', DEMO_SLUGS.institutionsList),
        rank: i + 1,
        candidate_id: candidateId('institutions', inst.name),
        name: inst.name,
        county_id: inst.countyId,
      }),
    ),
  );
  return out;
}
