/**
 * Security headers on every response, in one place. The Worker sets them on what it answers (API,
 * pages, redirects, errors, the 404 page); static files that Workers Static Assets serves without the
 * Worker get the same values from `site/public/_headers`, which a test keeps equal to
 * STATIC_SECURITY_HEADERS.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import type { Config } from '../env';
import { wechatAccount } from '../services/wechat';

type Captcha = Config['CAPTCHA_PROVIDER'];
type Sources = { script: string[]; style: string[]; img: string[]; connect: string[]; frame: string[] };

/**
 * What each captcha vendor's browser code loads (site/src/islands/captcha.ts loads the first script
 * host of each). From the vendors' integration guides; not yet exercised against the real vendors:
 * if one is blocked, the browser console names the directive and host, and it is added here.
 */
export const CAPTCHA_SOURCES: Record<Captcha, Sources> = {
  none: { script: [], style: [], img: [], connect: [], frame: [] },
  tencent: {
    script: ['https://turing.captcha.qcloud.com', 'https://*.captcha.qcloud.com', 'https://*.captcha.gtimg.com'],
    style: ['https://*.captcha.qcloud.com', 'https://*.captcha.gtimg.com'],
    img: ['https://*.captcha.qcloud.com', 'https://*.captcha.gtimg.com'],
    connect: ['https://*.captcha.qcloud.com'],
    frame: ['https://*.captcha.qcloud.com'],
  },
  aliyun: {
    script: ['https://o.alicdn.com', 'https://g.alicdn.com'],
    style: ['https://o.alicdn.com', 'https://g.alicdn.com'],
    img: ['https://*.alicdn.com'],
    connect: ['https://*.aliyuncs.com'],
    frame: [],
  },
  turnstile: {
    script: ['https://challenges.cloudflare.com'],
    style: [],
    img: [],
    connect: [],
    frame: ['https://challenges.cloudflare.com'],
  },
};

/**
 * The Content-Security-Policy. Scripts: same origin only (plus the configured captcha vendor); no
 * page has an inline script (islands mount from bundled module scripts, site/src/islands/mount.ts;
 * JSON data blocks are never executed), so there is no nonce and a cached page is served as stored.
 * Styles allow inline: result bars set a width in a style attribute, and the vendors inject styles.
 */
export function contentSecurityPolicy(opts: { captcha?: Captcha; wechat?: boolean; frameAncestors?: string } = {}) {
  const v = CAPTCHA_SOURCES[opts.captcha ?? 'none'];
  const wechat = opts.wechat ? [WECHAT_JSSDK_ORIGIN] : [];
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", ...v.script, ...wechat]],
    ['style-src', ["'self'", "'unsafe-inline'", ...v.style]],
    ['img-src', ["'self'", 'data:', ...v.img]],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...v.connect]],
    ['frame-src', v.frame.length ? v.frame : ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', [opts.frameAncestors ?? "'self'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * Where WeChat's JS-SDK (jweixin) is loaded from, for the share card; allowed only when an Official
 * Account is configured (docs/media.md "WeChat share card").
 */
export const WECHAT_JSSDK_ORIGIN = 'https://res.wx.qq.com';

/** Headers that do not depend on the request. */
const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // No includeSubDomains: other hosts under the same domain are not ours to force onto HTTPS.
  'Strict-Transport-Security': 'max-age=31536000',
  'Permissions-Policy':
    'accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()',
};

/** What `site/public/_headers` sends with every static file. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy(),
  ...BASE_HEADERS,
  'X-Frame-Options': 'SAMEORIGIN',
};

/**
 * Adds the security headers to whatever the rest of the app answered (errors and the 503 of a
 * missing configuration included, so mount it first). `/embed/*` may be framed by any site,
 * everything else only by this one.
 *
 * @example app.use(securityHeaders())
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function securityHeaders(c, next) {
    await next();
    const embed = c.req.path.startsWith('/embed/');
    const res = new Response(c.res.body, c.res);
    const config = c.get('config');
    res.headers.set(
      'Content-Security-Policy',
      contentSecurityPolicy({
        captcha: config?.CAPTCHA_PROVIDER,
        wechat: config !== undefined && wechatAccount(config) !== undefined,
        frameAncestors: embed ? '*' : "'self'",
      }),
    );
    for (const [name, value] of Object.entries(BASE_HEADERS)) res.headers.set(name, value);
    if (embed) res.headers.delete('X-Frame-Options');
    else res.headers.set('X-Frame-Options', 'SAMEORIGIN');
    // A copy, since headers from ASSETS.fetch are immutable; replace rather than let Hono merge the old ones back.
    c.res = undefined;
    c.res = res;
  };
}
