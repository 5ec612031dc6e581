import { SEVERITIES, emptyCounts, type Severity, type SeverityCounts } from '../severity.js';

/*
 * The dashboard's input: audit-log lines of past runs (one JSON object per line, see
 * audit-log.ts), each optionally tied to the run report that was uploaded beside it.
 * Lines come from artifacts anyone with write access to a branch could have produced, so each
 * is checked field by field; a line that does not read is counted and skipped, never guessed.
 */

export interface RunRecord {
  time: string;
  image: string;
  digest: string | null;
  verdict: 'pass' | 'fail' | 'error';
  reason: string;
  counts: SeverityCounts;
  blocking: number;
  exceptions: { id: string; package: string | null; path: string | null; expires: string; expired: boolean; findings: number | null }[];
  /** Fingerprints (`ID SEVERITY hash`); undefined for lines written before they were recorded. */
  findings: string[] | undefined;
  runUrl: string | undefined;
  /** The run's report.html, relative to the site root, when it was collected. */
  report: string | undefined;
}

export interface ParsedHistory {
  runs: RunRecord[];
  /** Lines that were not audit records, with why (file:line: problem). */
  skipped: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function counts(value: unknown): SeverityCounts | undefined {
  if (!isRecord(value)) return undefined;
  const out = emptyCounts();
  for (const s of SEVERITIES) {
    const n = value[s];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return undefined;
    out[s] = n;
  }
  return out;
}

function exceptionList(value: unknown, expired: boolean): RunRecord['exceptions'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((e) =>
    isRecord(e) && typeof e.id === 'string' && typeof e.expires === 'string'
      ? [{
          id: e.id,
          package: typeof e.package === 'string' ? e.package : null,
          path: typeof e.path === 'string' ? e.path : null,
          expires: e.expires,
          expired,
          findings: typeof e.findings === 'number' ? e.findings : null,
        }]
      : [],
  );
}

/** One audit-log line → a run, or the reason it is not one. */
export function parseAuditLine(line: string, report?: string): RunRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isRecord(value)) return 'not an object';
  const { time, image, verdict } = value;
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) return 'no valid time';
  if (typeof image !== 'string' || image === '') return 'no image';
  if (verdict !== 'pass' && verdict !== 'fail' && verdict !== 'error') return 'no verdict';
  const total = counts(isRecord(value.counts) ? value.counts.total : undefined);
  if (!total) return 'no counts.total';
  const exceptions = isRecord(value.exceptions) ? value.exceptions : {};
  const findings = Array.isArray(value.findings) && value.findings.every((f) => typeof f === 'string') ? (value.findings as string[]) : undefined;
  return {
    time: new Date(time).toISOString(),
    image,
    digest: typeof value.digest === 'string' ? value.digest : null,
    verdict,
    reason: typeof value.reason === 'string' ? value.reason : '',
    counts: total,
    blocking: typeof value.blocking === 'number' ? value.blocking : 0,
    exceptions: [...exceptionList(exceptions.used, false), ...exceptionList(exceptions.expired, true)],
    findings,
    runUrl: typeof value.run === 'string' ? value.run : undefined,
    report,
  };
}

/** Audit-log files (name, text, the report beside them) → runs oldest first, deduplicated. */
export function parseHistory(files: readonly { name: string; text: string; report?: string }[]): ParsedHistory {
  const runs: RunRecord[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const lines = file.text.split('\n');
    const last = lines.reduce((at, l, i) => (l.trim() ? i : at), -1);
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      // The report beside an artifact's audit log belongs to that artifact's run: its last line.
      const parsed = parseAuditLine(line, i === last ? file.report : undefined);
      if (typeof parsed === 'string') {
        skipped.push(`${file.name}:${i + 1}: ${parsed}`);
        return;
      }
      // The same run can arrive twice (an artifact and a history branch): keep one.
      const id = `${parsed.image}\u0000${parsed.time}\u0000${parsed.verdict}`;
      if (seen.has(id)) {
        const kept = runs.find((r) => `${r.image}\u0000${r.time}\u0000${r.verdict}` === id);
        if (kept && !kept.report && parsed.report) kept.report = parsed.report;
        return;
      }
      seen.add(id);
      runs.push(parsed);
    });
  }
  runs.sort((a, b) => a.time.localeCompare(b.time) || a.image.localeCompare(b.image));
  return { runs, skipped };
}

export function severityOfFingerprint(fingerprint: string): Severity {
  const severity = fingerprint.split(' ')[1] ?? '';
  return (SEVERITIES as readonly string[]).includes(severity) ? (severity as Severity) : 'UNKNOWN';
}
