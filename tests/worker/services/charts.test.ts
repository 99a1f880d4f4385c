/** The server-drawn bar chart: bar geometry from known numbers, and escaped text. */
import { describe, expect, it } from 'vitest';
import { barChartSvg, barGeometry, CHART_MARGIN } from '../../../worker/services/charts';

describe('barGeometry', () => {
  it('scales bars to the highest value and places them side by side in the plot area', () => {
    // A 4-bar chart 244 wide and 134 high: the plot is 200 × 100 after the margins.
    const width = CHART_MARGIN.left + 200 + CHART_MARGIN.right;
    const height = CHART_MARGIN.top + 100 + CHART_MARGIN.bottom;
    const { max, rects } = barGeometry(
      [
        { label: 'a', value: 0 },
        { label: 'b', value: 5 },
        { label: 'c', value: 10 },
        { label: 'd', value: 2.5 },
      ],
      width,
      height,
    );
    expect(max).toBe(10);
    const base = CHART_MARGIN.top + 100;
    expect(rects.map((r) => r.height)).toEqual([0, 50, 100, 25]);
    expect(rects.map((r) => r.y)).toEqual([base, base - 50, base - 100, base - 25]);
    // 50 per step, a 2-wide gap split on both sides.
    expect(rects.map((r) => r.x)).toEqual([37, 87, 137, 187]);
    expect(rects.every((r) => r.width === 48)).toBe(true);
  });

  it('draws zero-height bars when every value is zero (no division by zero)', () => {
    const { max, rects } = barGeometry(
      [
        { label: 'a', value: 0 },
        { label: 'b', value: 0 },
      ],
      200,
      100,
    );
    expect(max).toBe(1);
    expect(rects.map((r) => r.height)).toEqual([0, 0]);
  });
});

describe('barChartSvg', () => {
  it('draws one rect per bar with its tooltip, the total and maximum in its name, and escapes text', () => {
    const svg = barChartSvg(
      [
        { label: '06-13', value: 3 },
        { label: '<b>&"x"', value: 7 },
      ],
      { title: '每日投票数 <script>', unit: '张' },
    );
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('aria-label="每日投票数 &lt;script&gt;（共 10张，最高 7张）"');
    expect(svg).toContain('<title>06-13：3张</title>');
    expect(svg).toContain('&lt;b&gt;&amp;&quot;x&quot;：7张');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toMatch(/style=/);
  });
});
