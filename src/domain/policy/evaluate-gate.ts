import type { Finding, ScanScope } from '../findings.js';
import { GateError, type FailReason, type Reason } from '../gate-error.js';
import type { ImageFacts } from '../image-facts.js';
import { emptyCounts, severityRank, type SeverityCounts } from '../severity.js';
import type { TrivyReport } from '../trivy-report.js';
import { baselineScope, compareWithBaseline, missingScopeError } from './baseline.js';
import { collectFindings } from './collect-findings.js';
import type {
  BaselineComparison,
  BlockingRule,
  Decision,
  DecisionCounts,
  DecisionReason,
  ExceptionsSummary,
  FindingEvaluation,
  FindingStatus,
  HardeningResult,
} from './decision.js';
import { isExceptionActive } from './exceptions.js';
import type { GatePolicy } from './gate-policy.js';
import { evaluateHardening } from './hardening.js';
import { isCountedVulnerability, judgeFinding, type Judgement } from './judge-finding.js';
import type { ParsedPolicy, PolicyException } from './policy-exception.js';

export interface GateInput {
  policy: GatePolicy;
  /** The build context scan. */
  filesystem?: TrivyReport | undefined;
  /** The scan of the image that was built. */
  image?: TrivyReport | undefined;
  imageFacts?: ImageFacts | undefined;
  /** A report to compare with (usually the published tag); undefined = no comparison. */
  baseline?: TrivyReport | undefined;
  policyFile?: ParsedPolicy | undefined;
  now: Date;
}

interface Judged {
  finding: Finding;
  judgement: Judgement;
}

function judgeAll(findings: readonly Finding[], policy: GatePolicy, active: readonly PolicyException[]): Judged[] {
  return findings.map((finding) => ({ finding, judgement: judgeFinding(finding, policy, active) }));
}

function counted(judged: readonly Judged[]): Finding[] {
  return judged.filter((j) => isCountedVulnerability(j.finding, j.judgement)).map((j) => j.finding);
}

/**
 * The status of one finding once every rule has had its say. With a baseline, gated
 * vulnerabilities in the compared scope are tolerated (`counted`) unless CRITICAL, or new
 * while the count rose with block-on-increase; outside it, fail-on applies as usual.
 */
function evaluateFinding(
  { finding, judgement }: Judged,
  policy: GatePolicy,
  comparison: { scope: ScanScope; result: BaselineComparison; newKeys: Set<string> } | undefined,
): FindingEvaluation {
  let status: FindingStatus;
  let rule: BlockingRule | undefined;
  const compared = comparison !== undefined && comparison.scope === finding.scope && isCountedVulnerability(finding, judgement);
  const baseline = compared ? (comparison.newKeys.has(finding.key) ? 'new' : 'unchanged') : undefined;

  if (judgement.excluded) {
    status = judgement.excluded;
  } else if (compared) {
    if (judgement.effectiveSeverity === 'CRITICAL') {
      [status, rule] = ['blocking', 'critical-present'];
    } else if (baseline === 'new' && comparison.result.blocking) {
      [status, rule] = ['blocking', 'block-on-increase'];
    } else {
      status = 'counted';
    }
  } else if (judgement.gated) {
    [status, rule] = ['blocking', judgement.gateRule];
  } else if (finding.kind === 'secret' && finding.scope === 'image' && policy.configSecrets === 'fail') {
    [status, rule] = ['blocking', 'config-secrets'];
  } else {
    status = judgement.issue ? 'reported' : 'below-threshold';
  }
  return {
    finding,
    effectiveSeverity: judgement.effectiveSeverity,
    status,
    blocking: status === 'blocking',
    blockingRule: rule,
    reportAsIssue: status === 'blocking' || status === 'counted' || status === 'reported',
    exception: judgement.exception,
    baseline,
  };
}

function countBySeverity(evaluations: readonly FindingEvaluation[], scope: ScanScope | undefined): SeverityCounts {
  const counts = emptyCounts();
  for (const e of evaluations) {
    if (e.status === 'not-failed') continue;
    if (scope !== undefined && e.finding.scope !== scope) continue;
    counts[e.finding.severity] += 1;
  }
  return counts;
}

function summariseExceptions(
  policyFile: ParsedPolicy | undefined,
  now: Date,
  evaluations: readonly FindingEvaluation[],
): ExceptionsSummary {
  const all = policyFile?.exceptions ?? [];
  const active = all.filter((e) => isExceptionActive(e, now));
  const uses = new Map<PolicyException, number>();
  for (const e of evaluations) if (e.exception) uses.set(e.exception, (uses.get(e.exception) ?? 0) + 1);
  return {
    fileName: policyFile?.fileName,
    used: active.filter((e) => uses.has(e)).map((exception) => ({ exception, findings: uses.get(exception)! })),
    unused: active.filter((e) => !uses.has(e)),
    expired: all.filter((e) => !isExceptionActive(e, now)),
  };
}

const STATUS_ORDER: Record<FindingStatus, number> = {
  blocking: 0,
  counted: 1,
  reported: 2,
  'below-threshold': 3,
  excepted: 4,
  'unfixed-ignored': 5,
  'not-failed': 6,
};

function byImportance(a: FindingEvaluation, b: FindingEvaluation): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    severityRank(b.effectiveSeverity) - severityRank(a.effectiveSeverity) ||
    a.finding.id.localeCompare(b.finding.id) ||
    a.finding.key.localeCompare(b.finding.key)
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function severityList(evaluations: readonly FindingEvaluation[]): string {
  const counts = emptyCounts();
  for (const e of evaluations) counts[e.effectiveSeverity] += 1;
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
}

const RULE_TEXT: Record<BlockingRule, string> = {
  'fail-on': 'at a fail-on severity',
  'unknown-severity': 'of UNKNOWN severity, judged by unknown-severity',
  'critical-present': 'CRITICAL (blocks even when the baseline had it)',
  'block-on-increase': 'new while the gated count rose',
  'config-secrets': 'secrets inside the image (config-secrets)',
};

function collectReasons(
  evaluations: readonly FindingEvaluation[],
  baseline: BaselineComparison | undefined,
  hardening: readonly HardeningResult[],
  exceptions: ExceptionsSummary,
): DecisionReason[] {
  const reasons: DecisionReason[] = [];
  for (const rule of Object.keys(RULE_TEXT) as BlockingRule[]) {
    const hits = evaluations.filter((e) => e.blockingRule === rule);
    if (hits.length > 0) {
      reasons.push({ level: 'fail', rule, message: `${plural(hits.length, 'finding')} ${RULE_TEXT[rule]} (${severityList(hits)})` });
    }
  }
  if (baseline && baseline.verdict === 'regressed') {
    reasons.push({
      level: baseline.blocking ? 'fail' : 'warn',
      rule: 'baseline',
      message: `gated vulnerabilities rose from ${baseline.baselineCount} to ${baseline.currentCount} (${baseline.newCount} new, ${baseline.fixedCount} fixed)${baseline.blocking ? '' : '; block-on-increase is off'}`,
    });
  }
  for (const h of hardening) {
    if (h.status === 'fail' || h.status === 'warn') reasons.push({ level: h.status, rule: h.rule, message: h.message });
  }
  for (const e of exceptions.expired) {
    reasons.push({
      level: 'warn',
      rule: 'exception-expired',
      message: `exception ${e.id} (${exceptions.fileName ?? 'policy file'} line ${e.line}) expired on ${e.expires} and no longer applies`,
    });
  }
  // Fail before warn, keeping each group's order.
  return [...reasons.filter((r) => r.level === 'fail'), ...reasons.filter((r) => r.level === 'warn')];
}

/** vulnerable > regressed > policy: the most concrete problem names the run. */
function failReason(
  evaluations: readonly FindingEvaluation[],
  baseline: BaselineComparison | undefined,
  hardening: readonly HardeningResult[],
): FailReason | undefined {
  const rules = new Set(evaluations.map((e) => e.blockingRule));
  if (rules.has('fail-on') || rules.has('unknown-severity') || rules.has('critical-present')) return 'vulnerable';
  if (baseline?.blocking || rules.has('block-on-increase')) return 'regressed';
  if (rules.has('config-secrets') || hardening.some((h) => h.status === 'fail')) return 'policy';
  return undefined;
}

function summaryLine(reason: Reason, evaluations: readonly FindingEvaluation[], reasons: readonly DecisionReason[]): string {
  const total = evaluations.filter((e) => e.status !== 'not-failed').length;
  const blocking = evaluations.filter((e) => e.blocking).length;
  const issue = evaluations.filter((e) => e.reportAsIssue).length;
  const excepted = evaluations.filter((e) => e.status === 'excepted').length;
  const tally = `${plural(total, 'finding')}, ${blocking} blocking, ${issue} to report, ${excepted} excepted`;
  if (reason === 'passed') {
    const warnings = reasons.filter((r) => r.level === 'warn').length;
    return `pass: ${tally}${warnings > 0 ? `; ${plural(warnings, 'warning')}` : ''}`;
  }
  const first = reasons.find((r) => r.level === 'fail');
  return `fail (${reason}): ${first ? `${first.message}; ` : ''}${tally}`;
}

/**
 * The gate: every finding judged, the image's hardening rules applied, the baseline compared,
 * one verdict with its reasons. Pure: the clock, reports and policy file come in as data.
 */
export function evaluateGate(input: GateInput): Decision {
  const { policy, now } = input;
  if (Number.isNaN(now.getTime())) throw new GateError('internal-error', 'evaluateGate: the clock gave an invalid date');
  if (input.filesystem === undefined && input.image === undefined) {
    // Fail closed: a decision about nothing must not read as a pass.
    throw new GateError('internal-error', 'evaluateGate: neither the build context nor the image was scanned');
  }
  const active = (input.policyFile?.exceptions ?? []).filter((e) => isExceptionActive(e, now));

  const judged = judgeAll(
    [
      ...(input.filesystem ? collectFindings(input.filesystem, 'filesystem') : []),
      ...(input.image ? collectFindings(input.image, 'image') : []),
    ],
    policy,
    active,
  );

  let comparison: Parameters<typeof evaluateFinding>[2];
  if (input.baseline) {
    const scope = baselineScope(input.baseline);
    if ((scope === 'image' ? input.image : input.filesystem) === undefined) throw missingScopeError(scope);
    const before = counted(judgeAll(collectFindings(input.baseline, scope), policy, active));
    const result = compareWithBaseline(
      counted(judged.filter((j) => j.finding.scope === scope)),
      before,
      scope,
      policy.blockOnIncrease,
    );
    comparison = { scope, result, newKeys: new Set(result.newVulnerabilities.map((f) => f.key)) };
  }

  const evaluations = judged.map((j) => evaluateFinding(j, policy, comparison)).sort(byImportance);
  const imageSecrets = evaluations
    .filter((e) => e.finding.kind === 'secret' && e.finding.scope === 'image' && e.status !== 'excepted')
    .map((e) => e.finding);
  const hardening = evaluateHardening(policy, input.imageFacts, imageSecrets, input.image !== undefined);
  const exceptions = summariseExceptions(input.policyFile, now, evaluations);
  const baseline = comparison?.result;
  const reasons = collectReasons(evaluations, baseline, hardening, exceptions);
  const fail = failReason(evaluations, baseline, hardening);
  const reason: Reason = fail ?? 'passed';

  const counts: DecisionCounts = {
    filesystem: countBySeverity(evaluations, 'filesystem'),
    image: countBySeverity(evaluations, 'image'),
    total: countBySeverity(evaluations, undefined),
  };
  return {
    verdict: fail ? 'fail' : 'pass',
    reason,
    summary: summaryLine(reason, evaluations, reasons),
    reasons,
    error: undefined,
    policy,
    evaluatedAt: now.toISOString(),
    scanned: { filesystem: input.filesystem !== undefined, image: input.image !== undefined, imageFacts: input.imageFacts !== undefined },
    findings: evaluations,
    counts,
    totals: {
      findings: evaluations.filter((e) => e.status !== 'not-failed').length,
      blocking: evaluations.filter((e) => e.blocking).length,
      reportedAsIssue: evaluations.filter((e) => e.reportAsIssue).length,
      excepted: evaluations.filter((e) => e.status === 'excepted').length,
      unfixedIgnored: evaluations.filter((e) => e.status === 'unfixed-ignored').length,
    },
    exceptions,
    baseline,
    hardening,
  };
}
