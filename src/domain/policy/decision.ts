import type { RuleMode } from './gate-policy.js';
import type { Finding, ScanScope } from '../findings.js';
import type { ErrorReason, GateError, Reason, Verdict } from '../gate-error.js';
import { emptyCounts, type RankedSeverity, type SeverityCounts } from '../severity.js';
import type { GatePolicy } from './gate-policy.js';
import type { PolicyException } from './policy-exception.js';
import type { SuppressedFinding } from '../suppressed-findings.js';

/**
 * What happened to one finding, exactly one of:
 * - `blocking`: it makes the verdict fail (see `blockingRule`);
 * - `counted`: with a baseline, a gated vulnerability that is tolerated unless the count rises;
 * - `reported`: not blocking, but at an `issue-on` severity;
 * - `below-threshold`: neither blocking nor reported;
 * - `excepted`: an active policy-file exception covers it;
 * - `unfixed-ignored`: `ignore-unfixed` is on and no fix exists;
 * - `not-failed`: a misconfiguration check whose Status is PASS or EXCEPTION (not a problem).
 */
export type FindingStatus =
  | 'blocking'
  | 'counted'
  | 'reported'
  | 'below-threshold'
  | 'excepted'
  | 'unfixed-ignored'
  | 'not-failed';

/**
 * Why a finding blocks:
 * - `fail-on`: its severity is in `fail-on`;
 * - `unknown-severity`: it is UNKNOWN and `unknown-severity` maps it into `fail-on`;
 * - `critical-present`: with a baseline, a gated (fail-on) CRITICAL blocks even if the baseline had it;
 * - `block-on-increase`: with a baseline, it is new and the compared (compare-on) count rose;
 * - `config-secrets`: a secret Trivy found inside the image, under the `config-secrets` rule.
 */
export type BlockingRule = 'fail-on' | 'unknown-severity' | 'critical-present' | 'block-on-increase' | 'config-secrets';

export interface FindingEvaluation {
  finding: Finding;
  /** The severity the policy judged: the finding's own, or `unknown-severity` for UNKNOWN. */
  effectiveSeverity: RankedSeverity;
  status: FindingStatus;
  blocking: boolean;
  blockingRule: BlockingRule | undefined;
  /** Goes into the GitHub issue: blocking, or at an `issue-on` severity (and not excepted/ignored). */
  reportAsIssue: boolean;
  /** The exception that covers it (status `excepted`). */
  exception: PolicyException | undefined;
  /** With a baseline and in its scope: whether the published image already had it. */
  baseline: 'new' | 'unchanged' | undefined;
  /**
   * Every place this one problem was found, `finding` first: the build context's lockfile and
   * the image's installed package, the Dockerfile and its copy in the image (see
   * finding-identity.ts). The evaluation is that of the most important location.
   */
  locations: Finding[];
}

export interface ExceptionUse {
  exception: PolicyException;
  /** How many findings it covered. */
  findings: number;
}

export interface ExceptionsSummary {
  /** The policy file the exceptions came from; undefined when there was none. */
  fileName: string | undefined;
  /** Active exceptions that covered at least one finding. */
  used: ExceptionUse[];
  /** Active exceptions that covered nothing (candidates for removal). */
  unused: PolicyException[];
  /** Exceptions past their expiry date: they no longer apply. */
  expired: PolicyException[];
}

export type BaselineVerdict = 'improved' | 'unchanged' | 'regressed';

/**
 * The image compared with a baseline report (usually the published tag).
 *
 * "Count" is the number of distinct counted vulnerabilities in the compared scope: kind
 * `vulnerability`, effective severity in `compare-on`, not excepted, not ignored as unfixed
 * (the same policy and clock applied to both reports), deduplicated by identity key.
 * Secrets and misconfigurations are not part of it: they gate on their own every run.
 */
export interface BaselineComparison {
  verdict: BaselineVerdict;
  /** Which of this run's scans was compared: the baseline report's own kind. */
  scope: ScanScope;
  /** Whether the comparison makes the gate fail (regressed with `block-on-increase`). */
  blocking: boolean;
  baselineCount: number;
  currentCount: number;
  newCount: number;
  fixedCount: number;
  unchangedCount: number;
  /** Counted vulnerabilities the baseline did not have (this run's findings). */
  newVulnerabilities: Finding[];
  /** Counted vulnerabilities of the baseline that are gone (the baseline's findings). */
  fixedVulnerabilities: Finding[];
}

export type HardeningRule = 'non-root' | 'healthcheck' | 'image-size' | 'config-secrets';

/**
 * `pass` / `fail` / `warn`: the rule ran (warn = violated, but its mode is warn);
 * `off`: disabled; `not-checked`: no image facts (no image was built).
 */
export type HardeningStatus = 'pass' | 'fail' | 'warn' | 'off' | 'not-checked';

export interface HardeningResult {
  rule: HardeningRule;
  mode: RuleMode;
  status: HardeningStatus;
  /** One line for humans. Never contains a secret value. */
  message: string;
  /** Each violation found (e.g. each leaked secret location). Never contains a secret value. */
  problems: string[];
}

export interface DecisionReason {
  level: 'fail' | 'warn';
  /**
   * `fail-on-gap`: fail-on leaves out a severity above its lowest member; `db-age`: the
   * vulnerability DB is older than max-db-age; `ignore-file-expiry`: ignore-file entries that never expire.
   */
  rule: BlockingRule | HardeningRule | 'baseline' | 'exception-expired' | 'fail-on-gap' | 'db-age' | 'ignore-file-expiry';
  message: string;
}

export interface DecisionCounts {
  /** Per location, each scan on its own. */
  filesystem: SeverityCounts;
  image: SeverityCounts;
  /** Distinct findings: a package in the lockfile and in the image is counted once. */
  total: SeverityCounts;
}

/** The vulnerability DB the scans used, when known (not in client/server mode). */
export interface DatabaseStatus {
  /** metadata.json `UpdatedAt` (ISO time). */
  updatedAt: string | undefined;
  /** Whole days between UpdatedAt and the decision. */
  ageDays: number | undefined;
}

export interface DecisionTotals {
  /** Distinct findings with status other than `not-failed`. */
  findings: number;
  blocking: number;
  reportedAsIssue: number;
  excepted: number;
  unfixedIgnored: number;
  /** Findings suppressed outside the policy file (ignore file, VEX); not judged, listed. */
  suppressed: number;
}

export interface DecisionError {
  reason: ErrorReason;
  message: string;
  remedy: string | undefined;
  details: readonly string[];
}

/** The one object renderers and outputs read. */
export interface Decision {
  verdict: Verdict;
  /** `passed`, the fail reason (`vulnerable` > `regressed` > `policy` when several apply), or the error reason. */
  reason: Reason;
  /** One line for the log and the summary heading. */
  summary: string;
  /** Every fail and warn reason, most important first. */
  reasons: DecisionReason[];
  /** Set when verdict is `error`. */
  error: DecisionError | undefined;
  /** The settings used; undefined when the run failed before a policy existed. */
  policy: GatePolicy | undefined;
  /** ISO time of the clock the decision was made with. */
  evaluatedAt: string;
  scanned: { filesystem: boolean; image: boolean; imageFacts: boolean };
  /** Every finding with its evaluation, blocking first, then by severity. */
  findings: FindingEvaluation[];
  /** Findings by their reported severity (status `not-failed` excluded). */
  counts: DecisionCounts;
  totals: DecisionTotals;
  exceptions: ExceptionsSummary;
  baseline: BaselineComparison | undefined;
  hardening: HardeningResult[];
  /** Findings Trivy left out on another source's word (ignore file, VEX), each with that source. */
  suppressed: SuppressedFinding[];
  /** The vulnerability DB the scans used; undefined when unknown. */
  database: DatabaseStatus | undefined;
}

export function emptyDecisionCounts(): DecisionCounts {
  return { filesystem: emptyCounts(), image: emptyCounts(), total: emptyCounts() };
}

/**
 * An error run rendered through the same object: verdict `error`, reason = the error's reason.
 * `partial` keeps whatever was learnt before the failure (e.g. the context scan's findings).
 */
export function errorDecision(error: GateError, partial: Partial<Decision> = {}, now: Date = new Date()): Decision {
  const findings = partial.findings ?? [];
  return {
    scanned: partial.scanned ?? { filesystem: false, image: false, imageFacts: false },
    findings,
    counts: partial.counts ?? emptyDecisionCounts(),
    totals: partial.totals ?? {
      findings: 0,
      blocking: 0,
      reportedAsIssue: 0,
      excepted: 0,
      unfixedIgnored: 0,
      suppressed: 0,
    },
    exceptions: partial.exceptions ?? { fileName: undefined, used: [], unused: [], expired: [] },
    baseline: partial.baseline,
    hardening: partial.hardening ?? [],
    suppressed: partial.suppressed ?? [],
    database: partial.database,
    policy: partial.policy,
    evaluatedAt: partial.evaluatedAt ?? now.toISOString(),
    verdict: 'error',
    reason: error.reason,
    summary: `error (${error.reason}): ${error.message}`,
    reasons: partial.reasons ?? [],
    error: { reason: error.reason, message: error.message, remedy: error.remedy, details: [...error.details] },
  };
}
