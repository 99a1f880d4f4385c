/** A published final list of a track. */
import type { FinalListDetail } from '../../services/content';
import { demoBadge, trackCrumb, type Html, html } from './fragments';
import { when } from './format';

export function finalListView(list: FinalListDetail, trackTitle: string): Html {
  return html`${trackCrumb({ key: list.track, title: trackTitle })}
    <h1>${list.title}${demoBadge(list.isDemo)}</h1>
    <p class="muted">发布于 ${when(list.publishedAt)}</p>
    <p>${list.body}</p>
    <ol class="finalists">
      ${list.items.map(
        (it) =>
          html`<li>
            <h2>${it.name}</h2>
            <p class="muted">${it.county ?? ''}${it.note ? ` · ${it.note}` : ''}</p>
          </li>`,
      )}
    </ol>`;
}
