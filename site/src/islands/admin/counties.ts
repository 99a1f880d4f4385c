/**
 * County names for the admin pages, so staff read 尧都区 rather than the id `yaodu`: the public
 * GET /api/counties (the 17 counties and 市直, edge-cached), loaded once per page.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, send, type DataOf } from '../api';

export type County = DataOf<typeof api.counties.$get>['counties'][number];

let loading: Promise<County[]> | null = null;

/** Every county in the programme's order; loaded once per page and shared. */
export function loadCounties(): Promise<County[]> {
  loading ??= send(api.counties.$get()).then((r) => (r.ok ? [...r.data.counties].sort((a, b) => a.sort - b.sort) : []));
  return loading;
}

/** The counties (empty until loaded). */
export function useCounties(): County[] {
  const [counties, setCounties] = useState<County[]>([]);
  useEffect(() => void loadCounties().then(setCounties), []);
  return counties;
}

/** A county's name by id (the id itself until the names are loaded, '—' for none). */
export function useCountyName(): (id: string | null | undefined) => string {
  const counties = useCounties();
  return (id) => (id ? (counties.find((c) => c.id === id)?.name ?? id) : '—');
}
