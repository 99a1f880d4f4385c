import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../../../worker/services/workflow/csv';
import { candidatesCsv, recommendationsCsv } from '../../../../worker/services/workflow/exports';
import { actor, db, programme } from '../../../fixtures/workflow';

const NOW = Date.UTC(2026, 11, 20, 2, 0);

/** Parses the CSV the exports write (BOM, CRLF, RFC 4180 quotes), for assertions. */
function parse(csv: string): string[][] {
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const text = csv.slice(1);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('toCsv', () => {
  it('writes a BOM, CRLF line ends, RFC 4180 quotes and neutralises formulas in text cells only', () => {
    const csv = toCsv(
      ['名称', '数'],
      [
        ['含,逗号', 1],
        ['含"引号"', -5],
        ['=HYPERLINK("x")', 2.5],
        ['+1', null],
        ['@SUM(A1)', 0],
        ['-2', 3],
        ['多\n行', 4],
      ],
    );
    expect(csv.startsWith('\uFEFF名称,数\r\n')).toBe(true);
    expect(parse(csv)).toEqual([
      ['名称', '数'],
      ['含,逗号', '1'],
      ['含"引号"', '-5'],
      [`'=HYPERLINK("x")`, '2.5'],
      [`'+1`, ''],
      [`'@SUM(A1)`, '0'],
      [`'-2`, '3'],
      ['多\n行', '4'],
    ]);
  });
});

describe('exports', () => {
  let pollId: number;
  beforeAll(async () => {
    await programme();
    const officer = await actor('county_officer', 'yaodu');
    const expert = await actor('expert');
    const a = await env.DB.prepare(
      "INSERT INTO candidates (track_key, name, county_id, status, training_share_pct, round_id) VALUES ('trades', '=cmd|calc', 'yaodu', 'finalist', 40, (SELECT id FROM rounds WHERE track_key = 'trades' ORDER BY status = 'open' DESC, year DESC LIMIT 1)) RETURNING id",
    ).first<{ id: number }>();
    const b = await env.DB.prepare(
      "INSERT INTO candidates (track_key, name, county_id, status, round_id) VALUES ('trades', '焊工', 'houma', 'finalist', (SELECT id FROM rounds WHERE track_key = 'trades' ORDER BY status = 'open' DESC, year DESC LIMIT 1)) RETURNING id",
    ).first<{ id: number }>();
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO recommendations (track_key, county_id, candidate_id, rank, note, submitted_by, created_at, round_id) VALUES ('trades', 'yaodu', ?, 1, '备注,含逗号', ?, ?, (SELECT id FROM rounds WHERE track_key = 'trades' ORDER BY status = 'open' DESC, year DESC LIMIT 1))",
      ).bind(a!.id, officer.id, NOW),
      env.DB.prepare(
        "INSERT INTO recommendations (track_key, county_id, candidate_id, rank, created_at, round_id) VALUES ('trades', 'houma', ?, 2, ?, (SELECT id FROM rounds WHERE track_key = 'trades' ORDER BY status = 'open' DESC, year DESC LIMIT 1))",
      ).bind(b!.id, NOW),
      env.DB.prepare(
        "INSERT INTO recommendations (track_key, county_id, candidate_id, rank, created_at, round_id) VALUES ('trades', 'yaodu', ?, 2, ?, (SELECT id FROM rounds WHERE track_key = 'trades' ORDER BY status = 'open' DESC, year DESC LIMIT 1))",
      ).bind(b!.id, NOW),
      env.DB.prepare(
        'INSERT INTO expert_reviews (candidate_id, expert_id, score, submitted_at) VALUES (?, ?, 80, ?), (?, ?, 90, ?)',
      ).bind(a!.id, expert.id, NOW, b!.id, expert.id, NOW),
    ]);
    const poll = await env.DB.prepare(
      "INSERT INTO polls (slug, track_key, title, opens_at, closes_at, max_choices, live_counts, round_id) VALUES ('p', 'trades', 't', ?, ?, 1, 0, (SELECT id FROM rounds WHERE track_key = 'trades' ORDER BY status = 'open' DESC, year DESC LIMIT 1)) RETURNING id",
    )
      .bind(NOW - 10 * 86_400_000, NOW - 86_400_000)
      .first<{ id: number }>();
    pollId = poll!.id;
    await env.DB.batch([
      env.DB.prepare('INSERT INTO poll_candidates (poll_id, candidate_id, sort) VALUES (?, ?, 1), (?, ?, 2)').bind(
        pollId,
        a!.id,
        pollId,
        b!.id,
      ),
      env.DB.prepare('INSERT INTO tallies (poll_id, candidate_id, votes) VALUES (?, ?, 40), (?, ?, 10)').bind(
        pollId,
        a!.id,
        pollId,
        b!.id,
      ),
    ]);
  });

  it('exports recommendations by county and rank, with the round year, China times and who submitted', async () => {
    const rows = parse(await recommendationsCsv(db, 'trades'));
    expect(rows[0]).toEqual([
      '年度',
      '县（市、区）',
      '类别',
      '推荐顺位',
      '候选项编号',
      '候选项',
      '状态',
      '备注',
      '提交时间',
      '提交人',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[5], r[7], r[8], r[9]])).toEqual([
      ['2020', '尧都区', '平川县', '1', `'=cmd|calc`, '备注,含逗号', '2026年12月20日 10:00', 'county_officer 1'],
      ['2020', '尧都区', '平川县', '2', '焊工', '', '2026年12月20日 10:00', ''],
      ['2020', '侯马市', '平川县', '2', '焊工', '', '2026年12月20日 10:00', ''],
    ]);
  });

  it('hides votes, vote scores, totals and ranks while the embargo holds', async () => {
    const rows = parse(await candidatesCsv(db, 'trades', NOW));
    const header = rows[0];
    const col = (r: string[], name: string) => r[header.indexOf(name)];
    const weld = rows.find((r) => col(r, '名称') === '焊工')!;
    expect(col(weld, '年度')).toBe('2020');
    expect(col(weld, '推荐单位（顺位）')).toBe('尧都区(2)、侯马市(2)');
    expect(col(weld, '专家评分')).toBe('90');
    expect([col(weld, '得票数'), col(weld, '公众投票得分'), col(weld, '综合得分'), col(weld, '排名')]).toEqual([
      '未公布',
      '未公布',
      '未公布',
      '未公布',
    ]);
    expect(col(weld, '县级推荐得分')).toBe('');
  });

  it('exports the breakdown once results are published', async () => {
    await env.DB.prepare('UPDATE polls SET results_published_at = ? WHERE id = ?').bind(NOW, pollId).run();
    const rows = parse(await candidatesCsv(db, 'trades', NOW));
    const header = rows[0];
    const pick = (r: string[]) =>
      ['名称', '县级推荐得分', '专家评审得分', '得票数', '公众投票得分', '综合得分', '排名'].map(
        (n) => r[header.indexOf(n)],
      );
    // Weights 20/50/30: '=cmd|calc' 20*100 + 50*80 + 30*100 = 90.00; 焊工 20*80 + 50*90 + 30*25 = 68.50.
    expect(rows.slice(1).map(pick)).toEqual([
      [`'=cmd|calc`, '100', '80', '40', '100', '90', '1'],
      ['焊工', '80', '90', '10', '25', '68.5', '2'],
    ]);
  });
});
