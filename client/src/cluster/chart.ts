import type { TrendSeries } from '../../../server/src/cluster/types';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A dependency-free SVG line chart: enough for "is it rising?", no script needed in the webview. `unit` labels the
 * value axis (a bare "436" says nothing about what was counted).
 */
export function lineChartSvg(series: TrendSeries[], o: { width: number; height: number; unit?: string }): string {
  const pts = series.flatMap((s) => s.points).filter(([, v]) => Number.isFinite(v));
  if (!pts.length) return '<p>No data in the last hour.</p>';
  const t0 = Math.min(...pts.map((p) => p[0]));
  const t1 = Math.max(...pts.map((p) => p[0]));
  const v0 = Math.min(0, ...pts.map((p) => p[1]));
  const v1 = Math.max(...pts.map((p) => p[1])) || 1;
  const pad = 36;
  const x = (t: number) => pad + ((t - t0) / (t1 - t0 || 1)) * (o.width - pad - 8);
  const top = o.unit ? 26 : 12;
  const y = (v: number) => o.height - 20 - ((v - v0) / (v1 - v0 || 1)) * (o.height - 20 - top);
  const colors = ['#3794ff', '#f14c4c', '#cca700', '#89d185', '#b180d7'];
  const lines = series.slice(0, 5).map((s, i) => {
    const d = s.points.filter(([, v]) => Number.isFinite(v)).map(([t, v], j) => `${j ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    return `<path d="${d}" fill="none" stroke="${colors[i]}" stroke-width="1.5"/>`;
  });
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toPrecision(2));
  const unit = o.unit ? `<text x="2" y="11" font-size="10" font-weight="bold" fill="currentColor">${escapeHtml(o.unit)}</text>\n` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" role="img" aria-label="${escapeHtml(o.unit ? `trend chart, ${o.unit}` : 'trend chart')}">
${unit}<line x1="${pad}" y1="${y(v0)}" x2="${o.width - 8}" y2="${y(v0)}" stroke="currentColor" stroke-opacity="0.3"/>
<text x="2" y="${y(v1) + 4}" font-size="10" fill="currentColor">${escapeHtml(fmt(v1))}</text>
<text x="2" y="${y(v0)}" font-size="10" fill="currentColor">${escapeHtml(fmt(v0))}</text>
<text x="${pad}" y="${o.height - 4}" font-size="10" fill="currentColor">-60 min</text>
<text x="${o.width - 40}" y="${o.height - 4}" font-size="10" fill="currentColor">now</text>
${lines.join('\n')}</svg>`;
}
