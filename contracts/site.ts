/** The site's name, shown in the header and in every page title, by the Astro layout and the Worker. */
export const SITE_NAME = '临汾技工 · 六个十';

/** The `<title>` of a page: its own title, then the site name; the site name alone when it has none. */
export function pageTitle(title?: string): string {
  return title ? `${title} · ${SITE_NAME}` : SITE_NAME;
}
