/**
 * The results widget's script (`/embed/widget.js`, built by scripts/build-embed.ts). While the poll
 * is open it fetches the widget's own document every 30 s, not while the page is hidden, and puts
 * its body in place: the server is the one renderer. Once the poll is no longer open it stops. It
 * never shows older counts than it has shown (an edge cache may answer with an older copy): a
 * document whose `data-as-of` is not later than the one on screen is ignored. It tells the host
 * page its height and title so the loader can size and name the iframe.
 */
import { EMBED_RESIZE, type EmbedResizeMessage } from '../../../contracts/widget';

const REFRESH_MS = 30_000;

function start(root: HTMLElement): void {
  const slug = root.dataset.slug ?? '';
  let lastFetch = Date.now();
  let lastHeight = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  function postHeight(): void {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === lastHeight || window.parent === window) return;
    lastHeight = height;
    const message: EmbedResizeMessage = { type: EMBED_RESIZE, slug, height, title: document.title };
    // Neither is a secret; the loader checks where the message comes from.
    window.parent.postMessage(message, '*');
  }

  async function refresh(): Promise<void> {
    if (document.hidden || root.dataset.status !== 'open') return;
    lastFetch = Date.now();
    let next: HTMLElement | null;
    try {
      const res = await fetch(`/embed/polls/${encodeURIComponent(slug)}`);
      if (!res.ok) return;
      next = new DOMParser().parseFromString(await res.text(), 'text/html').getElementById('w');
    } catch {
      return;
    }
    // ISO instants of one format compare as strings.
    if (!next || !((next.dataset.asOf ?? '') > (root.dataset.asOf ?? ''))) return;
    root.innerHTML = next.innerHTML;
    root.dataset.asOf = next.dataset.asOf;
    root.dataset.status = next.dataset.status;
    postHeight();
    if (root.dataset.status !== 'open') clearInterval(timer);
  }

  if (root.dataset.status === 'open') {
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
