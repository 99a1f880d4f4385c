/**
 * QR posters for polls and notices. The QR code comes from `uqr`; the PNG (what WeChat's long-press
 * menu saves and scans — it does not do so reliably for SVG) is encoded by `fast-png`, both pure
 * JavaScript that runs in workerd. The wording is neutral: WeChat forbids induced sharing such as
 * "请为我投票", so the poster only says what scanning opens.
 */
import { encode as encodePng } from 'fast-png';
import { encode as encodeQr } from 'uqr';
import { formatChinaDate, formatChinaDateTime, formatChinaDeadline } from '../../contracts/china-time';
import type { BallotMode, PollStatus } from '../../contracts/enums';
import { SAVE_IMAGE_HINT } from '../../contracts/site';
import { escapeHtml } from '../../contracts/widget';

export type PosterKind = 'poll' | 'notice';

/** What a poll's poster says about voting: its window (epoch ms) and its rule. */
export interface PosterPoll {
  status: PollStatus;
  opensAt: number;
  closesAt: number;
  maxChoices: number;
  ballotMode: BallotMode;
}

export interface PosterInput {
  kind: PosterKind;
  title: string;
  /** The full address the QR code opens, e.g. https://host/polls/slug/. */
  url: string;
  /** A poll's window and rule: the poster gives the dates and how to vote. */
  poll?: PosterPoll;
  /** A notice's period (China dates). */
  period?: { startsOn: string; endsOn: string };
}

/** The QR code of one address never changes; a day of caching is safe. */
export const POSTER_CACHE = 'public, max-age=3600, s-maxage=86400';

/**
 * A poster's cache: a poll's poster changes its caption when voting opens and closes, so it is
 * kept no longer than until the next of those instants (and never longer than POSTER_CACHE).
 */
export function posterCache(poll: Pick<PosterPoll, 'opensAt' | 'closesAt'> | undefined, now: number): string {
  const next = poll ? [poll.opensAt, poll.closesAt].find((t) => t > now) : undefined;
  if (next === undefined) return POSTER_CACHE;
  const seconds = Math.ceil((next - now) / 1000);
  return `public, max-age=${Math.min(3600, seconds)}, s-maxage=${Math.min(86400, seconds)}`;
}

const QUIET_ZONE = 4;

/**
 * What scanning does: "扫码投票" only while the poll is open (a plain instruction; WeChat forbids
 * induced sharing such as "请为我投票", which this is not), otherwise what the page shows.
 */
export function posterCaption(p: Pick<PosterInput, 'kind' | 'poll'>): string {
  if (p.kind === 'notice') return '扫码查看公示详情';
  if (p.poll?.status === 'open') return '扫码投票';
  if (p.poll?.status === 'closed' || p.poll?.status === 'published') return '扫码查看投票结果';
  return '扫码查看投票详情';
}

/** A block of the poster under the QR code: a bold heading, then its printed lines. */
export interface PosterBlock {
  heading: string;
  lines: string[];
}

/** The dates and how to vote (a poll), or the period and how to object (a notice), under the QR code. */
export function posterInfo(p: Pick<PosterInput, 'kind' | 'poll' | 'period'>): PosterBlock[] {
  if (p.poll) {
    const once = p.poll.ballotMode === 'daily' ? '每个手机号每天限投一次' : '每个手机号限投一次';
    return [
      {
        heading: '投票时间（北京时间）',
        lines: [`${formatChinaDateTime(p.poll.opensAt)} 至 ${formatChinaDeadline(p.poll.closesAt)}`],
      },
      {
        heading: '投票方法',
        lines: [
          '① 微信扫码，或在手机浏览器打开上方网址；',
          `② 勾选 1 至 ${p.poll.maxChoices} 项，填写手机号和短信验证码；`,
          `③ 提交后保存回执码，可查询选票。${once}。`,
        ],
      },
    ];
  }
  if (p.period) {
    return [
      {
        heading: '公示期',
        lines: [`${formatChinaDate(p.period.startsOn)} 至 ${formatChinaDate(p.period.endsOn)} 24:00`],
      },
      { heading: '提出异议', lines: ['公示期内可扫码在线实名提出，', '或按公示所列电话、地址反映。'] },
    ];
  }
  return [];
}

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

/** A4 in points: the print poster's own page size, so it prints filling the sheet. */
const A4 = { w: 595, h: 842 };

/**
 * A printable SVG poster, one A4 page (210 × 297 mm): site name, title (wrapped), QR code of the
 * full address, what scanning does, the short address, then a poll's dates and how to vote (a
 * notice's period). Fixed positions, so every poster fills the page the same way.
 */
export function posterSvg(p: PosterInput): string {
  const matrix = qrMatrix(p.url);
  const { w: W, h: H } = A4;
  const qrSide = 300;
  const qrTop = 228;
  const lines = titleLines(p.title, 14, 3);
  // The title block is centred in the band between the site name and the QR code.
  const titleTop = 146 - ((lines.length - 1) * 46) / 2;
  const scale = qrSide / (matrix.length + 2 * QUIET_ZONE);
  const text = (y: number, size: number, s: string, fill = '#1f2328', weight = 400) =>
    `<text x="${W / 2}" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="middle">${escapeHtml(s)}</text>`;
  // The blocks under the QR code, one printed line each: headings bold.
  const info = posterInfo(p).flatMap((b) => [
    { s: b.heading, weight: 700 },
    ...b.lines.map((l) => ({ s: l, weight: 400 })),
  ]);
  const infoTop = qrTop + qrSide + 124;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="210mm" height="297mm" ` +
    `font-family="'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif">` +
    `<rect width="${W}" height="${H}" fill="#fff"/><rect width="${W}" height="14" fill="#c2410c"/>` +
    text(54, 24, '临汾技工 · 六个十', '#9a3412', 600) +
    lines.map((l, i) => text(titleTop + i * 46, 34, l, '#1f2328', 700)).join('') +
    `<g transform="translate(${(W - qrSide) / 2 + QUIET_ZONE * scale} ${qrTop + QUIET_ZONE * scale}) scale(${scale})">` +
    `<path d="${qrPath(matrix)}" fill="#000" shape-rendering="crispEdges"/></g>` +
    text(qrTop + qrSide + 44, 30, posterCaption(p), '#b3261e', 700) +
    text(qrTop + qrSide + 78, 18, shortAddress(p.url), '#57606a') +
    (info.length
      ? `<rect x="40" y="${infoTop - 30}" width="${W - 80}" height="${info.length * 28 + 22}" rx="10" fill="#fff7f6" stroke="#f0c9c4"/>` +
        info.map((l, i) => text(infoTop + i * 28, 17, l.s, '#1f2328', l.weight)).join('')
      : '') +
    `<rect y="${H - 14}" width="${W}" height="14" fill="#c2410c"/>` +
    `</svg>`
  );
}

/**
 * A small standalone poster page for phones: the title, the dates and how to vote as HTML around
 * the PNG of the QR code, which WeChat lets a citizen long-press to save or scan. Printed, it fills
 * an A4 page without the phone-only lines (long-press, the in-app browser hint). site.js shows the
 * hint inside Douyin and Kuaishou, where long-press cannot save the image.
 */
export function posterPage(p: PosterInput, pngPath: string): string {
  const title = escapeHtml(p.title);
  const info = posterInfo(p);
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${title} · 二维码</title><style>` +
    'body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#fff;text-align:center}' +
    'main{max-width:420px;margin:0 auto;padding:24px 16px;border-top:6px solid #c2410c}' +
    '.p{color:#9a3412;font-weight:600;margin:0}h1{font-size:1.35rem;margin:8px 0 16px}' +
    'img{width:100%;max-width:320px;height:auto;image-rendering:pixelated}.a{color:#57606a;word-break:break-all}' +
    '.c{color:#b3261e;font-size:1.2rem}.i{text-align:left;background:#fff7f6;border:1px solid #f0c9c4;border-radius:10px;padding:8px 14px}.i p{margin:4px 0}' +
    '.h{text-align:left;border-left:4px solid #8a5a00;background:#fff8e6;padding:6px 10px}' +
    '@media print{@page{size:A4;margin:12mm}.phone{display:none}main{max-width:none;border-top-width:4mm;padding:10mm 14mm;font-size:14pt}' +
    'h1{font-size:26pt;margin:6mm 0}img{max-width:110mm}.c{font-size:20pt}}' +
    `</style><script src="/site.js" defer></script></head><body><main><p class="p">临汾技工 · 六个十</p><h1>${title}</h1>` +
    `<img src="${escapeHtml(pngPath)}" width="320" height="320" alt="${title} 的二维码">` +
    `<p class="c"><strong>${posterCaption(p)}</strong></p><p class="a">${escapeHtml(shortAddress(p.url))}</p>` +
    (info.length
      ? `<div class="i">${info
          .map((b) => `<p><strong>${escapeHtml(b.heading)}</strong><br>${b.lines.map(escapeHtml).join('<br>')}</p>`)
          .join('')}</div>`
      : '') +
    '<p class="a phone">长按图片可保存或识别二维码</p>' +
    `<p id="open-in-browser" class="h phone" hidden>${escapeHtml(SAVE_IMAGE_HINT)}</p></main></body></html>`
  );
}
