/** A tiny fetch wrapper for the islands: JSON in, JSON or the API.md error envelope out. */

export interface ApiFailure {
  code: string;
  message: string;
  retryAfter?: number;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiFailure };

const NETWORK_ERROR: ApiFailure = { code: 'network', message: '网络连接失败，请检查网络后重试。' };

/** Calls the API; never throws, so every outcome reaches the citizen as a message. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
  } catch {
    return { ok: false, status: 0, error: NETWORK_ERROR };
  }
  let json: any = null;
  try {
    json = await res.json();
  } catch {
    // A proxy or captive portal page: report as a network problem.
  }
  if (res.ok && json) return { ok: true, status: res.status, data: json as T };
  const error: ApiFailure = json?.error ?? { code: 'internal', message: '服务暂时不可用，请稍后再试。' };
  const retry = Number(res.headers.get('Retry-After'));
  if (retry > 0) error.retryAfter = retry;
  return { ok: false, status: res.status, error };
}
