/**
 * QR posters for polls and notices. The QR code comes from `uqr`; the PNG (what WeChat's long-press
 * menu saves and scans — it does not do so reliably for SVG) is encoded by `fast-png`, both pure
 * JavaScript that runs in workerd. The wording is neutral: WeChat forbids induced sharing such as
 * "请为我投票", so the poster only says what scanning opens.
 */
import { encode as encodePng } from 'fast-png';
import { encode as encodeQr } from 'uqr';
import { escapeHtml } from '../../contracts/widget';

export type PosterKind = 'poll' | 'notice';

export interface PosterInput {
  kind: PosterKind;
  title: string;
  /** The full address the QR code opens, e.g. https://host/polls/slug/. */
  url: string;
}

/** Posters of one address never change; a day of caching is safe. */
export const POSTER_CACHE = 'public, max-age=3600, s-maxage=86400';

const CAPTION: Record<PosterKind, string> = { poll: '扫码查看投票详情', notice: '扫码查看公示详情' };
const QUIET_ZONE = 4;

/** The QR modules of a text (medium error correction), `true` = dark, without a quiet zone. */
export function qrMatrix(text: string): boolean[][] {
  return encodeQr(text, { ecc: 'M', border: 0 }).data;
}

/** The address as people type it: host and path, no scheme. */
export function shortAddress(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
}

/** A grayscale PNG of the QR code of `text`, `scale` pixels per module, with a 4-module quiet zone. */
export function qrPng(text: string, scale = 8): Uint8Array<ArrayBuffer> {
  const matrix = qrMatrix(text);
  const modules = matrix.length + 2 * QUIET_ZONE;
  const side = modules * scale;
  const data = new Uint8Array(side * side).fill(255);
  matrix.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) {
        const start = ((y + QUIET_ZONE) * scale + dy) * side + (x + QUIET_ZONE) * scale;
        data.fill(0, start, start + scale);
      }
    }),
  );
  return new Uint8Array(encodePng({ width: side, height: side, data, channels: 1, depth: 8 }));
}

/** The QR code as one SVG path in module units. */
function qrPath(matrix: boolean[][]): string {
  let d = '';
  matrix.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
  return d;
}

/** Splits a title into lines of at most `per` characters (Chinese titles have no spaces to break at). */
function titleLines(title: string, per: number, max: number): string[] {
  const chars = [...title];
  const lines: string[] = [];
  for (let i = 0; i < chars.length && lines.length < max; i += per) lines.push(chars.slice(i, i + per).join(''));
  if (chars.length > per * max) lines[max - 1] = `${[...lines[max - 1]].slice(0, per - 1).join('')}…`;
  return lines;
}

/** A printable SVG poster: title, QR code of the full address, caption, short address, site name. */
export function posterSvg(p: PosterInput): string {
  const matrix = qrMatrix(p.url);
  const W = 600;
  const qrSide = 360;
  const lines = titleLines(p.title, 14, 3);
  const qrTop = 80 + lines.length * 44;
  const scale = qrSide / (matrix.length + 2 * QUIET_ZONE);
  const text = (y: number, size: number, s: string, fill = '#1f2328', weight = 400) =>
    `<text x="${W / 2}" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="middle">${escapeHtml(s)}</text>`;
  const H = qrTop + qrSide + 150;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" ` +
    `font-family="'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif">` +
    `<rect width="${W}" height="${H}" fill="#fff"/><rect width="${W}" height="12" fill="#c2410c"/>` +
    text(56, 22, '临汾技工 · 六个十', '#9a3412', 600) +
    lines.map((l, i) => text(100 + i * 44, 32, l, '#1f2328', 700)).join('') +
    `<g transform="translate(${(W - qrSide) / 2 + QUIET_ZONE * scale} ${qrTop + QUIET_ZONE * scale}) scale(${scale})">` +
    `<path d="${qrPath(matrix)}" fill="#000" shape-rendering="crispEdges"/></g>` +
    text(qrTop + qrSide + 50, 26, CAPTION[p.kind], '#1f2328', 600) +
    text(qrTop + qrSide + 95, 20, shortAddress(p.url), '#57606a') +
    `</svg>`
  );
}

/**
 * A small standalone poster page for phones: the title and short address as HTML around the PNG of
 * the QR code, which WeChat lets a citizen long-press to save or scan.
 */
export function posterPage(p: PosterInput, pngPath: string): string {
  const title = escapeHtml(p.title);
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${title} · 二维码</title><style>` +
    'body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#fff;text-align:center}' +
    'main{max-width:420px;margin:0 auto;padding:24px 16px;border-top:6px solid #c2410c}' +
    '.p{color:#9a3412;font-weight:600;margin:0}h1{font-size:1.35rem;margin:8px 0 16px}' +
    'img{width:100%;max-width:320px;height:auto;image-rendering:pixelated}.a{color:#57606a;word-break:break-all}' +
    `</style></head><body><main><p class="p">临汾技工 · 六个十</p><h1>${title}</h1>` +
    `<img src="${escapeHtml(pngPath)}" width="320" height="320" alt="${title} 的二维码">` +
    `<p><strong>${CAPTION[p.kind]}</strong></p><p class="a">${escapeHtml(shortAddress(p.url))}</p>` +
    '<p class="a">长按图片可保存或识别二维码</p></main></body></html>'
  );
}
