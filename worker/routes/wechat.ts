/**
 * `GET /api/wechat/jssdk-signature` (docs/media.md "WeChat share card"): the `wx.config` values for
 * one of this site's pages, so a page opened inside WeChat can set its share card. Off (503
 * `not_configured`) unless WECHAT_APP_ID and WECHAT_APP_SECRET are set.
 */
import { createRoute } from '@hono/zod-openapi';
import { JssdkSignature, JssdkSignatureQuery } from '../../contracts/wechat';
import { ApiError } from '../errors';
import { jssdkConfig, wechatAccount } from '../services/wechat';
import { errors, json, PUBLIC, router } from './declare';

const getSignature = createRoute({
  method: 'get',
  path: '/jssdk-signature',
  operationId: 'getWechatJssdkSignature',
  tags: ['media'],
  summary:
    "WeChat JS-SDK wx.config signature for one of this site's pages (off unless an Official Account is configured)",
  security: PUBLIC,
  request: { query: JssdkSignatureQuery },
  responses: {
    200: json(JssdkSignature, 'The wx.config values; a fresh nonce and timestamp each time'),
    ...errors('invalid_request', 'upstream_failed', 'not_configured'),
  },
});

/** The page address as WeChat signs it (no fragment), if it is one of this site's pages. */
function ownPage(raw: string, origin: string): string | undefined {
  try {
    const u = new URL(raw);
    return u.origin === origin ? raw.split('#')[0] : undefined;
  } catch {
    return undefined;
  }
}

export const wechat = router().openapi(getSignature, async (c) => {
  const account = wechatAccount(c.var.config);
  if (!account) throw new ApiError('not_configured');
  const url = ownPage(c.req.valid('query').url, new URL(c.req.url).origin);
  if (!url) throw new ApiError('invalid_request', { issues: [{ path: ['url'], message: '只能为本站页面签名' }] });
  const body = await jssdkConfig(c.var.db, account, url, c.var.now());
  return c.json(JssdkSignature.parse(body), 200, { 'Cache-Control': 'no-store' });
});
