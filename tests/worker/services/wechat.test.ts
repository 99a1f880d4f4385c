import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../db/client';
import { jsapiTicket, jssdkConfig, jssdkSignature } from '../../../worker/services/wechat';

const account = { appId: 'wx-test-app', appSecret: 'test-secret', apiBase: 'https://wx-proxy.example/' };

/**
 * A stand-in for api.weixin.qq.com (unreachable from tests): answers the token and ticket calls the
 * way WeChat documents them and records each request.
 */
function wechatServer(opts: { tokenError?: boolean } = {}) {
  const seen: URL[] = [];
  let n = 0;
  const fetcher = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    seen.push(url);
    n++;
    if (url.pathname === '/cgi-bin/token') {
      if (opts.tokenError) return Response.json({ errcode: 40164, errmsg: 'invalid ip, not in whitelist' });
      return Response.json({ access_token: `token-${n}`, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/ticket/getticket')
      return Response.json({
        errcode: 0,
        errmsg: 'ok',
        ticket: `ticket-for-${url.searchParams.get('access_token')}`,
        expires_in: 7200,
      });
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  return { seen, fetcher };
}

describe('jssdkSignature', () => {
  it("matches the example in WeChat's JS-SDK documentation", async () => {
    expect(
      await jssdkSignature({
        ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
        nonceStr: 'Wm3WZYTPz0wzccnW',
        timestamp: 1414587457,
        url: 'http://mp.weixin.qq.com?params=value',
      }),
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('signs the address without its fragment', async () => {
    const p = { ticket: 't', nonceStr: 'n', timestamp: 1, url: 'https://a.example/polls/x/' };
    expect(await jssdkSignature({ ...p, url: `${p.url}#share` })).toBe(await jssdkSignature(p));
  });
});

describe('jsapiTicket', () => {
  it('fetches the access token and the ticket once, keeps them in D1 and renews them before they expire', async () => {
    await env.DB.exec('DELETE FROM wechat_tokens');
    const db = openDb(env.DB);
    const wx = wechatServer();
    const t0 = Date.UTC(2026, 10, 27, 2, 0);
    expect(await jsapiTicket(db, account, t0, wx.fetcher)).toBe('ticket-for-token-1');
    expect(wx.seen.map((u) => u.href.split('?')[0])).toEqual([
      'https://wx-proxy.example/cgi-bin/token',
      'https://wx-proxy.example/cgi-bin/ticket/getticket',
    ]);
    expect(Object.fromEntries(wx.seen[0].searchParams)).toEqual({
      grant_type: 'client_credential',
      appid: 'wx-test-app',
      secret: 'test-secret',
    });
    expect(wx.seen[1].searchParams.get('type')).toBe('jsapi');

    expect(await jsapiTicket(db, account, t0 + 60 * 60_000, wx.fetcher)).toBe('ticket-for-token-1');
    expect(wx.seen).toHaveLength(2);
    const stored = await env.DB.prepare("SELECT expires_at FROM wechat_tokens WHERE kind = 'jsapi_ticket'").first<{
      expires_at: number;
    }>();
    expect(stored!.expires_at).toBe(t0 + 7200_000);

    // Within five minutes of expiry both are renewed.
    expect(await jsapiTicket(db, account, t0 + 7200_000 - 60_000, wx.fetcher)).toBe('ticket-for-token-3');
    expect(wx.seen).toHaveLength(4);
  });

  it('answers upstream_failed when WeChat refuses (e.g. the Worker IP is not allow-listed)', async () => {
    await env.DB.exec('DELETE FROM wechat_tokens');
    const wx = wechatServer({ tokenError: true });
    await expect(jsapiTicket(openDb(env.DB), account, Date.now(), wx.fetcher)).rejects.toMatchObject({
      code: 'upstream_failed',
    });
    expect(await env.DB.prepare('SELECT count(*) AS n FROM wechat_tokens').first('n')).toBe(0);
  });
});

describe('jssdkConfig', () => {
  it('signs with the ticket, a fresh nonce and the timestamp in seconds', async () => {
    await env.DB.exec('DELETE FROM wechat_tokens');
    const wx = wechatServer();
    const now = Date.UTC(2026, 10, 27, 2, 0, 30, 500);
    const url = 'https://vote.example/polls/trades-vote/';
    const a = await jssdkConfig(openDb(env.DB), account, url, now, wx.fetcher);
    const b = await jssdkConfig(openDb(env.DB), account, url, now, wx.fetcher);
    expect(a).toMatchObject({ appId: 'wx-test-app', timestamp: Math.floor(now / 1000) });
    expect(a.nonceStr).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(a.nonceStr).not.toBe(b.nonceStr);
    expect(a.signature).toBe(
      await jssdkSignature({ ticket: 'ticket-for-token-1', nonceStr: a.nonceStr, timestamp: a.timestamp, url }),
    );
  });
});
