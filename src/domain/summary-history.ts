import { z } from 'zod';
import { SEVERITIES, emptyCounts, type SeverityCounts } from './severity.js';

/*
 * The weekly summary's memory: counts per image per week, kept inside the summary issue itself
 * as a hidden HTML comment (base64 of JSON, so `--` or `>` in the data cannot end the comment).
 * No other storage is needed, and anyone can read it back with `base64 -d`.
 */

/** How many weeks of history the issue keeps (half a year). */
export const SUMMARY_HISTORY_WEEKS = 26;

const BLOCK_PREFIX = '<!-- container-security-gate:summary-history v1 ';
const BLOCK_PATTERN = /<!-- container-security-gate:summary-history v1 ([A-Za-z0-9+/=]*) -->/;

export interface SummaryWeek {
  /** The Monday (UTC) the week starts on, `YYYY-MM-DD`. */
  week: string;
  /** Image repository → counts by severity found that week (the latest run of the week). */
  images: Record<string, SeverityCounts>;
}

export interface SummaryHistory {
  /** Oldest first, at most one entry per week. */
  weeks: SummaryWeek[];
}

export interface ImageWeekCounts {
  image: string;
  counts: SeverityCounts;
}

/** Stored form: counts as [CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN], which keeps the block small. */
const storedHistory = z.object({
  version: z.literal(1),
  weeks: z
    .array(
      z.object({
        week: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        images: z.record(z.string().min(1), z.array(z.number().int().nonnegative()).length(SEVERITIES.length)),
      }),
    )
    .max(520),
});

/** The Monday (UTC) of the week `date` falls in. */
export function weekOf(date: Date | string): string {
  const day = new Date(typeof date === 'string' ? date : date.getTime());
  if (Number.isNaN(day.getTime())) throw new RangeError(`not a date: ${String(date)}`);
  const monday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

/**
 * Reads the history block from an issue body. No body or no block: an empty history.
 * A block that does not decode: an empty history plus the problem, so the caller can say
 * the trend was restarted instead of silently losing it.
 */
export function parseSummaryHistory(body: string | null | undefined): { history: SummaryHistory; problem: string | undefined } {
  const match = body ? BLOCK_PATTERN.exec(body) : null;
  if (!match) return { history: { weeks: [] }, problem: undefined };
  try {
    const parsed = storedHistory.parse(JSON.parse(Buffer.from(match[1] ?? '', 'base64').toString('utf8')));
    const weeks = parsed.weeks.map((w) => ({
      week: w.week,
      images: Object.fromEntries(
        Object.entries(w.images).map(([image, values]) => {
          const counts = emptyCounts();
          SEVERITIES.forEach((s, i) => (counts[s] = values[i] ?? 0));
          return [image, counts];
        }),
      ),
    }));
    return { history: { weeks: normalise(weeks) }, problem: undefined };
  } catch (error) {
    return { history: { weeks: [] }, problem: `the history block could not be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

function normalise(weeks: SummaryWeek[]): SummaryWeek[] {
  const byWeek = new Map<string, SummaryWeek>();
  for (const w of weeks) byWeek.set(w.week, { week: w.week, images: { ...(byWeek.get(w.week)?.images ?? {}), ...w.images } });
  return [...byWeek.values()].sort((a, b) => a.week.localeCompare(b.week));
}

/**
 * Records this run's counts in `week`. A second run in the same week replaces the counts of
 * the images it scanned and keeps the others; only the last `maxWeeks` weeks are kept.
 */
export function recordWeek(history: SummaryHistory, week: string, images: readonly ImageWeekCounts[], maxWeeks = SUMMARY_HISTORY_WEEKS): SummaryHistory {
  const entry: SummaryWeek = { week, images: Object.fromEntries(images.map((i) => [i.image, { ...i.counts }])) };
  const weeks = normalise([...history.weeks, entry]);
  return { weeks: weeks.slice(Math.max(0, weeks.length - maxWeeks)) };
}

/** The hidden block to put in the issue body. */
export function renderSummaryHistoryBlock(history: SummaryHistory): string {
  const stored = {
    version: 1 as const,
    weeks: history.weeks.map((w) => ({
      week: w.week,
      images: Object.fromEntries(Object.entries(w.images).map(([image, counts]) => [image, SEVERITIES.map((s) => counts[s])])),
    })),
  };
  return `${BLOCK_PREFIX}${Buffer.from(JSON.stringify(stored), 'utf8').toString('base64')} -->`;
}
