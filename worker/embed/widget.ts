/**
 * The results widget page (`/embed/polls/:slug`): a complete, small HTML document made for an
 * iframe on another site — no site chrome, inline CSS, the results already in the HTML (it reads
 * without JavaScript), and `/embed/widget.js` for live refresh and self-sizing.
 */
import type { ResultsBody } from '../../contracts/api';
import { escapeHtml, widgetInner } from '../../contracts/widget';

/** Path of the widget's script, built from site/src/embed/widget-client.ts by scripts/build-embed.ts. */
export const WIDGET_SCRIPT = '/embed/widget.js';

/** Cache-Control of the widget page: as short as the results API it mirrors. */
export const WIDGET_CACHE = 'public, max-age=0, s-maxage=10';

const CSS = [
  ':root{color-scheme:light;font:15px/1.45 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328}',
  'body{margin:0;background:#fff}',
  'main{padding:12px 14px 0}',
  'h1{font-size:1.05rem;margin:0 0 4px}',
  '.st{margin:0 0 10px;color:#57606a;font-size:.85rem}',
  '.em{margin:0 0 8px;padding:10px;background:#f6f8fa;border-radius:6px}',
  '.rs{list-style:none;margin:0;padding:0}',
  '.rs li{display:flex;flex-wrap:wrap;align-items:baseline;gap:0 6px;margin:0 0 8px}',
  '.r{color:#9a3412;font-weight:600;font-size:.85rem;min-width:3.2em}',
  '.n{font-weight:600}',
  '.c{color:#57606a;font-size:.85rem}',
  '.v{margin-left:auto;font-variant-numeric:tabular-nums}',
  '.b{display:block;width:100%;height:8px;margin-top:3px}',
  '.b rect{fill:#c2410c}.b .t{fill:#f1f3f5}',
  'footer{padding:2px 14px 12px;font-size:.8rem;color:#57606a}',
  'footer a{color:#9a3412}',
].join('');

/**
 * The widget document for one poll. `pageUrl` is the poll's public address (opened in a new tab,
 * never inside the host page's frame).
 */
export function widgetDocument(body: ResultsBody, pageUrl: string): string {
  const slug = escapeHtml(body.poll.slug);
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex"><base target="_blank">' +
    `<title>${escapeHtml(body.poll.title)} · 投票结果</title><style>${CSS}</style></head>` +
    `<body><main id="w" data-slug="${slug}" data-status="${body.poll.status}" data-as-of="${escapeHtml(body.asOf)}"` +
    ` aria-live="polite">${widgetInner(body)}</main>` +
    `<footer><a href="${escapeHtml(pageUrl)}" rel="noopener">查看投票详情</a> · 临汾技工 · 六个十</footer>` +
    `<script src="${WIDGET_SCRIPT}" defer></script></body></html>`
  );
}
