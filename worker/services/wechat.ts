/**
 * The WeChat JS-SDK share-card signature (docs/media.md "WeChat share card"): a page inside WeChat
 * calls `wx.config({ appId, timestamp, nonceStr, signature })` with a signature made from the
 * Official Account's jsapi_ticket. The ticket comes from the access token; both last about two
 * hours, WeChat limits how often they may be fetched, and the access token endpoint answers only
 * from IP addresses on the account's allow-list. Both are kept in D1 (db/queries/wechat.ts) until
 * shortly before they expire, so all isolates share one copy.
 *
 * Off unless WECHAT_APP_ID and WECHAT_APP_SECRET are configured.
 */
import type { Db } from '../../db/client';
import type { Config } from '../env';
import { findWechatToken, saveWechatToken, type WechatTokenKind } from '../../db/queries/wechat';
import { ApiError } from '../errors';

/** A stored value is renewed this long before WeChat says it expires. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** The Official Account credentials (config WECHAT_APP_ID / WECHAT_APP_SECRET). */
export interface WechatAccount {
  appId: string;
  appSecret: string;
  /** https://api.weixin.qq.com, or a fixed-IP forwarding proxy in front of it (config WECHAT_API_BASE). */
  apiBase: string;
}

/**
 * The deployment's Official Account, or undefined when none is configured (then the signature
 * endpoint answers not_configured, and pages neither load the JS-SDK nor ask for a signature).
 */
export function wechatAccount(config: Pick<Config, 'WECHAT_APP_ID' | 'WECHAT_APP_SECRET' | 'WECHAT_API_BASE'>) {
  const { WECHAT_APP_ID: appId, WECHAT_APP_SECRET: appSecret, WECHAT_API_BASE: apiBase } = config;
  return appId && appSecret ? ({ appId, appSecret, apiBase } satisfies WechatAccount) : undefined;
}

/** What `wx.config` needs besides `jsApiList`. */
export interface JssdkConfig {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

/**
 * The JS-SDK signature: SHA-1 (hex) of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, the keys in
 * that (ASCII) order, the values as they are, the url without its `#` fragment (WeChat's JS-SDK
 * documentation, appendix 1).
 */
export async function jssdkSignature(p: {
  ticket: string;
  nonceStr: string;
  timestamp: number;
  url: string;
}): Promise<string> {
  const text = `jsapi_ticket=${p.ticket}&noncestr=${p.nonceStr}&timestamp=${p.timestamp}&url=${p.url.split('#')[0]}`;
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A WeChat API answer: `errcode` 0 or absent on success. */
interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  ticket?: string;
  expires_in?: number;
}

async function call(fetcher: typeof fetch, url: string): Promise<WechatAnswer> {
  const res = await fetcher(url);
  const body = (await res.json().catch(() => ({ errcode: -2, errmsg: `HTTP ${res.status}` }))) as WechatAnswer;
  if (!res.ok || (body.errcode !== undefined && body.errcode !== 0)) {
    // errcode 40164 means this Worker's outgoing IP is not on the account's allow-list (docs/media.md).
    console.error('wechat api error', url.replace(/(secret|access_token)=[^&]+/g, '$1=…'), body.errcode, body.errmsg);
    throw new ApiError('upstream_failed');
  }
  return body;
}

const api = (account: WechatAccount) => `${account.apiBase.replace(/\/+$/, '')}/cgi-bin`;

/** The stored value of `kind` while it is valid, else a fresh one from `fetchNew`, stored. */
async function cached(
  db: Db,
  kind: WechatTokenKind,
  now: number,
  fetchNew: () => Promise<{ value: string; expiresIn: number }>,
): Promise<string> {
  const stored = await findWechatToken(db, kind);
  if (stored && stored.expiresAt - RENEW_BEFORE_MS > now) return stored.value;
  const fresh = await fetchNew();
  await saveWechatToken(db, kind, fresh.value, now + fresh.expiresIn * 1000);
  return fresh.value;
}

/** The account's jsapi_ticket, from D1 while valid, else through a (cached) access token. */
export async function jsapiTicket(db: Db, account: WechatAccount, now: number, fetcher: typeof fetch = fetch) {
  const token = () =>
    cached(db, 'access_token', now, async () => {
      const q = new URLSearchParams({
        grant_type: 'client_credential',
        appid: account.appId,
        secret: account.appSecret,
      });
      const a = await call(fetcher, `${api(account)}/token?${q}`);
      if (!a.access_token) throw new ApiError('upstream_failed');
      return { value: a.access_token, expiresIn: a.expires_in ?? 7200 };
    });
  return cached(db, 'jsapi_ticket', now, async () => {
    const q = new URLSearchParams({ access_token: await token(), type: 'jsapi' });
    const a = await call(fetcher, `${api(account)}/ticket/getticket?${q}`);
    if (!a.ticket) throw new ApiError('upstream_failed');
    return { value: a.ticket, expiresIn: a.expires_in ?? 7200 };
  });
}

/** A random nonce of 16 letters and digits (WeChat allows up to 32). */
function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => chars[b % chars.length]).join('');
}

/**
 * The `wx.config` values for the page at `url` (one of this site's pages; the caller checks that).
 * @param now epoch milliseconds; the signature's timestamp is in seconds.
 */
export async function jssdkConfig(
  db: Db,
  account: WechatAccount,
  url: string,
  now: number,
  fetcher: typeof fetch = fetch,
): Promise<JssdkConfig> {
  const ticket = await jsapiTicket(db, account, now, fetcher);
  const timestamp = Math.floor(now / 1000);
  const nonceStr = nonce();
  return {
    appId: account.appId,
    timestamp,
    nonceStr,
    signature: await jssdkSignature({ ticket, nonceStr, timestamp, url }),
  };
}
