import { SEVERITIES, type SeverityCounts } from '../severity.js';
import {
  parseSummaryHistory,
  recordWeek,
  renderSummaryHistoryBlock,
  weekOf,
  type ImageWeekCounts,
  type SummaryHistory,
} from '../summary-history.js';
import { code, link, tableHeader, tableRow, text } from './markdown.js';
import { WEEKLY_SUMMARY_MARKER } from './markers.js';
import { COMMENT_BUDGET } from './pull-request-comment.js';
import { SEVERITY_ICON } from './report-view.js';

/*
 * The weekly summary issue (`mode: summary`): the latest counts per image and, per image, a
 * mermaid xychart (GitHub renders ```mermaid blocks) of the trend — bars for CRITICAL+HIGH,
 * a line for all findings. xychart-beta has no legend, so the chart title says which is which.
 */

export const WEEKLY_SUMMARY_TITLE = 'Container security: weekly summary';

/** Charts beyond this many images make the issue unreadable; the table still lists them all. */
export const MAX_CHARTS = 8;

export interface WeeklySummaryContext {
  /** When this summary was made (ISO time). */
  now: string;
  runUrl?: string;
}

function total(counts: SeverityCounts | undefined): number {
  return counts ? SEVERITIES.reduce((sum, s) => sum + counts[s], 0) : 0;
}

function severe(counts: SeverityCounts | undefined): number {
  return counts ? counts.CRITICAL + counts.HIGH : 0;
}

/** Mermaid strings are double-quoted: anything else than plain name characters is dropped. */
function mermaidText(value: string): string {
  return value.replace(/[^A-Za-z0-9 ._/:@+-]/g, '');
}

function chart(history: SummaryHistory, image: string): string {
  const weeks = history.weeks;
  const severeSeries = weeks.map((w) => severe(w.images[image]));
  const totalSeries = weeks.map((w) => total(w.images[image]));
  const max = Math.max(1, ...totalSeries);
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${mermaidText(image)} (bars: critical+high, line: all)"`,
    `    x-axis [${weeks.map((w) => `"${w.week.slice(5)}"`).join(', ')}]`,
    `    y-axis "Findings" 0 --> ${max}`,
    `    bar [${severeSeries.join(', ')}]`,
    `    line [${totalSeries.join(', ')}]`,
    '```',
  ].join('\n');
}

function delta(now: number, before: number | undefined): string {
  if (before === undefined) return 'new';
  const d = now - before;
  return d === 0 ? '±0' : d > 0 ? `+${d} 📈` : `${d} 📉`;
}

/** Images of the latest week, most findings first. */
function latestImages(history: SummaryHistory): string[] {
  const latest = history.weeks[history.weeks.length - 1];
  if (!latest) return [];
  return Object.keys(latest.images).sort((a, b) => total(latest.images[b]) - total(latest.images[a]) || a.localeCompare(b));
}

function renderBody(history: SummaryHistory, context: WeeklySummaryContext, charts: number, notes: readonly string[]): string {
  const latest = history.weeks[history.weeks.length - 1];
  const previous = history.weeks[history.weeks.length - 2];
  const images = latestImages(history);
  const parts: string[] = [WEEKLY_SUMMARY_MARKER, `## ${WEEKLY_SUMMARY_TITLE}`];
  parts.push(
    `Week of ${latest?.week ?? weekOf(context.now)} · updated ${context.now}${context.runUrl ? ` · ${link('workflow run', context.runUrl)}` : ''}`,
  );
  if (images.length === 0) {
    parts.push('No image was scanned this week.');
  } else {
    const rows = images.map((image) => {
      const counts = latest!.images[image]!;
      return tableRow([code(image), ...SEVERITIES.map((s) => String(counts[s])), String(total(counts)), delta(total(counts), previous?.images[image] ? total(previous.images[image]) : undefined)]);
    });
    parts.push([tableHeader(['Image', ...SEVERITIES.map((s) => `${SEVERITY_ICON[s]} ${s}`), 'Total', 'vs last week']), ...rows].join('\n'));
  }
  const charted = images.slice(0, charts);
  if (charted.length > 0) {
    parts.push(`### Trend (last ${history.weeks.length} week${history.weeks.length === 1 ? '' : 's'})`);
    for (const image of charted) parts.push(`#### ${code(image)}`, chart(history, image));
    if (images.length > charted.length) parts.push(`_${images.length - charted.length} more image(s) are in the table but not charted._`);
  }
  parts.push(...notes.map((n) => `_${n}_`));
  parts.push(
    '<sub>Managed by container-security-gate (`mode: summary`). The hidden block below keeps the history; keep it if you edit this issue.</sub>',
    renderSummaryHistoryBlock(history),
  );
  return parts.join('\n\n');
}

/**
 * The whole issue body for a history, under GitHub's body limit: charts go first, then the
 * oldest weeks, and a note says so.
 */
export function renderWeeklySummary(history: SummaryHistory, context: WeeklySummaryContext, notes: readonly string[] = []): string {
  let current = history;
  let charts = MAX_CHARTS;
  let body = renderBody(current, context, charts, notes);
  while (body.length > COMMENT_BUDGET) {
    if (charts > 0) charts -= 1;
    else if (current.weeks.length > 1) current = { weeks: current.weeks.slice(1) };
    else break;
    body = renderBody(current, context, charts, [...notes, 'Shortened to fit GitHub’s 65,536-character limit.']);
  }
  return body;
}

/**
 * The next body of the summary issue: reads the history from the previous body (if any),
 * records this week's counts and renders. The adapter calls this with the body it found.
 */
export function nextWeeklySummaryBody(previousBody: string | undefined, images: readonly ImageWeekCounts[], context: WeeklySummaryContext): string {
  const { history, problem } = parseSummaryHistory(previousBody);
  const notes = problem ? [`The previous trend data was unreadable and has been restarted: ${text(problem)}.`] : [];
  return renderWeeklySummary(recordWeek(history, weekOf(context.now), images), context, notes);
}
