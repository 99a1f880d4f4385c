import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { recount } from '../../../../contracts/ballot-record';
import { openDb } from '../../../../db/client';
import { findPoll } from '../../../../db/queries/polls';
import { clearExpiredPhoneHashes } from '../../../../worker/services/integrity/retention';
import { exportBallotsCsv, publicCheckpoints, sealAll } from '../../../../worker/services/integrity/record';
import { seed } from '../../../fixtures/app';
import { addBallot, integrityConfig, RECEIPT_KEY } from '../../../fixtures/record';
import { createPoll } from '../../../fixtures/voting';

const NOW = Date.UTC(2026, 11, 5, 4, 0);
const DAY = 86_400_000;
const db = () => openDb(env.DB);

beforeAll(() => seed(NOW));

async function publishList(track: string, publishedAt: number) {
  await env.DB.prepare(
    "INSERT INTO final_lists (slug, track_key, title, published_at, round_id) VALUES (?1, ?2, ?3, ?4, (SELECT id FROM rounds WHERE track_key = ?2 ORDER BY status = 'open' DESC, year DESC LIMIT 1))",
  )
    .bind(`list-${track}-${publishedAt}`, track, '最终名单', publishedAt)
    .run();
}

const phoneData = (pollId: number) =>
  env.DB.prepare('SELECT phone_hash, phone_masked, network FROM ballots WHERE poll_id = ? ORDER BY id')
    .bind(pollId)
    .all<{ phone_hash: string | null; phone_masked: string; network: string | null }>()
    .then((r) => r.results);

describe('clearExpiredPhoneHashes', () => {
  it("clears exactly the phone data of polls whose track's final list has been out for the retention period", async () => {
    // Due: trades poll closed 200 days ago, trades list published 91 days ago.
    const due = await createPoll({ opensAt: NOW - 215 * DAY, closesAt: NOW - 200 * DAY });
    // Not due: brands poll whose list came out 89 days ago.
    const brands = await env.DB.prepare(
      "INSERT INTO polls (slug, track_key, title, opens_at, closes_at, max_choices, round_id) VALUES ('brands-old', 'brands', 'x', ?, ?, 3, (SELECT id FROM rounds WHERE track_key = 'brands' ORDER BY status = 'open' DESC, year DESC LIMIT 1)) RETURNING id",
    )
      .bind(NOW - 120 * DAY, NOW - 100 * DAY)
      .first<{ id: number }>();
    // Not due: a later trades poll that closed after that trades list was published.
    const later = await createPoll({ opensAt: NOW - 40 * DAY, closesAt: NOW - 25 * DAY });
    await publishList('trades', NOW - 91 * DAY);
    await publishList('brands', NOW - 89 * DAY);

    for (let i = 0; i < 3; i++) await addBallot(due.id, { choices: [due.candidateIds[i]], castAt: NOW - 205 * DAY });
    await addBallot(later.id, { choices: [later.candidateIds[0]], castAt: NOW - 30 * DAY });
    await env.DB.prepare(
      "INSERT INTO ballots (poll_id, receipt, phone_hash, phone_masked, network, cast_at) VALUES (?, 'BR-1', 'bh', '138****0000', '1.1.1.0/24', ?)",
    )
      .bind(brands!.id, NOW - 110 * DAY)
      .run();
    await sealAll(db(), NOW - 150 * DAY, RECEIPT_KEY);
    const csvBefore = await new Response(
      (await exportBallotsCsv(db(), (await findPoll(db(), due.slug))!, RECEIPT_KEY)).body,
    ).text();

    const cleared = await clearExpiredPhoneHashes(db(), integrityConfig({ PHONE_RETENTION_DAYS: '90' }), NOW);
    expect(Object.fromEntries(cleared)).toEqual({ [due.id]: 3 });
    expect(await phoneData(due.id)).toEqual(Array(3).fill({ phone_hash: null, phone_masked: '', network: null }));
    expect((await phoneData(later.id))[0].phone_hash).not.toBeNull();
    expect((await phoneData(brands!.id))[0]).toEqual({
      phone_hash: 'bh',
      phone_masked: '138****0000',
      network: '1.1.1.0/24',
    });

    // Rows, choices, receipts and checkpoints stay: the record still recounts.
    const poll = (await findPoll(db(), due.slug))!;
    const csv = await new Response((await exportBallotsCsv(db(), poll, RECEIPT_KEY)).body).text();
    expect(csv).toBe(csvBefore);
    expect((await recount(csv, await publicCheckpoints(db(), poll, RECEIPT_KEY))).problems).toEqual([]);

    const audit = await env.DB.prepare(
      "SELECT entity_id, after FROM audit_log WHERE action = 'retention.clear_phone_data'",
    ).all();
    expect(audit.results).toEqual([{ entity_id: String(due.id), after: '{"ballotsCleared":3}' }]);

    // A run the same day clears nothing more; a day later the brands list has been out 90 days.
    expect((await clearExpiredPhoneHashes(db(), integrityConfig(), NOW)).size).toBe(0);
    expect(Object.fromEntries(await clearExpiredPhoneHashes(db(), integrityConfig(), NOW + DAY))).toEqual({
      [brands!.id]: 1,
    });
  });
});
