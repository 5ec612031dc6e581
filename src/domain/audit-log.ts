import { createHash } from 'node:crypto';
import type { Decision } from './policy/decision.js';
import type { SeverityCounts } from './severity.js';

/*
 * One line of the audit log (`audit-log` input): what was decided about which image, when,
 * and which exceptions it relied on — JSON Lines, so `jq` and log shippers read it directly.
 * Only identifiers and counts: no finding text, no secret, no exception reason.
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
  exceptions: {
    used: { id: string; package: string | null; path: string | null; expires: string; findings: number }[];
    expired: { id: string; package: string | null; path: string | null; expires: string }[];
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
  return `${finding.id} ${finding.severity} ${createHash('sha256').update(finding.key).digest('hex').slice(0, 12)}`;
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
    ...(context.runUrl && { run: context.runUrl }),
    findings: [...new Set(decision.findings.filter((e) => e.status !== 'not-failed').map((e) => findingFingerprint(e.finding)))],
  };
}

/** One JSON line, without the trailing newline (the writer adds `\n` when it appends). */
export function auditLine(decision: Decision, context: AuditContext): string {
  return JSON.stringify(auditRecord(decision, context));
}
