/**
 * The results widget's script (`/embed/widget.js`, built by scripts/build-embed.ts). While the poll
 * is open it refreshes from the results API every 30 s, not while the page is hidden; once the poll
 * is no longer open it stops. It never shows older counts than it has shown (an edge cache may
 * answer with an older copy): a response whose `asOf` is not later than the one on screen is
 * ignored. It tells the host page its height so the loader can size the iframe.
 */
import type { ResultsBody } from '../../../contracts/api';
import { EMBED_RESIZE, widgetInner, type EmbedResizeMessage } from '../../../contracts/widget';

const REFRESH_MS = 30_000;

function start(root: HTMLElement): void {
  const slug = root.dataset.slug ?? '';
  let asOf = root.dataset.asOf ?? '';
  let status = root.dataset.status;
  let lastFetch = Date.now();
  let lastHeight = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  function postHeight(): void {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === lastHeight || window.parent === window) return;
    lastHeight = height;
    const message: EmbedResizeMessage = { type: EMBED_RESIZE, slug, height };
    // The height is not a secret; the loader checks where the message comes from.
    window.parent.postMessage(message, '*');
  }

  async function refresh(): Promise<void> {
    if (document.hidden || status !== 'open') return;
    lastFetch = Date.now();
    let body: ResultsBody;
    try {
      const res = await fetch(`/api/polls/${encodeURIComponent(slug)}/results`);
      if (!res.ok) return;
      body = await res.json();
    } catch {
      return;
    }
    // ISO instants of one format compare as strings.
    if (!(body.asOf > asOf)) return;
    asOf = body.asOf;
    status = body.poll.status;
    root.innerHTML = widgetInner(body);
    root.dataset.asOf = asOf;
    root.dataset.status = status;
    postHeight();
    if (status !== 'open') clearInterval(timer);
  }

  if (status === 'open') {
    timer = setInterval(() => void refresh(), REFRESH_MS);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && Date.now() - lastFetch >= REFRESH_MS) void refresh();
    });
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(postHeight).observe(document.body);
  window.addEventListener('resize', postHeight);
  window.addEventListener('load', postHeight);
  postHeight();
}

const root = document.getElementById('w');
if (root) start(root);
