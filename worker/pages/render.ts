/**
 * Fills an Astro-built template with content from D1, streaming through HTMLRewriter. Pages stay
 * readable without JavaScript and always show what is in D1 now, with no rebuild after a change.
 */
import type { Context } from 'hono';
import { pageTitle } from '../../contracts/site';
import type { AppEnv } from '../context';
import { wechatAccount } from '../services/wechat';
import type { Html } from './views/fragments';

export interface PageContent {
  /** The built template under /templates/<name>/. */
  template?: 'page' | 'poll' | 'notice';
  title: string;
  description?: string;
  /** Key of the navigation item to mark as current. */
  nav?: string;
  /** The main slot: a view (built with hono/html, which escapes values). */
  main: Html;
  /** A view placed after the islands (poll template only), e.g. live results. */
  after?: Html;
  /** JSON for islands, placed in <script type="application/json" data-slot="data">. */
  data?: unknown;
  status?: number;
  /** Extra elements for `<head>` (already escaped), e.g. the oEmbed discovery link. */
  head?: string;
  /** Cache-Control; pages default to a short shared cache. */
  cache?: string;
}

const PAGE_CACHE = 'public, max-age=0, s-maxage=15';

/** JSON that is safe inside a <script> element. */
function scriptJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** lol-html's setAttribute escapes only quotes; escape the rest so text reads back exactly. */
function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The built templates, read once per isolate: they change only with a deploy, which starts new
 * isolates, and reading one through the ASSETS binding costs about as much as the page's D1 batch.
 */
const templates = new Map<string, Promise<string>>();

function template(c: Context<AppEnv>, name: string): Promise<string> {
  let text = templates.get(name);
  if (!text) {
    const url = new URL(`/templates/${name}/`, c.req.url);
    text = c.env.ASSETS.fetch(new Request(url)).then((res) => {
      if (!res.ok) throw new Error(`template ${url.pathname} missing (${res.status}); run npm run build`);
      return res.text();
    });
    // A failed read is not kept, so the next request tries again.
    text.catch(() => templates.delete(name));
    templates.set(name, text);
  }
  return text;
}

/** Renders a page from its template. */
export async function renderPage(c: Context<AppEnv>, page: PageContent): Promise<Response> {
  const body = await template(c, page.template ?? 'page');
  const [main, after] = await Promise.all([page.main, page.after ?? '']);
  const title = pageTitle(page.title);
  // Open Graph: the address without its query (share tools add tracking parameters).
  const address = new URL(c.req.url);
  address.search = '';
  const describe = (e: Element) => void (page.description && e.setAttribute('content', escapeAttr(page.description)));
  const rewriter = new HTMLRewriter()
    .on('title', { element: (e) => void e.setInnerContent(title) })
    .on('meta[name="description"]', { element: describe })
    .on('meta[property="og:description"]', { element: describe })
    .on('meta[property="og:title"]', { element: (e) => void e.setAttribute('content', escapeAttr(title)) })
    .on('head', {
      element: (e) => {
        e.append(`<meta property="og:url" content="${escapeAttr(address.href)}">`, { html: true });
        // Tells site.js to set WeChat's share card: only where an Official Account signs wx.config.
        if (wechatAccount(c.var.config)) e.append('<meta name="wechat-share" content="on">', { html: true });
        if (page.head) e.append(page.head, { html: true });
      },
    })
    .on('a[data-nav]', {
      element: (e) => {
        if (e.getAttribute('data-nav') === page.nav) e.setAttribute('aria-current', 'page');
        else e.removeAttribute('aria-current');
      },
    })
    .on('[data-slot="main"]', { element: (e) => void e.setInnerContent(main.toString(), { html: true }) })
    .on('[data-slot="after"]', { element: (e) => void e.setInnerContent(after.toString(), { html: true }) })
    .on('script[data-slot="data"]', {
      element: (e) => void e.setInnerContent(scriptJson(page.data ?? null), { html: true }),
    });
  const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': page.cache ?? PAGE_CACHE };
  return rewriter.transform(new Response(body, { status: page.status ?? 200, headers }));
}
