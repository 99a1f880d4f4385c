import { decode } from 'fast-png';
import jsQR from 'jsqr';
import { beforeAll, describe, expect, it } from 'vitest';
import { posterCache, posterSvg, qrPng, shortAddress, type PosterPoll } from '../../../worker/embed/poster';
import { chinaMidnight } from '../../../contracts/china-time';
import { seed, testApp } from '../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const m = testApp();
m.clock.set(NOW);
beforeAll(() => seed(NOW));

/** Reads the QR code in a PNG with a QR reader library, as a phone's camera would. */
function readQr(png: Uint8Array): string | undefined {
  const img = decode(png);
  expect(img.depth).toBe(8);
  const rgba = new Uint8ClampedArray(img.width * img.height * 4);
  for (let i = 0; i < img.width * img.height; i++) {
    const v = img.data[i * img.channels];
    rgba.set([v, v, v, 255], i * 4);
  }
  return jsQR(rgba, img.width, img.height)?.data;
}

describe('qrPng', () => {
  it('encodes the full address so that a reader decodes it back', () => {
    const url = 'https://vote.example.cn/polls/trades-vote/';
    expect(readQr(qrPng(url))).toBe(url);
  });
});

describe('QR posters of polls and notices', () => {
  it('serves a PNG that decodes to the poll page address', async () => {
    const res = await m.request('/polls/trades-vote/qr.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/png');
    expect(readQr(new Uint8Array(await res.arrayBuffer()))).toBe('http://localhost/polls/trades-vote/');
  });

  it('serves a PNG that decodes to the notice page address', async () => {
    const res = await m.request('/notices/bases-publicity/qr.png');
    expect(readQr(new Uint8Array(await res.arrayBuffer()))).toBe('http://localhost/notices/bases-publicity/');
  });

  it('serves an SVG poster with the title, neutral wording and the short address', async () => {
    const res = await m.request('/polls/trades-vote/poster.svg');
    expect(res.headers.get('Content-Type')).toBe('image/svg+xml');
    const svg = await res.text();
    expect(svg).toContain('扫码投票');
    expect(svg).toContain('localhost/polls/trades-vote/');
    expect(svg).toContain('十大精品工种');
    expect(svg).not.toMatch(/请为|投我|帮我|拉票/);
  });

  it('serves a poster page around the PNG for long-press saving', async () => {
    const html = await (await m.request('/notices/bases-publicity/poster/')).text();
    expect(html).toContain('<img src="/notices/bases-publicity/qr.png"');
    expect(html).toContain('扫码查看公示详情');
    expect(html).toContain('localhost/notices/bases-publicity/');
  });

  it('answers 404 for unknown slugs', async () => {
    expect((await m.request('/polls/none/qr.png')).status).toBe(404);
    expect((await m.request('/notices/none/poster.svg')).status).toBe(404);
  });
});

describe('posterSvg', () => {
  it('escapes the title and breaks a long one into lines', () => {
    const svg = posterSvg({ kind: 'poll', title: '<script>'.padEnd(40, '长'), url: 'https://a.cn/polls/x/' });
    expect(svg).not.toContain('<script>');
    expect(svg.match(/font-size="34"/g)).toHaveLength(3);
  });

  it('shows the address without its scheme', () => {
    expect(shortAddress('https://vote.example.cn/polls/x/')).toBe('vote.example.cn/polls/x/');
  });
});

describe('posters say when and how to vote', () => {
  const poll = (status: PosterPoll['status'], ballotMode: PosterPoll['ballotMode'] = 'once'): PosterPoll => ({
    status,
    opensAt: Date.UTC(2026, 11, 1, 1, 0), // 2026-12-01 09:00 China time
    closesAt: chinaMidnight('2026-12-16'),
    maxChoices: 3,
    ballotMode,
  });
  const svgOf = (p: PosterPoll) =>
    posterSvg({ kind: 'poll', title: '测试投票', url: 'https://a.cn/polls/x/', poll: p });

  it('says 扫码投票 only while the poll is open, with the voting dates and how to vote', () => {
    const open = svgOf(poll('open'));
    expect(open).toContain('>扫码投票<');
    expect(open).toContain('2026年12月1日 09:00 至 2026年12月15日 24:00');
    expect(open).toContain('勾选 1 至 3 项，填写手机号和短信验证码');
    expect(open).toContain('每个手机号限投一次');
    expect(svgOf(poll('open', 'daily'))).toContain('每个手机号每天限投一次');
    expect(svgOf(poll('scheduled'))).toContain('>扫码查看投票详情<');
    expect(svgOf(poll('closed'))).toContain('>扫码查看投票结果<');
    for (const status of ['scheduled', 'closed', 'published'] as const)
      expect(svgOf(poll(status))).not.toContain('>扫码投票<');
  });

  it('prints on one A4 page: the SVG is 210 × 297 mm and everything lies inside it', () => {
    const svg = posterSvg({ kind: 'poll', title: '长'.repeat(60), url: 'https://a.cn/polls/x/', poll: poll('open') });
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 595 842" width="210mm" height="297mm"/);
    const ys = [...svg.matchAll(/<text [^>]*y="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...ys)).toBeLessThan(842 - 20);
  });

  it('gives the poster page the same lines, and hides the phone-only ones in print', async () => {
    const html = await (await m.request('/polls/trades-vote/poster/')).text();
    expect(html).toContain('扫码投票');
    expect(html).toContain('投票时间（北京时间）');
    expect(html).toContain('投票方法');
    expect(html).toContain('<p class="a phone">长按图片可保存或识别二维码</p>');
    expect(html).toMatch(/@media print\{@page\{size:A4;[^}]*\}\.phone\{display:none\}/);
    expect(html).toMatch(/<p id="open-in-browser" class="h phone" hidden>/);
    expect(html).toContain('<script src="/site.js" defer></script>');
  });

  it('keeps a poll poster in caches no longer than until voting opens or closes', async () => {
    const p = poll('scheduled');
    expect(posterCache(p, p.opensAt - 600_000)).toBe('public, max-age=600, s-maxage=600');
    expect(posterCache(p, p.closesAt - 7_200_000)).toBe('public, max-age=3600, s-maxage=7200');
    expect(posterCache(p, p.closesAt + 1)).toBe('public, max-age=3600, s-maxage=86400');
    expect(posterCache(undefined, 0)).toBe('public, max-age=3600, s-maxage=86400');
    const res = await m.request('/polls/trades-vote/poster.svg');
    expect(res.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+, s-maxage=\d+$/);
  });
});
