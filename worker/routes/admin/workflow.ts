/**
 * What the admin workflow routes share: the role sets they allow, the actor the workflow services
 * act as, and running a service's change with its audit entry in one batch.
 */
import type { Context } from 'hono';
import { ChangeResult } from '../../../contracts/admin-workflow';
import type { TrackKey } from '../../../contracts/enums';
import type { StaffRole } from '../../../contracts/staff';
import { findPoll } from '../../../db/queries/polls';
import type { AppEnv } from '../../context';
import { purgeList, purgeNotice, purgePoll, purgeTrack } from '../../middleware/edge-cache';
import type { Actor as AuditActor } from '../../services/audit';
import { clientIp, networkOf } from '../../services/network';
import { runChange, type Actor, type Change } from '../../services/workflow/change';

/** Role sets the routes use. */
export const CITY: StaffRole[] = ['city_admin'];
export const READERS: StaffRole[] = ['city_admin', 'auditor'];
export const COUNTY: StaffRole[] = ['city_admin', 'county_officer'];
export const EXPERT: StaffRole[] = ['expert'];
export const ALL_STAFF: StaffRole[] = ['city_admin', 'county_officer', 'expert', 'auditor'];

/** The signed-in staff member as the workflow services' actor. */
export function workflowActor(c: Context<AppEnv>): Actor {
  const s = c.var.staff;
  return { id: s.id, role: s.role, countyId: s.countyId };
}

/**
 * Deletes the edge-cache entries that show what a change touched, given the site origin. The
 * public site then shows the change at once instead of after its cache lifetime.
 */
export type Purge = (origin: string) => Promise<unknown>;

/**
 * Runs `purge` for a change that is already committed: a failure is logged, not answered, because
 * the change stands and the copies left behind expire within their short lifetime anyway. Every
 * purge of the admin routes goes through here (eslint keeps the purge functions out of the others).
 */
export async function purgeCommitted(c: Context<AppEnv>, purge: Purge): Promise<void> {
  try {
    await purge(new URL(c.req.url).origin);
  } catch (e) {
    console.error('edge cache purge failed', c.req.path, e);
  }
}

/**
 * Runs a change with its audit entry (actor, role, network, time) in one batch; answers what was
 * written. When the change shows on the public site, `purge` then empties the cached copies.
 */
export async function commit(c: Context<AppEnv>, change: Change, purge?: Purge): Promise<ChangeResult> {
  const s = c.var.staff;
  const who: AuditActor = { id: s.id, label: s.username, role: s.role, network: networkOf(clientIp(c)) };
  await runChange(c.var.db, who, change, c.var.now());
  if (purge) await purgeCommitted(c, purge);
  return {
    ok: true,
    action: change.audit.action,
    entityType: change.audit.entityType,
    entityId: change.audit.entityId,
  };
}

/** An ISO instant from a request as epoch milliseconds (null stays null). */
export const ms = (iso: string | null | undefined) => (iso == null ? null : Date.parse(iso));

/** Purges a poll's public addresses (its track, unless given, read from D1 after the change). */
export function pollPurge(c: Context<AppEnv>, slug: string, track?: string): Purge {
  return async (origin) => {
    const trackKey = track ?? (await findPoll(c.var.db, slug))?.trackKey;
    if (trackKey) await purgePoll(origin, slug, trackKey);
  };
}

/** Purges the public addresses of these notices. */
export const noticePurge =
  (...notices: { slug: string; trackKey: string }[]): Purge =>
  (origin) =>
    Promise.all(notices.map((n) => purgeNotice(origin, n.slug, n.trackKey)));

/** Purges a track's public addresses (stages, its records, the home page). */
export const trackPurge =
  (track: TrackKey): Purge =>
  (origin) =>
    purgeTrack(origin, track);

/** Purges a final list's public addresses and its track's. */
export const listPurge =
  (slug: string, track: TrackKey): Purge =>
  (origin) =>
    purgeList(origin, slug, track);
