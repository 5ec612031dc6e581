import { SEVERITIES, type Severity, type SeverityCounts } from '../../severity.js';
import { escapeHtml } from './escape.js';

/** Bar colours per severity; dark enough for white labels (WCAG AA). */
export const SEVERITY_COLOUR: Record<Severity, string> = {
  CRITICAL: '#a40e26',
  HIGH: '#b35900',
  MEDIUM: '#7d5e00',
  LOW: '#1f5fbf',
  UNKNOWN: '#57606a',
};

/** Horizontal bar chart of counts by severity, drawn here: the page needs no chart library. */
export function severityBarChart(counts: SeverityCounts, title: string): string {
  const max = Math.max(1, ...SEVERITIES.map((s) => counts[s]));
  const rowHeight = 34;
  const labelWidth = 100;
  const barSpace = 360;
  const width = labelWidth + barSpace + 70;
  const height = SEVERITIES.length * rowHeight + 8;
  const bars = SEVERITIES.map((s, i) => {
    const y = 4 + i * rowHeight;
    const w = counts[s] === 0 ? 0 : Math.max(3, Math.round((counts[s] / max) * barSpace));
    return (
      `<g class="bar" data-severity="${s}"><text x="${labelWidth - 10}" y="${y + 20}" text-anchor="end">${s}</text>` +
      `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 10}" rx="3" fill="${SEVERITY_COLOUR[s]}"></rect>` +
      `<text x="${labelWidth + w + 8}" y="${y + 20}">${counts[s].toLocaleString('en-US')}</text></g>`
    );
  }).join('');
  const described = SEVERITIES.map((s) => `${s} ${counts[s]}`).join(', ');
  return (
    `<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="chart-title">${escapeHtml(`${title}: ${described}`)}</title>` +
    `<line x1="${labelWidth}" y1="0" x2="${labelWidth}" y2="${height}" stroke="#d0d7de"></line>${bars}</svg>`
  );
}
