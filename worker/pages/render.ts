/**
 * Fills an Astro-built template with content from D1 (cut at its slots once per isolate). Pages stay
 * readable without JavaScript and always show what is in D1 now, with no rebuild after a change.
 */
import type { Context } from 'hono';
import { PAGE_FRESH_SECONDS, pageTitle } from '../../contracts/site';
import type { AppEnv } from '../context';
import { wechatAccount } from '../services/wechat';
import type { Html } from './views/fragments';

export interface PageContent {
  /** The built template under /templates/<name>/. */
  template?: 'page' | 'poll' | 'notice' | 'rules';
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

const PAGE_CACHE = `public, max-age=0, s-maxage=${PAGE_FRESH_SECONDS}`;

/** JSON that is safe inside a <script> element. */
function scriptJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text for an attribute value or an element's text, escaped so it reads back exactly. */
function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What a page fills into its template, by slot. */
type Slot = 'title' | 'titleAttr' | 'description' | 'head' | 'main' | 'after' | 'data' | `nav:${string}`;

/** A template cut at its slots: text, then a slot, then text, … (`parts[i]` precedes `slots[i]`). */
interface CutTemplate {
  parts: string[];
  slots: Slot[];
  /** The template's own description, kept when a page gives none (already escaped). */
  description: string;
}

/** Marks a slot in the template while it is cut; U+0001 never occurs in a built page. */
const MARK = '\u0001';
const mark = (slot: Slot) => `${MARK}${slot}${MARK}`;
const NAV_SLOT = 'data-nav-slot';

/**
 * Cuts a built template at its slots, once per isolate. HTMLRewriter does the parsing (so the
 * slots are found as elements and attributes, not by pattern); every request then only joins
 * strings. That costs less than streaming each page through HTMLRewriter, and the page goes out
 * with a Content-Length.
 */
async function compile(html: string): Promise<CutTemplate> {
  let description = '';
  const rewriter = new HTMLRewriter()
    .on('title', { element: (e) => void e.setInnerContent(mark('title'), { html: true }) })
    .on('meta[name="description"]', {
      element: (e) => {
        description = e.getAttribute('content') ?? '';
        e.setAttribute('content', mark('description'));
      },
    })
    .on('meta[property="og:description"]', { element: (e) => void e.setAttribute('content', mark('description')) })
    .on('meta[property="og:title"]', { element: (e) => void e.setAttribute('content', mark('titleAttr')) })
    .on('head', { element: (e) => void e.append(mark('head'), { html: true }) })
    .on('a[data-nav]', {
      element: (e) => {
        e.removeAttribute('aria-current');
        e.setAttribute(NAV_SLOT, mark(`nav:${e.getAttribute('data-nav')}`));
      },
    })
    .on('[data-slot="main"]', { element: (e) => void e.setInnerContent(mark('main'), { html: true }) })
    .on('[data-slot="after"]', { element: (e) => void e.setInnerContent(mark('after'), { html: true }) })
    .on('script[data-slot="data"]', { element: (e) => void e.setInnerContent(mark('data'), { html: true }) });
  // A nav slot stands for a whole attribute: ` aria-current="page"` on the current item, nothing on
  // the others. Its placeholder attribute goes, and the slot stays in its place.
  const marked = (await rewriter.transform(new Response(html)).text()).replace(
    new RegExp(` ${NAV_SLOT}="(${MARK}nav:[^${MARK}]*${MARK})"`, 'g'),
    '$1',
  );
  // Split at the marks, the pieces alternate: text, slot name, text, …
  const pieces = marked.split(MARK);
  const parts = pieces.filter((_, i) => i % 2 === 0);
  const slots = pieces.filter((_, i) => i % 2 === 1) as Slot[];
  return { parts, slots, description };
}

/**
 * The built templates, read and cut once per isolate: they change only with a deploy, which starts
 * new isolates, and reading one through the ASSETS binding costs about as much as the page's D1 batch.
 */
const templates = new Map<string, Promise<CutTemplate>>();

function template(c: Context<AppEnv>, name: string): Promise<CutTemplate> {
  let compiled = templates.get(name);
  if (!compiled) {
    const url = new URL(`/templates/${name}/`, c.req.url);
    compiled = c.env.ASSETS.fetch(new Request(url)).then(async (res) => {
      if (!res.ok) throw new Error(`template ${url.pathname} missing (${res.status}); run npm run build`);
      return compile(await res.text());
    });
    // A failed read is not kept, so the next request tries again.
    compiled.catch(() => templates.delete(name));
    templates.set(name, compiled);
  }
  return compiled;
}

/** Renders a page from its template. */
export async function renderPage(c: Context<AppEnv>, page: PageContent): Promise<Response> {
  const [t, main, after] = await Promise.all([template(c, page.template ?? 'page'), page.main, page.after ?? '']);
  const title = pageTitle(page.title);
  // Open Graph: the address without its query (share tools add tracking parameters).
  const address = new URL(c.req.url);
  address.search = '';
  let head = `<meta property="og:url" content="${escapeAttr(address.href)}">`;
  // Tells site.js to set WeChat's share card: only where an Official Account signs wx.config.
  if (wechatAccount(c.var.config)) head += '<meta name="wechat-share" content="on">';
  if (page.head) head += page.head;
  const fill = (slot: Slot): string => {
    switch (slot) {
      case 'title':
      case 'titleAttr':
        return escapeAttr(title);
      case 'description':
        return page.description ? escapeAttr(page.description) : t.description;
      case 'head':
        return head;
      case 'main':
        return main.toString();
      case 'after':
        return after.toString();
      case 'data':
        return scriptJson(page.data ?? null);
      default:
        return slot === `nav:${page.nav}` ? ' aria-current="page"' : '';
    }
  };
  let body = t.parts[0];
  for (let i = 0; i < t.slots.length; i++) body += fill(t.slots[i]) + t.parts[i + 1];
  const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': page.cache ?? PAGE_CACHE };
  return new Response(body, { status: page.status ?? 200, headers });
}
