import { decode } from 'fast-png';
import jsQR from 'jsqr';
import { beforeAll, describe, expect, it } from 'vitest';
import { posterSvg, qrPng, shortAddress } from '../../../worker/embed/poster';
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
    expect(svg).toContain('扫码查看投票详情');
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
    expect(svg.match(/font-size="32"/g)).toHaveLength(3);
  });

  it('shows the address without its scheme', () => {
    expect(shortAddress('https://vote.example.cn/polls/x/')).toBe('vote.example.cn/polls/x/');
  });
});
