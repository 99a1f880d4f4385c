/**
 * Opening a stage sets its deadline: by default the annex's length counted from the day it opens
 * (working days skip the entered holidays), which the admin track view offers beforehand as the
 * pending stage's `defaultDeadlineAt`; the admin may give another one, or none.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdminTrackBody } from '../../../../contracts/admin-workflow';
import { chinaMidnight } from '../../../../contracts/china-time';
import { call, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { enterTestCalendar, programme } from '../../../fixtures/workflow';

// Monday 2026-06-15 10:00 China time; Friday 19 June is the Dragon Boat holiday.
const NOW = chinaMidnight('2026-06-15') + 10 * 3_600_000;
const t = testApp(pinnedClock(NOW));
let admin: Session, yaodu: Session;

beforeAll(async () => {
  await programme();
  await enterTestCalendar();
  [admin, yaodu] = await Promise.all([staffOf(NOW, 'city_admin'), staffOf(NOW, 'county_officer', 'yaodu')]);
});

const stageOf = async (who: Session, track: string, key: string) => {
  const view = conforms(AdminTrackBody, (await call(t, who, 'GET', `/api/admin/tracks/${track}`)).body);
  return view.stages.find((s) => s.key === key)!;
};

describe('the deadline of a stage opened without one', () => {
  it("is the annex's 5 working days from today, offered before and set on opening, and county officers see it", async () => {
    // Mon 15, Tue 16, Wed 17, Thu 18, (Fri 19 holiday), Mon 22: 24:00 on Monday 22 June.
    const expected = new Date(chinaMidnight('2026-06-23')).toISOString();
    const pending = await stageOf(admin, 'trades', 'recommend');
    expect(pending).toMatchObject({ status: 'pending', deadlineAt: null, defaultDeadlineAt: expected });

    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/recommend/open', {});
    expect(res.status).toBe(200);
    const row = await env.DB.prepare(
      "SELECT deadline_at FROM track_stages WHERE track_key = 'trades' AND key = 'recommend'",
    ).first<{ deadline_at: number }>();
    expect(row!.deadline_at).toBe(chinaMidnight('2026-06-23'));
    const opened = await stageOf(yaodu, 'trades', 'recommend');
    expect(opened.deadlineAt).toBe(expected);
    expect(opened.defaultDeadlineAt).toBeUndefined();
  });

  it('is none where the annex gives no length, and the admin may set another date or none', async () => {
    expect((await stageOf(admin, 'brands', 'cultivate')).defaultDeadlineAt).toBeNull();
    expect((await call(t, admin, 'POST', '/api/admin/tracks/brands/stages/cultivate/open', {})).status).toBe(200);
    expect((await stageOf(admin, 'brands', 'cultivate')).deadlineAt).toBeNull();

    // Bases' first stage runs 17 days by its annex; the admin gives 4 July instead.
    expect((await stageOf(admin, 'bases', 'promote')).defaultDeadlineAt).toBe(
      new Date(chinaMidnight('2026-07-02')).toISOString(),
    );
    const chosen = new Date(chinaMidnight('2026-07-05')).toISOString();
    const res = await call(t, admin, 'POST', '/api/admin/tracks/bases/stages/promote/open', { deadlineAt: chosen });
    expect(res.status).toBe(200);
    expect((await stageOf(admin, 'bases', 'promote')).deadlineAt).toBe(chosen);

    expect(
      (await call(t, admin, 'POST', '/api/admin/tracks/institutions/stages/apply/open', { deadlineAt: null })).status,
    ).toBe(200);
    expect((await stageOf(admin, 'institutions', 'apply')).deadlineAt).toBeNull();
  });
});
