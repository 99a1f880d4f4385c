/**
 * "No before" (a creation) is SQL NULL in audit_log on every write path, never the JSON text
 * `null`, so `before IS NULL` finds every creation.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { chinaDate, chinaMidnight } from '../../../contracts/china-time';
import { createAccountSql } from '../../../db/seed/accounts';
import { calendarYears } from '../../../db/schema';
import { auditedBatch, type Actor } from '../../../worker/services/audit';
import { raiseSmsBudget } from '../../../worker/services/sms-budget';
import { submitApplication } from '../../../worker/services/workflow/recommendations';
import { activate, actor, db, programme } from '../../fixtures/workflow';

const NOW = chinaMidnight('2026-11-10') + 10 * 3_600_000;
const SYSTEM: Actor = { id: null, label: 'cli:test', role: null };

const beforeOf = async (action: string) =>
  (
    await env.DB.prepare('SELECT before, typeof(before) AS t FROM audit_log WHERE action = ? ORDER BY id')
      .bind(action)
      .all<{ before: string | null; t: string }>()
  ).results;

describe('an absent before in the audit log', () => {
  it('is SQL NULL from auditedBatch, whether given as null or left out', async () => {
    const year = (y: number) =>
      db.insert(calendarYears).values({ year: y, status: 'entered', source: 't', updatedAt: NOW });
    await auditedBatch(db, SYSTEM, NOW, [year(2095)], {
      action: 'test.null_before',
      entityType: 'calendar_year',
      entityId: 2095,
      before: null,
      after: null,
    });
    await auditedBatch(db, SYSTEM, NOW, [year(2096)], {
      action: 'test.no_before',
      entityType: 'calendar_year',
      entityId: 2096,
    });
    expect(await beforeOf('test.null_before')).toEqual([{ before: null, t: 'null' }]);
    expect(await beforeOf('test.no_before')).toEqual([{ before: null, t: 'null' }]);
  });

  it('is SQL NULL from a workflow service (a new application)', async () => {
    await programme();
    await activate('bases', 'apply');
    const officer = await actor('county_officer', 'yaodu');
    await submitApplication(
      db,
      officer,
      {
        trackKey: 'bases',
        countyId: 'yaodu',
        candidate: { name: '尧都学校', facilities: '实训室', fullTimeTeacherPct: 60 },
      },
      NOW,
    );
    expect(await beforeOf('candidate.apply')).toEqual([{ before: null, t: 'null' }]);
  });

  it('is SQL NULL for the first SMS budget of a day, and the old budget after that', async () => {
    await raiseSmsBudget(db, chinaDate(NOW), 100, SYSTEM, '第一次', NOW);
    await raiseSmsBudget(db, chinaDate(NOW), 200, SYSTEM, '第二次', NOW + 1);
    expect(await beforeOf('sms_budget.set')).toEqual([
      { before: null, t: 'null' },
      { before: '{"budget":100}', t: 'text' },
    ]);
  });

  it('is SQL NULL for an account made by the command line', async () => {
    const stmts = createAccountSql(
      { username: 'null-check', displayName: '检查', role: 'auditor', countyId: null, passwordHash: 'x' },
      NOW,
      'cli:admin:create',
    );
    for (const s of stmts) await env.DB.prepare(s).run();
    expect(await beforeOf('account.create')).toEqual([{ before: null, t: 'null' }]);
  });
});
