/**
 * Mounts a Preact island into the element with `id`, from a bundled module script. Pages use this
 * instead of Astro's `client:*` directives, which inline a loader script into the page: with no
 * inline script at all, the Content-Security-Policy is plain `script-src 'self'` (no per-response
 * nonce, so a page can be cached and served byte for byte).
 */
import { h, render, type ComponentType } from 'preact';

export function mountIsland(id: string, Island: ComponentType): void {
  const root = document.getElementById(id);
  if (!root) return;
  root.textContent = '';
  render(h(Island, {}), root);
}
