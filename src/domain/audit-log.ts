import { hash } from 'node:crypto';
import type { Decision } from './policy/decision.js';
import type { SeverityCounts } from './severity.js';
import type { Finding } from './findings.js';

/*
 * One line of the audit log (`audit-log` input): what was decided about which image, when,
 * which exceptions it relied on, and what went through ungated (unfixed under ignore-unfixed,
 * suppressed by an ignore file or VEX) — JSON Lines, so `jq` and log shippers read it directly.
 * Identifiers and counts, plus each suppression's source and statement (the record of who
 * decided a finding did not count); no finding text, no secret, no exception reason.
 */

export interface AuditContext {
  /** When the run decided (ISO time or Date). */
  time: string | Date;
  /** The image repository, e.g. `ghcr.io/acme/app`. */
  image: string;
  /** Digest of the image built, when one was. */
  digest?: string;
  /** Link to the workflow run, so a dashboard can point at its report. */
  runUrl?: string;
}

export interface AuditRecord {
  time: string;
  image: string;
  digest: string | null;
  verdict: Decision['verdict'];
  reason: Decision['reason'];
  counts: { filesystem: SeverityCounts; image: SeverityCounts; total: SeverityCounts };
  blocking: number;
  /** Distinct findings (a problem in both scans counts once), status `not-failed` excluded. */
  distinctFindings: number;
  /** The vulnerability DB's UpdatedAt, when a local DB was used. */
  dbUpdatedAt: string | null;
  unfixedIgnored: AuditFinding[];
  suppressed: (AuditFinding & { type: string; source: string; status: string; statement: string | null; justification: string | null })[];
  exceptions: {
    used: { id: string; package: string | null; path: string | null; expires: string; findings: number }[];
    expired: { id: string; package: string | null; path: string | null; expires: string }[];
  };
  /** Present when exploit data was asked for: the feeds' status and dates, and what they flagged. */
  exploit?: {
    kev: { status: string; date: string | null };
    epss: { status: string; date: string | null };
    kevCount: number;
    maxEpss: number | null;
    knownExploited: string[];
  };
  /** The workflow run, when known. */
  run?: string;
  /**
   * Each distinct finding as `ID SEVERITY fingerprint` (fingerprint: 12 hex of the SHA-256 of its
   * identity key), so runs can be compared (new, fixed, time to fix) without package names or paths.
   */
  findings: string[];
}

/** `CVE-2024-0001 HIGH 1a2b3c4d5e6f`: a finding's identity without its text. */
export function findingFingerprint(finding: { id: string; severity: string; key: string }): string {
  return `${finding.id} ${finding.severity} ${keyDigest(finding.key)}`;
}

/** The 12 hex digits of a fingerprint. */
function keyDigest(key: string): string {
  // One-shot hash: no Hash object per finding (tens of thousands per run).
  return hash('sha256', key, 'hex').slice(0, 12);
}

export interface AuditFinding {
  kind: Finding['kind'];
  id: string;
  severity: Finding['severity'];
  scope: Finding['scope'];
  package: string | null;
  version: string | null;
}

function auditFinding(finding: Finding): AuditFinding {
  return {
    kind: finding.kind,
    id: finding.id,
    severity: finding.severity,
    scope: finding.scope,
    package: finding.packageName ?? null,
    version: finding.installedVersion ?? null,
  };
}

/** Statements are free text from the repository: one line, bounded. */
function clipStatement(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const flat = value.replace(/[\r\n\t]+/g, ' ');
  return flat.length > 500 ? `${flat.slice(0, 499)}…` : flat;
}

export function auditRecord(decision: Decision, context: AuditContext): AuditRecord {
  const time = typeof context.time === 'string' ? context.time : context.time.toISOString();
  return {
    time,
    image: context.image,
    digest: context.digest ?? null,
    verdict: decision.verdict,
    reason: decision.reason,
    counts: { filesystem: { ...decision.counts.filesystem }, image: { ...decision.counts.image }, total: { ...decision.counts.total } },
    blocking: decision.totals.blocking,
    distinctFindings: decision.totals.findings,
    dbUpdatedAt: decision.database?.updatedAt ?? null,
    unfixedIgnored: decision.findings.filter((e) => e.status === 'unfixed-ignored').map((e) => auditFinding(e.finding)),
    suppressed: (decision.suppressed ?? []).map(({ finding, suppression }) => ({
      ...auditFinding(finding),
      type: suppression.type,
      source: suppression.source,
      status: suppression.status,
      statement: clipStatement(suppression.statement),
      justification: clipStatement(suppression.justification),
    })),
    exceptions: {
      used: decision.exceptions.used.map((u) => ({
        id: u.exception.id,
        package: u.exception.package ?? null,
        path: u.exception.path ?? null,
        expires: u.exception.expires,
        findings: u.findings,
      })),
      expired: decision.exceptions.expired.map((e) => ({ id: e.id, package: e.package ?? null, path: e.path ?? null, expires: e.expires })),
    },
    ...(decision.exploitData && {
      exploit: {
        kev: { status: decision.exploitData.kev.status, date: decision.exploitData.kev.date ?? null },
        epss: { status: decision.exploitData.epss.status, date: decision.exploitData.epss.date ?? null },
        kevCount: decision.exploitData.kevCount,
        maxEpss: decision.exploitData.maxEpss ?? null,
        knownExploited: [...new Set(decision.findings.filter((e) => e.finding.exploit?.kev && e.status !== 'excepted').map((e) => e.finding.exploit!.cve))].sort(),
      },
    }),
    ...(context.runUrl && { run: context.runUrl }),
    findings: fingerprints(decision),
  };
}

/** Each distinct finding's fingerprint, in decision order, `not-failed` left out. */
function fingerprints(decision: Decision): string[] {
  const listed: string[] = [];
  // The digests as 48-bit numbers: two fingerprints can only be equal where their digests are.
  const digests = new Float64Array(decision.findings.length);
  for (const e of decision.findings) {
    if (e.status === 'not-failed') continue;
    const digest = keyDigest(e.finding.key);
    digests[listed.length] = parseInt(digest, 16);
    listed.push(`${e.finding.id} ${e.finding.severity} ${digest}`);
  }
  // No digest repeats (the usual case): every fingerprint is distinct, and no set of tens of
  // thousands of strings is needed to say so. Otherwise the repeats are dropped, first kept.
  const sorted = digests.subarray(0, listed.length).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return distinctFingerprints(listed);
  return listed;
}

/** `fingerprints` the plain way: each fingerprint once, in order of first appearance. */
function distinctFingerprints(listed: readonly string[]): string[] {
  return [...new Set(listed)];
}

/** One JSON line, without the trailing newline (the writer adds `\n` when it appends). */
export function auditLine(decision: Decision, context: AuditContext): string {
  return JSON.stringify(auditRecord(decision, context));
}
