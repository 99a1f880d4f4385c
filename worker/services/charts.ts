/**
 * Bar charts as SVG markup, drawn by the server from numbers (the dashboard's turnout). Pure: no
 * library, nothing loaded by any page; every text is escaped, so the admin page may insert the
 * markup as it is. Colours come from `currentColor` and classes, never inline styles.
 */

export interface Bar {
  /** Shown under the bar (when there is room) and in its tooltip. */
  label: string;
  value: number;
}

export interface BarChartOptions {
  /** The chart's accessible name. */
  title: string;
  width?: number;
  height?: number;
  /** Label every n-th bar (default: as many as fit). */
  labelEvery?: number;
  /** The unit in tooltips: 张. */
  unit?: string;
}

/** The drawing area: margins for the axis labels. */
export const CHART_MARGIN = { top: 12, right: 8, bottom: 22, left: 36 } as const;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text escaped for SVG (XML) content and attribute values. */
export const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]);

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The geometry of each bar: x, y, width and height in the SVG's coordinates. */
export function barGeometry(bars: Bar[], width: number, height: number) {
  const plotW = width - CHART_MARGIN.left - CHART_MARGIN.right;
  const plotH = height - CHART_MARGIN.top - CHART_MARGIN.bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = bars.length ? plotW / bars.length : plotW;
  const gap = step > 4 ? Math.min(2, step * 0.2) : 0;
  return {
    max,
    rects: bars.map((b, i) => {
      const h = (Math.max(0, b.value) / max) * plotH;
      return {
        x: r1(CHART_MARGIN.left + i * step + gap / 2),
        y: r1(CHART_MARGIN.top + plotH - h),
        width: r1(step - gap),
        height: r1(h),
      };
    }),
  };
}

/** A bar chart of `bars` as an `<svg>` element's markup, with a tooltip per bar. */
export function barChartSvg(bars: Bar[], opts: BarChartOptions): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 160;
  const unit = opts.unit ?? '';
  const { max, rects } = barGeometry(bars, width, height);
  const baseY = height - CHART_MARGIN.bottom;
  const every = opts.labelEvery ?? Math.max(1, Math.ceil(bars.length / 8));
  const parts = rects.map((r, i) => {
    const b = bars[i];
    const tip = `${escapeXml(b.label)}：${b.value}${escapeXml(unit)}`;
    return `<rect class="bar" x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}"><title>${tip}</title></rect>`;
  });
  const labels = rects
    .map((r, i) =>
      i % every === 0
        ? `<text class="axis" x="${r1(r.x + r.width / 2)}" y="${height - 6}" text-anchor="middle">${escapeXml(bars[i].label)}</text>`
        : '',
    )
    .join('');
  const total = bars.reduce((n, b) => n + b.value, 0);
  const name = escapeXml(`${opts.title}（共 ${total}${unit}，最高 ${max}${unit}）`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${name}">` +
    `<title>${name}</title>` +
    `<line class="axis-line" x1="${CHART_MARGIN.left}" y1="${baseY}" x2="${width - CHART_MARGIN.right}" y2="${baseY}" stroke="currentColor"/>` +
    `<text class="axis" x="${CHART_MARGIN.left - 4}" y="${CHART_MARGIN.top + 4}" text-anchor="end">${max}</text>` +
    `<text class="axis" x="${CHART_MARGIN.left - 4}" y="${baseY}" text-anchor="end">0</text>` +
    `<g fill="currentColor">${parts.join('')}</g>` +
    labels +
    `</svg>`
  );
}
