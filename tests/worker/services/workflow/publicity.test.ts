/**
 * 公示 cannot be skipped, against real D1 (docs/notices.md): where the programme asks for 公示
 * (bases, annex 7: 5 working days) the final list follows an ended notice that is neither withdrawn
 * nor replaced, found by the server when none is named; a replaced notice's successor is what
 * counts; nothing an upheld objection removed is listed; the 公示 stage cannot close before. Where
 * it does not (trades), the list still waits for a running notice or a pending objection.
 */
import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chinaMidnight } from '../../../../contracts/china-time';
import type { StaffActor as Actor } from '../../../../worker/services/audit';
import { publishFinalList } from '../../../../worker/services/workflow/decision';
import { closeStage } from '../../../../worker/services/workflow/stages';
import { activate, actor, db, programme, racing, refused, stageStatus } from '../../../fixtures/workflow';

// Monday 2026-12-14 10:00 China time.
const now = chinaMidnight('2026-12-14') + 10 * 3_600_000;
let admin: Actor;
/** Candidate ids by name. */
const ids: Record<string, number> = {};

async function candidate(track: string, name: string, countyId: string | null) {
  const row = await env.DB.prepare(
    "INSERT INTO candidates (track_key, name, county_id, status, round_id) VALUES (?1, ?2, ?3, 'shortlisted', (SELECT id FROM rounds WHERE track_key = ?1 ORDER BY status = 'open' DESC, year DESC LIMIT 1)) RETURNING id",
  )
    .bind(track, name, countyId)
    .first<{ id: number }>();
  ids[name] = row!.id;
}

/** A confirmed decision selecting `selected` (in rank order) out of `all`. */
async function decision(track: string, all: string[], selected: string[]) {
  const d = await env.DB.prepare(
    "INSERT INTO decisions (track_key, weight_county, weight_expert, weight_vote, select_count, mode, decided_at, round_id) VALUES (?1, 0, 100, 0, ?2, 'top_n', 1, (SELECT id FROM rounds WHERE track_key = ?1 ORDER BY status = 'open' DESC, year DESC LIMIT 1)) RETURNING id",
  )
    .bind(track, selected.length)
    .first<{ id: number }>();
  for (const [i, name] of all.entries())
    await env.DB.prepare(
      'INSERT INTO decision_items (decision_id, candidate_id, rank, county_score, expert_score, vote_score, total, selected) VALUES (?, ?, ?, 0, ?, 0, ?, ?)',
    )
      .bind(d!.id, ids[name], i + 1, 90 - i, 90 - i, selected.includes(name) ? 1 : 0)
      .run();
}

interface NoticeOpts {
  track?: string;
  publishedOn: string;
  endsOn: string;
  workingDays?: number;
  withdrawn?: boolean;
  draft?: boolean;
  supersedes?: number;
  /** Items by candidate name (`byHand`: typed in, no candidate id); `removed`: by an upheld objection. */
  items?: { name: string; countyId?: string; removed?: boolean; byHand?: boolean }[];
}

/** Inserts a notice as the services leave it; a successor withdraws and points from its predecessor. */
async function notice(slug: string, o: NoticeOpts): Promise<number> {
  const row = await env.DB.prepare(
    `INSERT INTO notices (slug, track_key, title, published_on, starts_on, ends_on, working_days, withdrawn_at, is_draft, supersedes_id, contact_name, contact_phone, contact_address, round_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'a', 'b', 'c', (SELECT id FROM rounds WHERE track_key = ?2 ORDER BY status = 'open' DESC, year DESC LIMIT 1)) RETURNING id`,
  )
    .bind(
      slug,
      o.track ?? 'bases',
      `公示 ${slug}`,
      o.publishedOn,
      o.publishedOn,
      o.endsOn,
      o.workingDays ?? 5,
      o.withdrawn ? 1 : null,
      o.draft ? 1 : 0,
      o.supersedes ?? null,
    )
    .first<{ id: number }>();
  if (o.supersedes)
    await env.DB.prepare("UPDATE notices SET replaced_by_id = ?, withdrawn_at = 1, withdrawn_reason = 'r' WHERE id = ?")
      .bind(row!.id, o.supersedes)
      .run();
  for (const [i, item] of (o.items ?? []).entries())
    await env.DB.prepare(
      'INSERT INTO notice_items (notice_id, candidate_id, name, county_id, sort, removed_at, removed_reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
      .bind(
        row!.id,
        item.byHand ? null : ids[item.name],
        item.name,
        item.countyId ?? null,
        i + 1,
        item.removed ? 1 : null,
        item.removed ? '异议成立' : null,
      )
      .run();
  return row!.id;
}

async function objection(noticeId: number, status = 'received') {
  await env.DB.prepare(
    "INSERT INTO objections (tracking_no, notice_id, name, phone_hash, phone_masked, content, status, created_at, updated_at) VALUES (?, ?, 'n', 'h', 'm', 'c', ?, 1, 1)",
  )
    .bind(`OBJ-${noticeId}-${Math.random().toString(36).slice(2, 8)}`, noticeId, status)
    .run();
}

const BASES = ['尧都培训学校', '侯马技校', '市高级技工学校', '古县职校'];
const TRADES = ['焊工', '电工', '厨师'];

beforeAll(async () => {
  await programme();
  admin = await actor('city_admin');
  for (const [name, county] of [
    ['尧都培训学校', 'yaodu'],
    ['侯马技校', 'houma'],
    ['市高级技工学校', 'shizhi'],
    ['古县职校', 'guxian'],
  ])
    await candidate('bases', name, county);
  for (const name of TRADES) await candidate('trades', name, 'yaodu');
  await decision('bases', BASES, BASES.slice(0, 3));
  await decision('trades', TRADES, TRADES.slice(0, 2));
});

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare('DELETE FROM final_list_items'),
    env.DB.prepare('DELETE FROM final_lists'),
    env.DB.prepare('DELETE FROM objections'),
    env.DB.prepare('DELETE FROM notice_items'),
    env.DB.prepare('UPDATE notices SET supersedes_id = NULL, replaced_by_id = NULL'),
    env.DB.prepare('DELETE FROM notices'),
    // A published list finished the round; each test starts with it open again.
    env.DB.prepare("UPDATE rounds SET status = 'open', finished_at = NULL"),
  ]);
  await activate('bases', 'name');
  await activate('trades', 'decide');
});

const basesList = (extra: { noticeId?: number; noticeSlug?: string } = {}) =>
  publishFinalList(db, admin, { trackKey: 'bases', slug: 'bases-named', title: '示范基地名单', ...extra }, now);

async function published(slug: string) {
  const list = await env.DB.prepare('SELECT id, notice_id FROM final_lists WHERE slug = ?')
    .bind(slug)
    .first<{ id: number; notice_id: number | null }>();
  if (!list) return null;
  const items = await env.DB.prepare('SELECT name FROM final_list_items WHERE list_id = ? ORDER BY rank')
    .bind(list.id)
    .all<{ name: string }>();
  return { noticeId: list.notice_id, names: items.results.map((r) => r.name) };
}

describe('bases: the final list follows an ended 公示 of 5 working days', () => {
  it('refuses a list with no 公示 at all, saying to publish one first', async () => {
    await refused(basesList(), 'conflict', /须经公示5个工作日：请先发布公示/);
    expect(await published('bases-named')).toBeNull();
  });

  it('refuses a list with only slug and title while the 公示 runs, naming its end', async () => {
    await notice('bases-gs', { publishedOn: '2026-12-08', endsOn: '2026-12-14' });
    await refused(basesList(), 'conflict', /^公示期至2026年12月14日结束，结束后且无待处理异议方可发布最终名单。$/);
    await refused(basesList({ noticeSlug: 'bases-gs' }), 'conflict', /公示期至2026年12月14日结束/);
  });

  it('finds the ended notice itself when none is named, and records it on the list', async () => {
    const id = await notice('bases-gs', { publishedOn: '2026-12-04', endsOn: '2026-12-10' });
    await basesList();
    expect(await published('bases-named')).toEqual({ noticeId: id, names: BASES.slice(0, 3) });
  });

  it('refuses while an objection is pending after the period', async () => {
    const id = await notice('bases-gs', { publishedOn: '2026-12-04', endsOn: '2026-12-10' });
    await objection(id, 'under_review');
    await refused(basesList(), 'conflict', /尚有1件未办结的异议，办结后方可发布最终名单/);
    await refused(basesList({ noticeId: id }), 'conflict', /未办结的异议/);
  });

  it('does not count a notice shorter than the annex period, nor a withdrawn or draft one', async () => {
    await notice('bases-short', { publishedOn: '2026-12-07', endsOn: '2026-12-09', workingDays: 3 });
    await notice('bases-withdrawn', { publishedOn: '2026-12-01', endsOn: '2026-12-07', withdrawn: true });
    await notice('bases-draft', { publishedOn: '2026-12-01', endsOn: '2026-12-01', draft: true });
    await refused(basesList(), 'conflict', /须经公示5个工作日/);
    await refused(basesList({ noticeSlug: 'bases-short' }), 'conflict', /只公示了3个工作日，本赛道须公示5个工作日/);
    await refused(basesList({ noticeSlug: 'bases-withdrawn' }), 'conflict', /已撤回，不能作为依据/);
    await refused(basesList({ noticeSlug: 'bases-draft' }), 'conflict', /尚未发布，请先发布/);
    await refused(basesList({ noticeSlug: 'trades-x' }), 'invalid_request');
  });

  it('counts the successor of a replaced notice, never lists what an upheld objection removed', async () => {
    const old = await notice('bases-gs', {
      publishedOn: '2026-11-23',
      endsOn: '2026-11-27',
      items: BASES.slice(0, 3).map((name) => ({ name })),
    });
    const r2 = await notice('bases-gs-r2', {
      publishedOn: '2026-12-01',
      endsOn: '2026-12-07',
      supersedes: old,
      items: BASES.slice(0, 3).map((name) => ({ name, removed: name === '侯马技校' })),
    });
    // An objection to the replaced notice still pending stops the list too.
    await objection(old);
    await refused(basesList(), 'conflict', /未办结的异议/);
    await env.DB.prepare("UPDATE objections SET status = 'upheld'").run();
    await refused(basesList({ noticeSlug: 'bases-gs' }), 'conflict', /已由“公示 bases-gs-r2”（bases-gs-r2）替代/);
    await basesList();
    expect(await published('bases-named')).toEqual({ noticeId: r2, names: ['尧都培训学校', '市高级技工学校'] });
  });

  it('leaves out an item removed from a notice typed in by hand, by its name and county', async () => {
    await notice('bases-gs', {
      publishedOn: '2026-12-01',
      endsOn: '2026-12-07',
      items: [
        { name: '尧都培训学校', byHand: true },
        { name: '市高级技工学校', countyId: 'shizhi', byHand: true, removed: true },
      ],
    });
    await basesList({ noticeSlug: 'bases-gs' });
    expect((await published('bases-named'))!.names).toEqual(['尧都培训学校', '侯马技校']);
  });

  it('aborts the batch when a notice is published between the check and the write', async () => {
    await notice('bases-gs', { publishedOn: '2026-12-01', endsOn: '2026-12-07' });
    const meanwhile = () => notice('bases-again', { publishedOn: '2026-12-14', endsOn: '2026-12-18' });
    const list = publishFinalList(
      racing(db, meanwhile),
      admin,
      { trackKey: 'bases', slug: 'bases-named', title: '示范基地名单' },
      now,
    );
    await refused(list, 'conflict');
    expect(await published('bases-named')).toBeNull();
  });
});

describe('bases: the 公示 stage', () => {
  const close = () => closeStage(db, admin, { trackKey: 'bases', stageKey: 'publicity' }, now);

  it('cannot close before a 5-working-day notice has ended with nothing pending', async () => {
    await activate('bases', 'publicity');
    await refused(close(), 'conflict', /“公示”环节还不能结束：尚未完成公示：须发布公示5个工作日/);
    const id = await notice('bases-gs', { publishedOn: '2026-12-08', endsOn: '2026-12-14' });
    await refused(close(), 'conflict', /公示期至2026年12月14日结束/);
    await env.DB.prepare(
      "UPDATE notices SET published_on = '2026-12-04', starts_on = '2026-12-04', ends_on = '2026-12-10'",
    ).run();
    await objection(id);
    await refused(close(), 'conflict', /公示尚有1件未办结的异议/);
    await env.DB.prepare("UPDATE objections SET status = 'dismissed'").run();
    await close();
    expect(await stageStatus('bases', 'publicity')).toBe('done');
  });
});

describe('trades: no 公示 required, but none is skipped', () => {
  const tradesList = (extra: { noticeSlug?: string } = {}) =>
    publishFinalList(db, admin, { trackKey: 'trades', slug: 'trades-final', title: '十大工种', ...extra }, now);

  it('waits for a running notice of the track, then for its pending objection', async () => {
    const id = await notice('trades-gs', {
      track: 'trades',
      publishedOn: '2026-12-08',
      endsOn: '2026-12-14',
      items: TRADES.slice(0, 2).map((name) => ({ name, removed: name === '电工' })),
    });
    await refused(tradesList(), 'conflict', /公示期至2026年12月14日结束/);
    await env.DB.prepare("UPDATE notices SET ends_on = '2026-12-11'").run();
    await objection(id);
    await refused(tradesList(), 'conflict', /未办结的异议/);
    await env.DB.prepare("UPDATE objections SET status = 'dismissed'").run();
    await tradesList();
    // Not following any notice, the list still leaves out what an upheld objection removed.
    expect(await published('trades-final')).toEqual({ noticeId: null, names: ['焊工'] });
  });

  it('publishes without any notice when the track has none', async () => {
    await tradesList();
    expect(await published('trades-final')).toEqual({ noticeId: null, names: ['焊工', '电工'] });
  });
});
