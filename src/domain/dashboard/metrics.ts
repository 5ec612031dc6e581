import { weekOf, type SummaryHistory } from '../summary-history.js';
import { SEVERITIES, emptyCounts, type Severity, type SeverityCounts } from '../severity.js';
import { severityOfFingerprint, type RunRecord } from './history.js';

/*
 * What the dashboard shows per image, computed from its runs (oldest first):
 * - trend: one point per day (the day's last run) of counts by severity;
 * - new vs fixed per week: findings (by fingerprint) that appeared or disappeared between
 *   consecutive runs that recorded fingerprints, counted in the week of the later run;
 * - time to fix: for each finding that disappeared, first seen → first run without it;
 * - exceptions of the latest run with days to expiry; the latest verdict and its report.
 */

export interface TrendPoint {
  day: string;
  counts: SeverityCounts;
}

export interface WeekFlow {
  week: string;
  added: number;
  fixed: number;
}

export interface FixedFinding {
  id: string;
  severity: Severity;
  firstSeen: string;
  fixedAt: string;
  days: number;
}

export interface ImageDashboard {
  image: string;
  latest: RunRecord;
  runs: number;
  /** The last ten runs, newest first. */
  recentRuns: RunRecord[];
  trend: TrendPoint[];
  weeks: WeekFlow[];
  fixed: FixedFinding[];
  /** Median days to fix by severity (only severities with fixed findings). */
  medianDaysToFix: Partial<Record<Severity, number>>;
  /** Findings open in the latest run, by how many days since first seen. */
  openFindings: number;
  exceptions: (RunRecord['exceptions'][number] & { daysLeft: number })[];
  /** Weekly counts from the weekly summary issue (scans of the published image). */
  weekly: { week: string; counts: SeverityCounts }[];
}

const DAY = 86_400_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function days(from: string, to: string): number {
  return Math.round(((Date.parse(to) - Date.parse(from)) / DAY) * 10) / 10;
}

export function imageDashboard(image: string, runs: readonly RunRecord[], now: Date, summary?: SummaryHistory): ImageDashboard {
  const byDay = new Map<string, SeverityCounts>();
  for (const run of runs) byDay.set(run.time.slice(0, 10), run.counts);
  const trend = [...byDay].map(([day, counts]) => ({ day, counts }));

  const weeks = new Map<string, WeekFlow>();
  const firstSeen = new Map<string, string>();
  const fixed: FixedFinding[] = [];
  let previous: Set<string> | undefined;
  for (const run of runs) {
    if (!run.findings) continue;
    const current = new Set(run.findings);
    for (const f of current) if (!firstSeen.has(f)) firstSeen.set(f, run.time);
    if (previous) {
      const week = weekOf(run.time);
      const flow = weeks.get(week) ?? { week, added: 0, fixed: 0 };
      for (const f of current) if (!previous.has(f)) flow.added += 1;
      for (const f of previous) {
        if (current.has(f)) continue;
        flow.fixed += 1;
        const since = firstSeen.get(f)!;
        fixed.push({ id: f.split(' ')[0] ?? f, severity: severityOfFingerprint(f), firstSeen: since, fixedAt: run.time, days: days(since, run.time) });
        // A finding that comes back later is a new occurrence.
        firstSeen.delete(f);
      }
      weeks.set(week, flow);
    }
    previous = current;
  }

  const medianDaysToFix: Partial<Record<Severity, number>> = {};
  for (const s of SEVERITIES) {
    const values = fixed.filter((f) => f.severity === s).map((f) => f.days);
    if (values.length > 0) medianDaysToFix[s] = median(values);
  }

  const latest = runs[runs.length - 1]!;
  const today = now.toISOString().slice(0, 10);
  const exceptions = latest.exceptions
    .map((e) => ({ ...e, daysLeft: Math.round((Date.parse(`${e.expires}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY) }))
    .sort((a, b) => a.daysLeft - b.daysLeft);

  const weekly = (summary?.weeks ?? []).flatMap((w) => (w.images[image] ? [{ week: w.week, counts: w.images[image]! }] : []));
  return {
    image,
    latest,
    runs: runs.length,
    recentRuns: runs.slice(-10).reverse(),
    trend,
    weeks: [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week)),
    fixed,
    medianDaysToFix,
    openFindings: latest.findings?.length ?? SEVERITIES.reduce((n, s) => n + latest.counts[s], 0),
    exceptions,
    weekly,
  };
}

/** Every image in the runs (and in the weekly summary), sorted by name. */
export function dashboards(runs: readonly RunRecord[], now: Date, summary?: SummaryHistory): ImageDashboard[] {
  const images = [...new Set(runs.map((r) => r.image))].sort();
  return images.map((image) => imageDashboard(image, runs.filter((r) => r.image === image), now, summary));
}

export function totalOf(counts: SeverityCounts): number {
  return SEVERITIES.reduce((n, s) => n + counts[s], 0);
}

export { emptyCounts };
