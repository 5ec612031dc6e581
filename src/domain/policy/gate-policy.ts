import type { RankedSeverity, Severity } from '../severity.js';

/** How a rule that is not about findings acts: block, only report, or not run. */
export type RuleMode = 'fail' | 'warn' | 'off';

/** The settings the policy decides with: the slice of `Inputs` that is about findings and hardening. */
export interface GatePolicy {
  /** Severities that block. Empty = no finding blocks by severity. */
  failOn: Severity[];
  /** Severities reported as an issue (blocking findings are always reported too). */
  issueOn: Severity[];
  /** UNKNOWN findings are judged as this severity (never dropped). */
  unknownSeverity: RankedSeverity;
  /** Vulnerabilities without a fix do not gate (and are not reported as an issue). */
  ignoreUnfixed: boolean;
  /** With a baseline: a rising count of compared vulnerabilities blocks. */
  blockOnIncrease: boolean;
  /**
   * Severities the baseline comparison counts (new, fixed, the verdict, block-on-increase).
   * Absent: the issue-on severities.
   */
  compareOn?: Severity[] | undefined;
  /** The oldest vulnerability DB accepted, and what an older one does; absent = no check. */
  maxDbAge?: { seconds: number; mode: 'warn' | 'fail' } | undefined;
  requireNonRoot: RuleMode;
  requireHealthcheck: RuleMode;
  /** undefined = no size rule; otherwise a larger image fails. */
  maxImageSizeBytes: number | undefined;
  configSecrets: RuleMode;
}
