/**
 * The whole programme's data model (drizzle, SQLite/D1), the typed mirror of the hand-written SQL
 * migrations in db/migrations, which are the source of the database. tests/worker/db/schema-migrations.test.ts
 * compares the two; triggers are only in the migrations (docs/architecture.md, "Data model").
 *
 * Conventions: instants are integer milliseconds since the epoch (UTC); China dates are
 * 'YYYY-MM-DD' text; booleans are 0/1 integers; rules that are constraints live here as
 * UNIQUE / FOREIGN KEY / CHECK so that no code path can break them.
 */
import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import {
  BALLOT_MODES,
  BALLOT_STATUSES,
  BOARDS,
  BRAND_LEVELS,
  CALENDAR_DAY_KINDS,
  CALENDAR_YEAR_STATUSES,
  CANDIDATE_STATUSES,
  COUNTY_KINDS,
  DECISION_MODES,
  INSTITUTION_TYPES,
  OBJECTION_STATUSES,
  OTP_CLOSED_REASONS,
  PRIZES,
  ROLES,
  STAGE_STATUSES,
  TRACK_KEYS,
} from '../contracts/enums';

const createdAt = () =>
  integer('created_at')
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const isDemo = () => integer('is_demo').notNull().default(0);

/** The six tracks of the 六个十 programme. */
export const tracks = sqliteTable(
  'tracks',
  {
    key: text('key', { enum: TRACK_KEYS }).primaryKey(),
    title: text('title').notNull(),
    goal: text('goal').notNull(),
    summary: text('summary').notNull(),
    annex: integer('annex').notNull(),
    targetCount: integer('target_count').notNull().default(10),
    sort: integer('sort').notNull(),
  },
  (t) => [
    check('tracks_key_known', sql`${t.key} in ('trades','brands','institutions','competitions','recruitment','bases')`),
  ],
);

/** The ordered stages of a track's workflow; a stage cannot start before the previous is done. */
export const trackStages = sqliteTable(
  'track_stages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trackKey: text('track_key', { enum: TRACK_KEYS })
      .notNull()
      .references(() => tracks.key),
    seq: integer('seq').notNull(),
    key: text('key').notNull(),
    title: text('title').notNull(),
    rule: text('rule').notNull(),
    status: text('status', { enum: STAGE_STATUSES }).notNull().default('pending'),
    startsOn: text('starts_on'),
    endsOn: text('ends_on'),
    /** Submissions in this stage (e.g. county recommendations) are refused after this instant. */
    deadlineAt: integer('deadline_at'),
    /** The count the stage aims at, e.g. 15 finalists, 10 selected. */
    targetCount: integer('target_count'),
    openedAt: integer('opened_at'),
    openedBy: integer('opened_by').references(() => accounts.id),
    closedAt: integer('closed_at'),
    closedBy: integer('closed_by').references(() => accounts.id),
  },
  (t) => [
    uniqueIndex('track_stages_track_seq').on(t.trackKey, t.seq),
    uniqueIndex('track_stages_track_key').on(t.trackKey, t.key),
    check('track_stages_status', sql`${t.status} in ('pending','active','done','skipped')`),
    check('track_stages_target_count', sql`${t.targetCount} is null or ${t.targetCount} between 1 and 100`),
  ],
);

/** Linfen's 17 county-level units plus 市直 (city-level units) as an 18th. */
export const counties = sqliteTable(
  'counties',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull().unique(),
    kind: text('kind', { enum: COUNTY_KINDS }).notNull(),
    sort: integer('sort').notNull(),
  },
  (t) => [check('counties_kind', sql`${t.kind} in ('plain','mountain','city')`)],
);

/** Accounts of city HR staff, county officers, experts and auditors. */
export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    countyId: text('county_id').references(() => counties.id),
    /** `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>` (worker/services/admin/password.ts). */
    passwordHash: text('password_hash'),
    disabledAt: integer('disabled_at'),
    createdAt: createdAt(),
    passwordChangedAt: integer('password_changed_at'),
    /** The TOTP secret, AES-GCM encrypted under STAFF_TOTP_KEY; pending until totp_enrolled_at is set. */
    totpSecret: text('totp_secret'),
    totpEnrolledAt: integer('totp_enrolled_at'),
    /** The last 30-second step a TOTP code was accepted for; codes of this step or earlier are replays. */
    totpLastStep: integer('totp_last_step'),
    /**
     * Unused since migration 0012 (staff_sign_in_failures counts per username and network). Kept so
     * that code still running during a deploy, after the migrations, finds them; drop them later.
     */
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: integer('locked_until'),
    /**
     * The city admin who made this account a city admin in the admin area (created or raised it);
     * null when the operator did (admin:create). It may not confirm the account (migration 0011).
     */
    grantedBy: integer('granted_by').references((): AnySQLiteColumn => accounts.id),
    /** When a second city admin confirmed it; null = a city admin still pending (other roles never wait). */
    confirmedAt: integer('confirmed_at'),
    confirmedBy: integer('confirmed_by').references((): AnySQLiteColumn => accounts.id),
  },
  (t) => [
    check('accounts_role', sql`${t.role} in ('city_admin','county_officer','expert','auditor')`),
    check('accounts_county_officer_has_county', sql`(${t.role} = 'county_officer') = (${t.countyId} is not null)`),
  ],
);

/**
 * Candidates of every track: trades, brands, training bases, appraisal institutions.
 * Criteria columns are the ones the annexes name; each is nullable because it applies to one track.
 */
export const candidates = sqliteTable(
  'candidates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trackKey: text('track_key', { enum: TRACK_KEYS })
      .notNull()
      .references(() => tracks.key),
    name: text('name').notNull(),
    countyId: text('county_id').references(() => counties.id),
    applicant: text('applicant'),
    summary: text('summary').notNull().default(''),
    status: text('status', { enum: CANDIDATE_STATUSES }).notNull().default('applied'),
    /** brands: 'provincial' | 'city' | 'creating'. */
    brandLevel: text('brand_level', { enum: BRAND_LEVELS }),
    /** brands (annex 3): people trained through the brand 2018-2019, must be >= 1000. */
    trainedCount: integer('trained_count'),
    /** brands: employment rate in per cent, must be >= 30. */
    employmentRatePct: real('employment_rate_pct'),
    /** brands: cultivated since (China date); at least 1 year. */
    cultivatedSince: text('cultivated_since'),
    /** trades (annex 2): share of the county's yearly training, >= 30 per cent. */
    trainingSharePct: real('training_share_pct'),
    /** institutions (annex 4). */
    institutionType: text('institution_type', { enum: INSTITUTION_TYPES }),
    /** institutions: JSON array of occupations; social organisations at most 5. */
    occupations: text('occupations'),
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    revokedAt: integer('revoked_at'),
    revokedReason: text('revoked_reason'),
    /** bases (annex 7): facilities and training capacity, free text. */
    facilities: text('facilities'),
    /** bases: full-time teachers as a share of all teachers, >= 50 per cent. */
    fullTimeTeacherPct: real('full_time_teacher_pct'),
    isDemo: isDemo(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('candidates_track_name').on(t.trackKey, t.name),
    index('candidates_track_status').on(t.trackKey, t.status),
    check(
      'candidates_status',
      sql`${t.status} in ('applied','recommended','shortlisted','finalist','selected','rejected','withdrawn')`,
    ),
    check(
      'candidates_brand_level',
      sql`${t.brandLevel} is null or ${t.brandLevel} in ('provincial','city','creating')`,
    ),
    check(
      'candidates_institution_type',
      sql`${t.institutionType} is null or ${t.institutionType} in ('technical_school','enterprise','social_organisation')`,
    ),
    check('candidates_occupations_json', sql`${t.occupations} is null or json_valid(${t.occupations})`),
    check(
      'candidates_social_org_max_5',
      sql`${t.institutionType} is not 'social_organisation' or ${t.occupations} is null or json_array_length(${t.occupations}) <= 5`,
    ),
    check(
      'candidates_pct_range',
      sql`coalesce(${t.employmentRatePct}, 0) between 0 and 100 and coalesce(${t.trainingSharePct}, 0) between 0 and 100 and coalesce(${t.fullTimeTeacherPct}, 0) between 0 and 100`,
    ),
  ],
);

/**
 * A county's recommendation of a candidate (trades 1-2 per county, bases 1 per county). Several
 * counties may recommend the same trade, each once.
 */
export const recommendations = sqliteTable(
  'recommendations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trackKey: text('track_key', { enum: TRACK_KEYS })
      .notNull()
      .references(() => tracks.key),
    countyId: text('county_id')
      .notNull()
      .references(() => counties.id),
    candidateId: integer('candidate_id')
      .notNull()
      .references(() => candidates.id),
    rank: integer('rank').notNull().default(1),
    note: text('note'),
    submittedBy: integer('submitted_by').references(() => accounts.id),
    submittedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('recommendations_candidate_county').on(t.candidateId, t.countyId),
    uniqueIndex('recommendations_county_rank').on(t.trackKey, t.countyId, t.rank),
    check('recommendations_rank', sql`${t.rank} between 1 and 5`),
  ],
);

/** An expert's (or third party's) score for one candidate. */
export const expertReviews = sqliteTable(
  'expert_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    candidateId: integer('candidate_id')
      .notNull()
      .references(() => candidates.id),
    expertId: integer('expert_id')
      .notNull()
      .references(() => accounts.id),
    score: real('score'),
    comment: text('comment'),
    assignedAt: createdAt(),
    assignedBy: integer('assigned_by').references(() => accounts.id),
    submittedAt: integer('submitted_at'),
  },
  (t) => [
    uniqueIndex('expert_reviews_candidate_expert').on(t.candidateId, t.expertId),
    check('expert_reviews_score', sql`${t.score} is null or ${t.score} between 0 and 100`),
  ],
);

/**
 * A public vote. Status (scheduled/open/closed/published) is derived from the window and
 * results_published_at by the server clock, never stored, so it cannot drift.
 */
export const polls = sqliteTable(
  'polls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    trackKey: text('track_key', { enum: TRACK_KEYS })
      .notNull()
      .references(() => tracks.key),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    opensAt: integer('opens_at').notNull(),
    closesAt: integer('closes_at').notNull(),
    /** Set when an admin closed early or extended; shown on the poll page. */
    windowChangeReason: text('window_change_reason'),
    maxChoices: integer('max_choices').notNull(),
    ballotMode: text('ballot_mode', { enum: BALLOT_MODES }).notNull().default('once'),
    liveCounts: integer('live_counts').notNull().default(1),
    resultsPublishedAt: integer('results_published_at'),
    weightCounty: integer('weight_county').notNull().default(20),
    weightExpert: integer('weight_expert').notNull().default(50),
    weightVote: integer('weight_vote').notNull().default(30),
    /** Counted ballots; moves in the same batch as every ballot and review decision. */
    countedBallots: integer('counted_ballots').notNull().default(0),
    isDemo: isDemo(),
    createdAt: createdAt(),
  },
  (t) => [
    check('polls_slug', sql`${t.slug} glob '[a-z0-9]*' and ${t.slug} not glob '*[^a-z0-9-]*'`),
    check('polls_window', sql`${t.closesAt} > ${t.opensAt}`),
    check('polls_max_choices', sql`${t.maxChoices} between 1 and 100`),
    check('polls_ballot_mode', sql`${t.ballotMode} in ('once','daily')`),
    check('polls_live_counts', sql`${t.liveCounts} in (0,1)`),
    check(
      'polls_weights',
      sql`${t.weightCounty} >= 0 and ${t.weightExpert} >= 0 and ${t.weightVote} >= 0 and ${t.weightCounty} + ${t.weightExpert} + ${t.weightVote} = 100`,
    ),
    check('polls_counted', sql`${t.countedBallots} >= 0`),
  ],
);

/** The finalists on a poll's ballot paper. */
export const pollCandidates = sqliteTable(
  'poll_candidates',
  {
    pollId: integer('poll_id')
      .notNull()
      .references(() => polls.id),
    candidateId: integer('candidate_id')
      .notNull()
      .references(() => candidates.id),
    sort: integer('sort').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.candidateId] })],
);

/**
 * One ballot. The phone is never stored in plain text: phone_hash is an HMAC with a secret key
 * (for uniqueness), phone_masked is 138****1234 (for admins). voting_day is '' in 'once' mode and
 * the China date in 'daily' mode, so one UNIQUE index enforces both modes. Append-only
 * (0003_ballot_record.sql): a ballot is inserted counted, its status changes only through
 * ballot_events, and only retention may clear the phone and network columns.
 */
export const ballots = sqliteTable(
  'ballots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    pollId: integer('poll_id')
      .notNull()
      .references(() => polls.id),
    receipt: text('receipt').notNull().unique(),
    /** Cleared (NULL) by retention once the track's final list has been out for the configured period. */
    phoneHash: text('phone_hash'),
    /** Cleared ('') by retention together with phone_hash. */
    phoneMasked: text('phone_masked').notNull(),
    votingDay: text('voting_day').notNull().default(''),
    idempotencyKey: text('idempotency_key'),
    status: text('status', { enum: BALLOT_STATUSES }).notNull().default('counted'),
    statusReason: text('status_reason'),
    /** The client network (IPv4 /24 or IPv6 /48), kept for anti-brushing review. */
    network: text('network'),
    castAt: integer('cast_at').notNull(),
    /** When the SMS code this voter verified was sent (epoch ms); the machine-timing rule reads it. */
    codeSentAt: integer('code_sent_at'),
  },
  (t) => [
    uniqueIndex('ballots_one_per_phone').on(t.pollId, t.phoneHash, t.votingDay),
    index('ballots_poll_status').on(t.pollId, t.status),
    index('ballots_poll_cast').on(t.pollId, t.castAt),
    index('ballots_poll_id').on(t.pollId, t.id),
    check('ballots_status', sql`${t.status} in ('counted','quarantined','void')`),
  ],
);

/** The candidates a ballot chose; the composite key keeps every choice on the ballot's own poll. */
export const ballotChoices = sqliteTable(
  'ballot_choices',
  {
    ballotId: integer('ballot_id')
      .notNull()
      .references(() => ballots.id),
    pollId: integer('poll_id').notNull(),
    candidateId: integer('candidate_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ballotId, t.candidateId] }),
    foreignKey({
      columns: [t.pollId, t.candidateId],
      foreignColumns: [pollCandidates.pollId, pollCandidates.candidateId],
    }),
  ],
);

/** Counted votes per candidate; changes in the same batch as the ballot. */
export const tallies = sqliteTable(
  'tallies',
  {
    pollId: integer('poll_id').notNull(),
    candidateId: integer('candidate_id').notNull(),
    votes: integer('votes').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.pollId, t.candidateId] }),
    foreignKey({
      columns: [t.pollId, t.candidateId],
      foreignColumns: [pollCandidates.pollId, pollCandidates.candidateId],
    }),
    check('tallies_votes', sql`${t.votes} >= 0`),
  ],
);

/** An SMS code challenge. Only a keyed hash of the code is stored. */
export const otpChallenges = sqliteTable(
  'otp_challenges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    phoneHash: text('phone_hash').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Set when the code was used, superseded by a resend, or killed by too many attempts. */
    closedAt: integer('closed_at'),
    closedReason: text('closed_reason', { enum: OTP_CLOSED_REASONS }),
    network: text('network'),
    /** Keyed hash of the opaque challenge given to the client that asked for the code. */
    clientHash: text('client_hash'),
  },
  (t) => [
    index('otp_challenges_phone_created').on(t.phoneHash, t.createdAt),
    check('otp_attempts', sql`${t.attempts} between 0 and 5`),
    check('otp_closed_reason', sql`${t.closedReason} is null or ${t.closedReason} in ('used','superseded','attempts')`),
  ],
);

/** Fixed-window counters for rate limits (per phone, per network, global SMS budget). */
export const rateCounters = sqliteTable(
  'rate_counters',
  {
    key: text('key').notNull(),
    windowStart: integer('window_start').notNull(),
    count: integer('count').notNull().default(0),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_counters_expires').on(t.expiresAt)],
);

/**
 * The global SMS budget of one China day, set by a city admin without a deploy (absent: the
 * SMS_DAILY_BUDGET setting). Each change is also in audit_log.
 */
export const smsBudgetOverrides = sqliteTable(
  'sms_budget_overrides',
  {
    day: text('day').primaryKey(),
    budget: integer('budget').notNull(),
    setBy: text('set_by').notNull(),
    reason: text('reason').notNull(),
    setAt: integer('set_at').notNull(),
  },
  (t) => [check('sms_budget_overrides_budget', sql`${t.budget} > 0`)],
);

/** Codes the console SMS provider "sent", for local development and tests only. */
export const devSmsOutbox = sqliteTable(
  'dev_sms_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    phoneHash: text('phone_hash').notNull(),
    code: text('code').notNull(),
    sentAt: integer('sent_at').notNull(),
  },
  (t) => [index('dev_sms_outbox_phone').on(t.phoneHash, t.sentAt)],
);

/** A 公示 notice. ends_on is computed once at publication and stored. */
export const notices = sqliteTable(
  'notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    trackKey: text('track_key', { enum: TRACK_KEYS })
      .notNull()
      .references(() => tracks.key),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    publishedOn: text('published_on').notNull(),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    workingDays: integer('working_days').notNull().default(5),
    withdrawnAt: integer('withdrawn_at'),
    withdrawnReason: text('withdrawn_reason'),
    /** The notice this one re-publishes after an upheld objection. */
    supersedesId: integer('supersedes_id'),
    /** The notice that re-published this one after an upheld objection (migration 0007). */
    replacedById: integer('replaced_by_id'),
    /** 1 until a city admin publishes it; the period columns are only provisional until then (0007). */
    isDraft: integer('is_draft').notNull().default(0),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    contactAddress: text('contact_address').notNull(),
    /** What the notice says about objections by letter (0007). */
    postmarkRule: text('postmark_rule').notNull().default('以寄出邮戳日期为准，须在公示期内寄出'),
    isDemo: isDemo(),
    createdAt: createdAt(),
  },
  (t) => [
    check('notices_working_days', sql`${t.workingDays} between 1 and 30`),
    check('notices_period', sql`${t.startsOn} >= ${t.publishedOn} and ${t.endsOn} >= ${t.startsOn}`),
    foreignKey({ columns: [t.supersedesId], foreignColumns: [t.id] }),
    foreignKey({ columns: [t.replacedById], foreignColumns: [t.id] }),
  ],
);

/** The items a notice lists, e.g. the selected bases with their scores. */
export const noticeItems = sqliteTable(
  'notice_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    candidateId: integer('candidate_id').references(() => candidates.id),
    name: text('name').notNull(),
    countyId: text('county_id').references(() => counties.id),
    score: real('score'),
    note: text('note'),
    sort: integer('sort').notNull(),
    removedAt: integer('removed_at'),
    removedReason: text('removed_reason'),
  },
  (t) => [uniqueIndex('notice_items_sort').on(t.noticeId, t.sort)],
);

/** An objection to a notice, submitted by a phone-verified citizen. */
export const objections = sqliteTable(
  'objections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trackingNo: text('tracking_no').notNull().unique(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    itemId: integer('item_id').references(() => noticeItems.id),
    name: text('name').notNull(),
    /** Kept by retention: a keyed hash, not reversible without the secret key (docs/privacy.md). */
    phoneHash: text('phone_hash').notNull(),
    /** Cleared ('') by retention, with the name and contact, once the objection was decided long enough ago. */
    phoneMasked: text('phone_masked').notNull(),
    contact: text('contact'),
    content: text('content').notNull(),
    attachmentUrl: text('attachment_url'),
    status: text('status', { enum: OBJECTION_STATUSES }).notNull().default('received'),
    response: text('response'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** The staff member handling it (migration 0007). */
    assignedTo: integer('assigned_to').references(() => accounts.id),
    decidedAt: integer('decided_at'),
    /** When retention cleared the name, phone hash and contact (migration 0007). */
    personalClearedAt: integer('personal_cleared_at'),
  },
  (t) => [
    index('objections_notice').on(t.noticeId, t.status),
    check('objections_status', sql`${t.status} in ('received','under_review','upheld','dismissed')`),
  ],
);

/** A published final list of a track (e.g. the ten selected trades). */
export const finalLists = sqliteTable('final_lists', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  trackKey: text('track_key', { enum: TRACK_KEYS })
    .notNull()
    .references(() => tracks.key),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  noticeId: integer('notice_id').references(() => notices.id),
  publishedAt: integer('published_at'),
  isDemo: isDemo(),
});

export const finalListItems = sqliteTable(
  'final_list_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    listId: integer('list_id')
      .notNull()
      .references(() => finalLists.id),
    rank: integer('rank').notNull(),
    candidateId: integer('candidate_id').references(() => candidates.id),
    name: text('name').notNull(),
    countyId: text('county_id').references(() => counties.id),
    note: text('note'),
  },
  (t) => [uniqueIndex('final_list_items_rank').on(t.listId, t.rank), check('fli_rank', sql`${t.rank} >= 1`)],
);

/** The ten competitions (annex 5). Months are 1-12; null month_from means 待定 (to be decided). */
export const competitions = sqliteTable(
  'competitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    board: text('board', { enum: BOARDS }).notNull(),
    monthFrom: integer('month_from'),
    monthTo: integer('month_to'),
    organisers: text('organisers').notNull(),
    venueCountyId: text('venue_county_id')
      .notNull()
      .references(() => counties.id),
  },
  (t) => [
    uniqueIndex('competitions_year_seq').on(t.year, t.seq),
    check('competitions_board', sql`${t.board} in ('poverty','brand','high_skill','general')`),
    check(
      'competitions_months',
      sql`(${t.monthFrom} is null and ${t.monthTo} is null) or (${t.monthFrom} between 1 and 12 and ${t.monthTo} between ${t.monthFrom} and 12)`,
    ),
  ],
);

/** Prize rules per competition trade (annex 5): places and prize money. */
export const awardRules = sqliteTable(
  'award_rules',
  {
    prize: text('prize', { enum: PRIZES }).primaryKey(),
    title: text('title').notNull(),
    placesPerTrade: integer('places_per_trade'),
    amountYuan: integer('amount_yuan'),
    benefit: text('benefit').notNull(),
    sort: integer('sort').notNull(),
  },
  (t) => [check('award_rules_prize', sql`${t.prize} in ('first','second','third','organisation')`)],
);

/** A winner of a competition trade. */
export const competitionWinners = sqliteTable(
  'competition_winners',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    competitionId: integer('competition_id')
      .notNull()
      .references(() => competitions.id),
    trade: text('trade').notNull(),
    prize: text('prize', { enum: PRIZES })
      .notNull()
      .references(() => awardRules.prize),
    winnerName: text('winner_name').notNull(),
    organisation: text('organisation'),
    place: integer('place').notNull(),
  },
  (t) => [
    uniqueIndex('competition_winners_place').on(t.competitionId, t.trade, t.prize, t.place),
    check('competition_winners_place', sql`${t.place} between 1 and 3`),
  ],
);

/** The ten recruitment events (annex 6). */
export const recruitmentEvents = sqliteTable(
  'recruitment_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    period: text('period').notNull(),
    monthFrom: integer('month_from'),
    monthTo: integer('month_to'),
    audience: text('audience').notNull(),
    description: text('description').notNull(),
    /** Outcome recorded after the event: China date held, employers, positions, attendees, agreements. */
    heldOn: text('held_on'),
    employers: integer('employers'),
    positions: integer('positions'),
    attendees: integer('attendees'),
    agreements: integer('agreements'),
    outcome: text('outcome'),
    outcomeAt: integer('outcome_at'),
  },
  (t) => [
    uniqueIndex('recruitment_events_year_seq').on(t.year, t.seq),
    check(
      'recruitment_outcome_counts',
      sql`coalesce(${t.employers}, 0) >= 0 and coalesce(${t.positions}, 0) >= 0 and coalesce(${t.attendees}, 0) >= 0 and coalesce(${t.agreements}, 0) >= 0`,
    ),
    check(
      'recruitment_months',
      sql`(${t.monthFrom} is null and ${t.monthTo} is null) or (${t.monthFrom} between 1 and 12 and ${t.monthTo} between ${t.monthFrom} and 12)`,
    ),
  ],
);

/** Append-only record of every state change; UPDATE and DELETE are refused by triggers. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorId: integer('actor_id').references(() => accounts.id),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: text('before'),
    after: text('after'),
    reason: text('reason'),
    /** The actor's role at the time; null for the command line and the system. */
    actorRole: text('actor_role'),
    /** The client network (IPv4 /24, IPv6 /48) the change came from, when it came over HTTP. */
    network: text('network'),
  },
  (t) => [index('audit_log_entity').on(t.entityType, t.entityId), index('audit_log_at').on(t.at)],
);

/** Dated exceptions to the Monday-Friday week: statutory holidays and make-up working days (调休). */
export const calendarDays = sqliteTable(
  'calendar_days',
  {
    date: text('date').primaryKey(),
    kind: text('kind', { enum: CALENDAR_DAY_KINDS }).notNull(),
    name: text('name').notNull(),
    source: text('source').notNull(),
  },
  (t) => [
    check('calendar_days_kind', sql`${t.kind} in ('holiday','workday')`),
    check('calendar_days_date', sql`${t.date} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`),
  ],
);

/** Whether a year's State Council schedule has been entered (or an admin confirmed it as plain weeks). */
export const calendarYears = sqliteTable(
  'calendar_years',
  {
    year: integer('year').primaryKey(),
    status: text('status', { enum: CALENDAR_YEAR_STATUSES }).notNull(),
    source: text('source').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [check('calendar_years_status', sql`${t.status} in ('entered','confirmed')`)],
);

/**
 * A track's confirmed decision: the weights it used (the poll's, published before voting
 * opened), how many were selected, and for an override the written reason. One per track.
 */
export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trackKey: text('track_key', { enum: TRACK_KEYS })
      .notNull()
      .references(() => tracks.key),
    pollId: integer('poll_id').references(() => polls.id),
    weightCounty: integer('weight_county').notNull(),
    weightExpert: integer('weight_expert').notNull(),
    weightVote: integer('weight_vote').notNull(),
    selectCount: integer('select_count').notNull(),
    mode: text('mode', { enum: DECISION_MODES }).notNull(),
    overrideReason: text('override_reason'),
    decidedBy: integer('decided_by').references(() => accounts.id),
    decidedAt: integer('decided_at').notNull(),
  },
  (t) => [
    uniqueIndex('decisions_track').on(t.trackKey),
    check(
      'decisions_weights',
      sql`${t.weightCounty} >= 0 and ${t.weightExpert} >= 0 and ${t.weightVote} >= 0 and ${t.weightCounty} + ${t.weightExpert} + ${t.weightVote} = 100`,
    ),
    check('decisions_mode', sql`${t.mode} in ('top_n','override')`),
    check(
      'decisions_override_reason',
      sql`(${t.mode} = 'override') = (${t.overrideReason} is not null and length(trim(${t.overrideReason})) > 0)`,
    ),
    check('decisions_select_count', sql`${t.selectCount} >= 1`),
  ],
);

/** Each candidate's breakdown in a confirmed decision, as it stood when confirmed. */
export const decisionItems = sqliteTable(
  'decision_items',
  {
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id),
    candidateId: integer('candidate_id')
      .notNull()
      .references(() => candidates.id),
    rank: integer('rank').notNull(),
    countyScore: real('county_score').notNull(),
    expertScore: real('expert_score'),
    voteScore: real('vote_score').notNull(),
    votes: integer('votes'),
    total: real('total').notNull(),
    tied: integer('tied').notNull().default(0),
    selected: integer('selected').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.decisionId, t.candidateId] }),
    check('decision_items_rank', sql`${t.rank} >= 1`),
    check('decision_items_flags', sql`${t.tied} in (0,1) and ${t.selected} in (0,1)`),
  ],
);

/**
 * A ballot's status change, by a detection rule (ruleId) or by staff (actorId), never both.
 * Append-only; a trigger applies it to ballots.status, tallies and polls.counted_ballots, and refuses
 * an event whose fromStatus is not the ballot's current status (0003_ballot_record.sql).
 */
export const ballotEvents = sqliteTable(
  'ballot_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ballotId: integer('ballot_id')
      .notNull()
      .references(() => ballots.id),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    ruleId: text('rule_id'),
    actorId: integer('actor_id').references(() => accounts.id),
    reason: text('reason').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    index('ballot_events_ballot').on(t.ballotId),
    check('ballot_events_from', sql`${t.fromStatus} in ('counted','quarantined','void')`),
    check('ballot_events_to', sql`${t.toStatus} in ('counted','quarantined','void')`),
    check('ballot_events_change', sql`${t.fromStatus} <> ${t.toStatus}`),
    check('ballot_events_cause', sql`(${t.ruleId} is null) <> (${t.actorId} is null)`),
  ],
);

/**
 * A staff member's server-side session. Only a SHA-256 of the cookie token is stored. A session is
 * half-open (password checked, second factor pending) until second_factor_at is set; idle and
 * absolute timeouts are checked against last_seen_at and expires_at.
 */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull().unique(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    secondFactorAt: integer('second_factor_at'),
    revokedAt: integer('revoked_at'),
    revokedReason: text('revoked_reason'),
    network: text('network'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('staff_sessions_account').on(t.accountId, t.revokedAt),
    check('staff_sessions_window', sql`${t.expiresAt} > ${t.createdAt}`),
    check(
      'staff_sessions_revoked_reason',
      sql`${t.revokedReason} is null or ${t.revokedReason} in ('sign_out','password_changed','disabled','revoked')`,
    ),
  ],
);

/** One-time recovery codes for a lost authenticator; only a keyed hash is stored. */
export const staffRecoveryCodes = sqliteTable(
  'staff_recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    codeHash: text('code_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [uniqueIndex('staff_recovery_codes_account_code').on(t.accountId, t.codeHash)],
);

/**
 * A seal of a poll's public ballot record (hash chain, contracts/ballot-record.ts). Counts are
 * cumulative; lastBallotId and lastEventId are where the next checkpoint starts. Append-only.
 */
export const checkpoints = sqliteTable(
  'checkpoints',
  {
    pollId: integer('poll_id')
      .notNull()
      .references(() => polls.id),
    seq: integer('seq').notNull(),
    ballotCount: integer('ballot_count').notNull(),
    eventCount: integer('event_count').notNull(),
    lastBallotId: integer('last_ballot_id').notNull(),
    lastEventId: integer('last_event_id').notNull(),
    hash: text('hash').notNull(),
    prevHash: text('prev_hash').notNull(),
    sealedAt: integer('sealed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.pollId, t.seq] }),
    check('checkpoints_seq', sql`${t.seq} >= 1`),
    check('checkpoints_counts', sql`${t.ballotCount} >= 0 and ${t.eventCount} >= 0`),
  ],
);

/**
 * A proposal to void a quarantined ballot (migration 0008). A different city admin confirms it with
 * a `void` event, whose insert (db/queries/review.ts) requires a proposal by someone else.
 */
export const ballotVoidProposals = sqliteTable('ballot_void_proposals', {
  ballotId: integer('ballot_id')
    .primaryKey()
    .references(() => ballots.id),
  proposedBy: integer('proposed_by')
    .notNull()
    .references(() => accounts.id),
  reason: text('reason').notNull(),
  proposedAt: integer('proposed_at').notNull(),
});

/**
 * A proposal to release a quarantined ballot back into the count (migration 0011). A different city
 * admin confirms it with the status event; the proposal is kept. A ballot has at most one proposal,
 * of either kind (triggers).
 */
export const ballotReleaseProposals = sqliteTable('ballot_release_proposals', {
  ballotId: integer('ballot_id')
    .primaryKey()
    .references(() => ballots.id),
  proposedBy: integer('proposed_by')
    .notNull()
    .references(() => accounts.id),
  reason: text('reason').notNull(),
  proposedAt: integer('proposed_at').notNull(),
});

/**
 * WeChat access token and jsapi_ticket with their expiry (migration 0010), shared by every isolate
 * because WeChat limits how often they may be fetched (worker/services/wechat.ts).
 */
export const wechatTokens = sqliteTable(
  'wechat_tokens',
  {
    kind: text('kind', { enum: ['access_token', 'jsapi_ticket'] }).primaryKey(),
    value: text('value').notNull(),
    /** Epoch milliseconds. */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [check('wechat_tokens_kind', sql`${t.kind} in ('access_token','jsapi_ticket')`)],
);

/**
 * Failed passwords and second factors per normalised username (an account's or not) and client
 * network, `*` for the count across every network (migration 0012; worker/services/admin/lockout.ts).
 */
export const staffSignInFailures = sqliteTable(
  'staff_sign_in_failures',
  {
    username: text('username').notNull(),
    /** IPv4 /24 or IPv6 /48 (networkOf), `unknown` without one, `*` for every network. */
    network: text('network').notNull(),
    failures: integer('failures').notNull(),
    lastFailureAt: integer('last_failure_at').notNull(),
    /** For a network: locked until then; for `*`: each attempt waits until then (a delay, not a lock). */
    lockedUntil: integer('locked_until'),
  },
  (t) => [
    primaryKey({ columns: [t.username, t.network] }),
    index('staff_sign_in_failures_last').on(t.lastFailureAt),
    check('staff_sign_in_failures_count', sql`${t.failures} >= 1`),
  ],
);
