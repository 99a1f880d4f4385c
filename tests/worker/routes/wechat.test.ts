import { env } from 'cloudflare:test';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JssdkSignature } from '../../../contracts/wechat';
import { pinnedClock, testApp } from '../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const page = 'http://localhost/polls/trades-vote/';
const path = (url: string) => `/api/wechat/jssdk-signature?url=${encodeURIComponent(url)}`;

describe('GET /api/wechat/jssdk-signature', () => {
  it('is off (503 not_configured) without an Official Account', async () => {
    const res = await testApp(pinnedClock(NOW)).json(path(page));
    expect(res.res.status).toBe(503);
    expect(res.body.error.code).toBe('not_configured');
  });

  it("signs one of this site's pages with the stored ticket", async () => {
    // A valid ticket in D1, so no call to WeChat (unreachable from tests) is needed.
    await env.DB.prepare("INSERT OR REPLACE INTO wechat_tokens (kind, value, expires_at) VALUES ('jsapi_ticket', ?, ?)")
      .bind(TICKET, NOW + 3_600_000)
      .run();
    const t = testApp(pinnedClock(NOW), { WECHAT_APP_ID: 'wx-test-app', WECHAT_APP_SECRET: 'test-secret' });
    const { res, body } = await t.json(path(`${page}?from=timeline#top`));
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const config = JssdkSignature.parse(body);
    expect(config).toMatchObject({ appId: 'wx-test-app', timestamp: NOW / 1000 });
    const expected = createHash('sha1')
      .update(
        `jsapi_ticket=${TICKET}&noncestr=${config.nonceStr}&timestamp=${config.timestamp}&url=${page}?from=timeline`,
      )
      .digest('hex');
    expect(config.signature).toBe(expected);

    const other = await t.json(path('https://elsewhere.example/page'));
    expect(other.res.status).toBe(400);
    expect(other.body.error.code).toBe('invalid_request');
  });
});
