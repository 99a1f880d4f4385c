/** The site's name, shown in the header and in every page title, by the Astro layout and the Worker. */
export const SITE_NAME = '临汾技工 · 六个十';

/** The `<title>` of a page: its own title, then the site name; the site name alone when it has none. */
export function pageTitle(title?: string): string {
  return title ? `${title} · ${SITE_NAME}` : SITE_NAME;
}

/**
 * Shown inside Douyin's and Kuaishou's in-app browsers beside the QR poster, the one thing that does
 * not work there (long-press cannot save an image); voting does work, so it is shown nowhere else.
 */
export const SAVE_IMAGE_HINT =
  '抖音、快手内无法长按保存图片。如需保存二维码海报，请点击右上角“…”，选择“在浏览器中打开”。';

/**
 * How fresh a public page is: the edge cache serves a copy for this many seconds (its `s-maxage`)...
 */
export const PAGE_FRESH_SECONDS = 15;
/** ...and, once expired, for at most this many more while it rebuilds it (stale-while-revalidate). */
export const PAGE_STALE_SECONDS = 30;
