/**
 * What the results widget, its script and the loader (`site/public/embed.js`) agree on: the resize
 * message and the title that names a poll's widget wherever it is framed. The widget itself is a
 * server view (`worker/pages/views/widget.ts`); its script refreshes by fetching that same view.
 */

/** The postMessage a widget sends its parent whenever its height changes; `title` names the frame. */
export interface EmbedResizeMessage {
  type: 'linfen-embed:resize';
  slug: string;
  height: number;
  title: string;
}

export const EMBED_RESIZE = 'linfen-embed:resize';

/** The title of a poll's widget: its document's title and every iframe's that frames it. */
export const widgetTitle = (pollTitle: string) => `${pollTitle} · 投票结果`;

/** Escapes text for HTML element content and double-quoted attributes (names come from D1). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
