/**
 * What the admin workflow routes share: the role sets they allow, the actor the workflow services
 * act as (they commit their changes themselves), and purging the public copies after a change.
 */
import type { Context } from 'hono';
import { ChangeResult } from '../../../contracts/admin-workflow';
import type { TrackKey } from '../../../contracts/enums';
import type { StaffRole } from '../../../contracts/staff';
import { findPoll } from '../../../db/queries/polls';
import type { AppEnv } from '../../context';
import { purgeList, purgeNotice, purgePoll, purgeTrack } from '../../middleware/edge-cache';

/** Role sets the routes use. */
export const CITY: StaffRole[] = ['city_admin'];
export const READERS: StaffRole[] = ['city_admin', 'auditor'];
export const COUNTY: StaffRole[] = ['city_admin', 'county_officer'];
export const EXPERT: StaffRole[] = ['expert'];

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

/** Answers a committed change; when it shows on the public site, `purge` first empties the cached copies. */
export async function committed(c: Context<AppEnv>, result: ChangeResult, purge?: Purge): Promise<ChangeResult> {
  if (purge) await purgeCommitted(c, purge);
  return result;
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
