import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrSvg } from '../../../worker/services/qr';

/** Rasterises the SVG's `M{x},{y}h{s}v{s}h-{s}z` squares into RGBA pixels, one pixel per unit. */
function raster(svg: string) {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
  const px = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const [, x, y, s] of svg.matchAll(/M(\d+),(\d+)h(\d+)v\d+h-\d+z/g)) {
    for (let dy = 0; dy < Number(s); dy++) {
      for (let dx = 0; dx < Number(s); dx++) {
        const i = ((Number(y) + dy) * size + Number(x) + dx) * 4;
        px[i] = px[i + 1] = px[i + 2] = 0;
      }
    }
  }
  return { px, size };
}

describe('qrSvg', () => {
  it('draws a QR code a reader decodes back to the text', () => {
    const text = 'otpauth://totp/%E4%B8%B4%E6%B1%BE:wang.li?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=x';
    const svg = qrSvg(text);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const { px, size } = raster(svg);
    expect(jsQR(px, size, size)?.data).toBe(text);
  });

  it('keeps a quiet zone of 4 modules on every side', () => {
    const svg = qrSvg('https://example.org/', 6);
    const coords = [...svg.matchAll(/M(\d+),(\d+)h/g)].flatMap(([, x, y]) => [Number(x), Number(y)]);
    const size = Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
    expect(Math.min(...coords)).toBe(24);
    expect(Math.max(...coords)).toBe(size - 24 - 6);
  });
});
