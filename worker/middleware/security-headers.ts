/**
 * Security headers on every response, by `hono/secure-headers`. The Worker sets them on what it
 * answers (API, pages, redirects, errors, the 404 page); static files that Workers Static Assets
 * serves without the Worker get the same values from `site/public/_headers`, which a test keeps
 * equal to what the Worker sends on `/`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../context';
import { readConfig, type Bindings, type Config } from '../env';
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
 * Where WeChat's JS-SDK (jweixin) is loaded from, for the share card; allowed only when an Official
 * Account is configured (docs/media.md "WeChat share card").
 */
const WECHAT_JSSDK_ORIGIN = 'https://res.wx.qq.com';

/**
 * A directive's whole source list for this request's configuration. hono runs these callbacks
 * before the app, so before the `config` variable is set: read it here, and on a configuration
 * that does not parse (answered 503) fall back to no vendor.
 */
function sources(pick: (vendor: Sources, wechat: string[]) => string[]) {
  return (c: Context) => {
    let config: Config | undefined;
    try {
      config = readConfig(c.env as Bindings);
    } catch {
      config = undefined;
    }
    const wechat = config && wechatAccount(config) ? [WECHAT_JSSDK_ORIGIN] : [];
    return pick(CAPTCHA_SOURCES[config?.CAPTCHA_PROVIDER ?? 'none'], wechat).join(' ');
  };
}

/**
 * Scripts: same origin only (plus the configured captcha vendor and, with an Official Account, the
 * JS-SDK); no page has an inline script (islands mount from bundled module scripts,
 * site/src/islands/mount.ts; JSON data blocks are never executed), so there is no nonce and a cached
 * page is served as stored. Styles allow inline: result bars set a width in a style attribute, and
 * the vendors inject styles. Only the headers listed here are sent: hono's other defaults
 * (Cross-Origin-*-Policy, Origin-Agent-Cluster, X-XSS-Protection, …) are off, so that pages, the
 * embeddable widget and static files (`_headers`) keep one set.
 */
function policy(embed: boolean) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: [sources((v, wechat) => ["'self'", ...v.script, ...wechat])],
      styleSrc: [sources((v) => ["'self'", "'unsafe-inline'", ...v.style])],
      imgSrc: [sources((v) => ["'self'", 'data:', ...v.img])],
      fontSrc: ["'self'"],
      connectSrc: [sources((v) => ["'self'", ...v.connect])],
      frameSrc: [sources((v) => (v.frame.length ? v.frame : ["'none'"]))],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      // `/embed/*` may be framed by any site, everything else only by this one.
      frameAncestors: [embed ? '*' : "'self'"],
    },
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'strict-origin-when-cross-origin',
    // No includeSubDomains: other hosts under the same domain are not ours to force onto HTTPS.
    strictTransportSecurity: 'max-age=31536000',
    permissionsPolicy: Object.fromEntries(
      (
        [
          'accelerometer',
          'camera',
          'displayCapture',
          'geolocation',
          'gyroscope',
          'magnetometer',
          'microphone',
          'payment',
          'usb',
          'browsingTopics',
        ] as const
      ).map((feature) => [feature, false]),
    ),
    xFrameOptions: embed ? false : 'SAMEORIGIN',
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}

const site = policy(false);
const embedded = policy(true);

/**
 * Adds the security headers to whatever the rest of the app answered (errors and the 503 of a
 * missing configuration included, so mount it first).
 *
 * @example app.use(securityHeaders())
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function securityHeaders(c, next) {
    const embed = c.req.path.startsWith('/embed/');
    await (embed ? embedded : site)(c, async () => {
      await next();
      // Kept by hand, as hono/secure-headers cannot: it sets headers in place, but a response from
      // ASSETS.fetch (the 404 page, /admin/) has immutable ones, so hand it a copy (replacing rather
      // than letting Hono merge the old headers back); and it never removes a header, while such a
      // response under /embed/ brings `_headers`' X-Frame-Options along.
      const res = new Response(c.res.body, c.res);
      if (embed) res.headers.delete('X-Frame-Options');
      c.res = undefined;
      c.res = res;
    });
  };
}
