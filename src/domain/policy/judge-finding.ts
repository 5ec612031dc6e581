import type { Finding } from '../findings.js';
import type { RankedSeverity } from '../severity.js';
import { findException, type ExceptionIndex } from './exceptions.js';
import type { GatePolicy } from './gate-policy.js';
import type { PolicyException } from './policy-exception.js';

/** What the severity rules alone say about a finding, before baseline and image rules. */
export interface Judgement {
  effectiveSeverity: RankedSeverity;
  /** Why the finding is out of the gate, if it is. */
  excluded: 'excepted' | 'unfixed-ignored' | 'not-failed' | undefined;
  exception: PolicyException | undefined;
  /** Its severity is in fail-on (and it is not excluded). */
  gated: boolean;
  gateRule: 'fail-on' | 'unknown-severity' | undefined;
  /** Its severity is in issue-on (and it is not excluded). */
  issue: boolean;
  /** Its severity is in compare-on (and it is not excluded): the baseline comparison counts it. */
  compared: boolean;
}

/**
 * No fix to install: no FixedVersion. A finding with a FixedVersion has a fix, whatever its
 * Status says (vendors leave `affected` on advisories they have since fixed).
 */
export function isUnfixed(finding: Finding): boolean {
  if (finding.kind !== 'vulnerability') return false;
  return !finding.fixedVersion;
}

export function effectiveSeverity(finding: Pick<Finding, 'severity'>, policy: Pick<GatePolicy, 'unknownSeverity'>): RankedSeverity {
  return finding.severity === 'UNKNOWN' ? policy.unknownSeverity : finding.severity;
}

/**
 * UNKNOWN is never dropped: it is judged as `unknown-severity`, and listing UNKNOWN
 * explicitly in fail-on / issue-on also selects it.
 */
function selects(list: GatePolicy['failOn'], finding: Finding, effective: RankedSeverity): boolean {
  return list.includes(effective) || (finding.severity === 'UNKNOWN' && list.includes('UNKNOWN'));
}

function excludedJudgement(
  effective: RankedSeverity,
  excluded: Judgement['excluded'],
  exception: PolicyException | undefined,
): Judgement {
  return { effectiveSeverity: effective, excluded, exception, gated: false, gateRule: undefined, issue: false, compared: false };
}

/** `exceptions`: the active exceptions, indexed once per decision (see `indexExceptions`). */
export function judgeFinding(finding: Finding, policy: GatePolicy, exceptions: ExceptionIndex): Judgement {
  const effective = effectiveSeverity(finding, policy);
  if (finding.kind === 'misconfiguration' && finding.status !== 'FAIL') return excludedJudgement(effective, 'not-failed', undefined);
  const exception = findException(exceptions, finding);
  if (exception) return excludedJudgement(effective, 'excepted', exception);
  if (policy.ignoreUnfixed && isUnfixed(finding)) return excludedJudgement(effective, 'unfixed-ignored', undefined);
  const gated = selects(policy.failOn, finding, effective);
  return {
    effectiveSeverity: effective,
    excluded: undefined,
    exception: undefined,
    gated,
    gateRule: gated ? (finding.severity === 'UNKNOWN' ? 'unknown-severity' : 'fail-on') : undefined,
    issue: selects(policy.issueOn, finding, effective),
    compared: selects(policy.compareOn ?? policy.issueOn, finding, effective),
  };
}

/** The findings a baseline comparison counts: vulnerabilities at a compare-on severity. */
export function isCountedVulnerability(finding: Finding, judgement: Judgement): boolean {
  return finding.kind === 'vulnerability' && judgement.compared;
}
