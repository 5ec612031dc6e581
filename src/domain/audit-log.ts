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
  /** Present when exploit data was asked for: the feeds' status and dates, and what they flagged. */
  exploit?: {
    kev: { status: string; date: string | null };
    epss: { status: string; date: string | null };
    kevCount: number;
    maxEpss: number | null;
    knownExploited: string[];
  };
  /** Findings Trivy suppressed (VEX, ignore file): IDs and sources only. */
  suppressed?: { id: string; status: string; source: string | null }[];
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
    ...(decision.exploitData && {
      exploit: {
        kev: { status: decision.exploitData.kev.status, date: decision.exploitData.kev.date ?? null },
        epss: { status: decision.exploitData.epss.status, date: decision.exploitData.epss.date ?? null },
        kevCount: decision.exploitData.kevCount,
        maxEpss: decision.exploitData.maxEpss ?? null,
        knownExploited: [...new Set(decision.findings.filter((e) => e.finding.exploit?.kev && e.status !== 'excepted').map((e) => e.finding.exploit!.cve))].sort(),
      },
    }),
    ...(decision.suppressed && decision.suppressed.length > 0 && {
      suppressed: decision.suppressed.map((s) => ({ id: s.id, status: s.status, source: s.source ?? null })),
    }),
  };
}

/** One JSON line, without the trailing newline (the writer adds `\n` when it appends). */
export function auditLine(decision: Decision, context: AuditContext): string {
  return JSON.stringify(auditRecord(decision, context));
}
