import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../../fixtures/app';
import { addBallot, reviewEvent, staffAccount, statusOf } from '../../../fixtures/record';
import { createPoll, tallyOf } from '../../../fixtures/voting';

const NOW = Date.UTC(2026, 11, 2, 2, 0);
let poll: Awaited<ReturnType<typeof createPoll>>;
let staff: number;

beforeAll(async () => {
  await seed(NOW);
  poll = await createPoll({ opensAt: NOW - 86_400_000, closesAt: NOW + 86_400_000 });
  staff = await staffAccount();
});

const quarantine = (ballotId: number, from = 'counted') =>
  env.DB.prepare(
    "INSERT INTO ballot_events (ballot_id, from_status, to_status, rule_id, reason, at) VALUES (?, ?, 'quarantined', 'burst', 'x', ?)",
  )
    .bind(ballotId, from, NOW)
    .run();

const votesOf = async (candidateId: number) =>
  (await env.DB.prepare('SELECT votes FROM tallies WHERE poll_id = ? AND candidate_id = ?')
    .bind(poll.id, candidateId)
    .first<{ votes: number }>())!.votes;

describe('ballot_events', () => {
  it('takes a quarantined ballot out of the tallies and puts a released one back exactly once', async () => {
    const [a, b] = poll.candidateIds;
    const before = { a: await votesOf(a), b: await votesOf(b), total: (await tallyOf(poll.id)).countedBallots };
    const ballot = await addBallot(poll.id, { choices: [a, b], castAt: NOW });
    await quarantine(ballot.id);
    expect(await statusOf(ballot.id)).toBe('quarantined');
    expect({ a: await votesOf(a), b: await votesOf(b) }).toEqual({ a: before.a, b: before.b });
    expect((await tallyOf(poll.id)).countedBallots).toBe(before.total);

    await reviewEvent(ballot.id, 'quarantined', 'counted', NOW, staff);
    await expect(reviewEvent(ballot.id, 'quarantined', 'counted', NOW, staff)).rejects.toThrow(/current status/);
    expect(await statusOf(ballot.id)).toBe('counted');
    expect({ a: await votesOf(a), b: await votesOf(b) }).toEqual({ a: before.a + 1, b: before.b + 1 });
    const t = await tallyOf(poll.id);
    expect(t.votes).toBe(t.choiceRows);
    expect(t.countedBallots).toBe(t.ballotRows);
  });

  it('keeps tallies equal to the counted choice rows through quarantine, void and release', async () => {
    const ids = [];
    for (let i = 0; i < 4; i++)
      ids.push((await addBallot(poll.id, { choices: [poll.candidateIds[i]], castAt: NOW })).id);
    await quarantine(ids[0]);
    await quarantine(ids[1]);
    await reviewEvent(ids[1], 'quarantined', 'void', NOW, staff);
    await reviewEvent(ids[2], 'counted', 'void', NOW, staff);
    const t = await tallyOf(poll.id);
    expect(t.votes).toBe(t.choiceRows);
    expect(t.countedBallots).toBe(t.ballotRows);
  });

  it('needs exactly one cause: a rule or a staff member', async () => {
    const { id } = await addBallot(poll.id, { choices: [poll.candidateIds[0]], castAt: NOW });
    const ins = (rule: string | null, actor: number | null) =>
      env.DB.prepare(
        "INSERT INTO ballot_events (ballot_id, from_status, to_status, rule_id, actor_id, reason, at) VALUES (?, 'counted', 'quarantined', ?, ?, 'x', 1)",
      )
        .bind(id, rule, actor)
        .run();
    await expect(ins(null, null)).rejects.toThrow(/CHECK/);
    await expect(ins('burst', staff)).rejects.toThrow(/CHECK/);
  });

  it('is append-only', async () => {
    const { id } = await addBallot(poll.id, { choices: [poll.candidateIds[0]], castAt: NOW });
    await quarantine(id);
    await expect(env.DB.prepare("UPDATE ballot_events SET reason = 'y'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM ballot_events').run()).rejects.toThrow(/append-only/);
  });
});

describe('ballots are append-only', () => {
  it('refuses a status change without an event, and any other change', async () => {
    const { id } = await addBallot(poll.id, { choices: [poll.candidateIds[0]], castAt: NOW });
    const upd = (set: string) => env.DB.prepare(`UPDATE ballots SET ${set} WHERE id = ?`).bind(id).run();
    await expect(upd("status = 'quarantined'")).rejects.toThrow(/append-only/);
    await expect(upd("receipt = 'OTHER'")).rejects.toThrow(/append-only/);
    await expect(upd('cast_at = 1')).rejects.toThrow(/append-only/);
    await expect(upd("phone_hash = 'other'")).rejects.toThrow(/append-only/);
    await expect(upd("network = '1.2.3.0/24'")).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM ballots WHERE id = ?').bind(id).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM ballot_choices WHERE ballot_id = ?').bind(id).run()).rejects.toThrow(
      /append-only/,
    );
    await expect(
      env.DB.prepare('UPDATE ballot_choices SET candidate_id = ? WHERE ballot_id = ?')
        .bind(poll.candidateIds[1], id)
        .run(),
    ).rejects.toThrow(/append-only/);
    expect(await statusOf(id)).toBe('counted');
  });

  it('refuses a ballot inserted with any status but counted', async () => {
    await expect(
      env.DB.prepare(
        "INSERT INTO ballots (poll_id, receipt, phone_hash, phone_masked, status, cast_at) VALUES (?, 'Q-1', 'q', '139****0000', 'quarantined', 1)",
      )
        .bind(poll.id)
        .run(),
    ).rejects.toThrow(/inserted counted/);
  });

  it('lets retention clear the phone hash, masked number and network, and cleared rows never collide', async () => {
    const a = await addBallot(poll.id, { choices: [poll.candidateIds[0]], castAt: NOW });
    const b = await addBallot(poll.id, { choices: [poll.candidateIds[1]], castAt: NOW });
    await env.DB.prepare("UPDATE ballots SET phone_hash = NULL, phone_masked = '', network = NULL WHERE id IN (?, ?)")
      .bind(a.id, b.id)
      .run();
    const rows = await env.DB.prepare('SELECT phone_hash, phone_masked, network FROM ballots WHERE id IN (?, ?)')
      .bind(a.id, b.id)
      .all();
    expect(rows.results).toEqual([
      { phone_hash: null, phone_masked: '', network: null },
      { phone_hash: null, phone_masked: '', network: null },
    ]);
    // The unique indexes still hold for phones that are kept.
    const ins = (r: string) =>
      env.DB.prepare(
        "INSERT INTO ballots (poll_id, receipt, phone_hash, phone_masked, cast_at) VALUES (?, ?, 'kept', '139****0000', 1)",
      )
        .bind(poll.id, r)
        .run();
    await ins('K-1');
    await expect(ins('K-2')).rejects.toThrow(/UNIQUE/);
  });
});

describe('checkpoints', () => {
  it('are append-only, one per sequence number', async () => {
    const ins = (seq: number) =>
      env.DB.prepare(
        "INSERT INTO checkpoints (poll_id, seq, ballot_count, event_count, last_ballot_id, last_event_id, hash, prev_hash, sealed_at) VALUES (?, ?, 0, 0, 0, 0, 'h', 'p', 1)",
      )
        .bind(poll.id, seq)
        .run();
    await ins(1);
    await expect(ins(1)).rejects.toThrow(/UNIQUE|PRIMARY/);
    await expect(env.DB.prepare("UPDATE checkpoints SET hash = 'x'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM checkpoints').run()).rejects.toThrow(/append-only/);
  });
});
