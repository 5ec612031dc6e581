import { copyFile, lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { parseHistory } from '../domain/dashboard/history.js';
import { dashboards } from '../domain/dashboard/metrics.js';
import { renderDashboard } from '../domain/dashboard/site.js';
import { parseSummaryHistory, type SummaryHistory } from '../domain/summary-history.js';

/*
 * Builds the static dashboard site from collected history: audit-log files (`*.jsonl`, e.g.
 * from downloaded report artifacts, each with the run's report.html beside it) and, optionally,
 * the weekly summary issue's body. Symbolic links are never followed: the history comes from
 * artifacts, and a link could point anywhere on the runner.
 */

export interface BuildDashboardOptions {
  /** Files or folders to search for audit logs (`*.jsonl`). */
  history: readonly string[];
  /** A file holding the weekly summary issue's body (its hidden history block is read). */
  summaryIssue?: string;
  out: string;
  title?: string;
  now?: Date;
}

export interface BuiltDashboard {
  index: string;
  images: number;
  runs: number;
  reports: number;
  skipped: string[];
  notes: string[];
}

const MAX_DEPTH = 8;
/** Larger files are not history (an audit line is a few KiB; 50k fingerprints ≈ 2 MiB). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

async function auditFiles(path: string, depth = 0): Promise<string[]> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return [];
  if (info.isFile()) return path.endsWith('.jsonl') && info.size <= MAX_FILE_BYTES ? [path] : [];
  if (!info.isDirectory() || depth > MAX_DEPTH) return [];
  const entries = (await readdir(path)).sort();
  const found: string[] = [];
  for (const entry of entries) found.push(...(await auditFiles(join(path, entry), depth + 1)));
  return found;
}

async function regularFile(path: string): Promise<boolean> {
  try {
    const info = await lstat(path);
    return info.isFile() && info.size <= MAX_FILE_BYTES;
  } catch {
    return false;
  }
}

export async function buildDashboard(options: BuildDashboardOptions): Promise<BuiltDashboard> {
  const now = options.now ?? new Date();
  const notes: string[] = [];
  const files: { name: string; text: string; report?: string }[] = [];
  let reports = 0;
  await mkdir(options.out, { recursive: true });
  for (const root of options.history) {
    for (const file of await auditFiles(root)) {
      const beside = join(dirname(file), 'report.html');
      let report: string | undefined;
      if (await regularFile(beside)) {
        reports += 1;
        report = `runs/r${reports}/report.html`;
        await mkdir(join(options.out, 'runs', `r${reports}`), { recursive: true });
        await copyFile(beside, join(options.out, report));
      }
      files.push({ name: relative(root, file) || basename(file), text: await readFile(file, 'utf8'), ...(report && { report }) });
    }
  }
  let summary: SummaryHistory | undefined;
  if (options.summaryIssue) {
    const parsed = parseSummaryHistory(await readFile(options.summaryIssue, 'utf8'));
    if (parsed.problem) notes.push(`weekly summary: ${parsed.problem}`);
    summary = parsed.history;
  }
  const { runs, skipped } = parseHistory(files);
  const images = dashboards(runs, now, summary);
  const index = join(options.out, 'index.html');
  await writeFile(index, renderDashboard(images, { generatedAt: now, ...(options.title && { title: options.title }), skipped: skipped.length, ...(summary && { summary }) }));
  // GitHub Pages: serve the files as they are.
  await writeFile(join(options.out, '.nojekyll'), '');
  return { index, images: images.length, runs: runs.length, reports, skipped, notes };
}
