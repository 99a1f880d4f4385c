/**
 * What the admin workflow routes share: the role sets they allow, the actor the workflow services
 * act as (they commit their changes themselves), and answering a change after purging its public copies.
 */
import type { Context } from 'hono';
import { ChangeResult } from '../../../contracts/admin-workflow';
import type { StaffRole } from '../../../contracts/admin-accounts';
import type { AppEnv } from '../../context';
import { purgeCommitted, type Purge } from '../../services/edge-cache-purge';

/** Role sets the routes use. */
export const CITY: StaffRole[] = ['city_admin'];
export const READERS: StaffRole[] = ['city_admin', 'auditor'];
export const COUNTY: StaffRole[] = ['city_admin', 'county_officer'];
export const EXPERT: StaffRole[] = ['expert'];

/** Answers a committed change; when it shows on the public site, `purge` first empties the cached copies. */
export async function committed(c: Context<AppEnv>, result: ChangeResult, purge?: Purge): Promise<ChangeResult> {
  if (purge) await purgeCommitted(c.req.url, purge);
  return result;
}

/** An ISO instant from a request as epoch milliseconds (null stays null). */
export const ms = (iso: string | null | undefined) => (iso == null ? null : Date.parse(iso));
