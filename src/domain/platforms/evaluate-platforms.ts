import { GateError, type FailReason, type Reason } from '../gate-error.js';
import type { ImageFacts } from '../image-facts.js';
import { emptyCounts, severityRank, type SeverityCounts } from '../severity.js';
import type { TrivyReport } from '../trivy-report.js';
import type { BaselineComparison, Decision, DecisionReason, ExceptionUse, FindingEvaluation } from '../policy/decision.js';
import { evaluateGate, summaryLine } from '../policy/evaluate-gate.js';
import type { GatePolicy } from '../policy/gate-policy.js';
import type { ParsedPolicy, PolicyException } from '../policy/policy-exception.js';

/** What one platform's build produced, scanned and inspected. */
export interface PlatformScan {
  /** `linux/arm64` */
  platform: string;
  image: TrivyReport;
  /** Undefined for a published image (`mode: summary`): hardening rules are then not checked. */
  imageFacts?: ImageFacts | undefined;
  /** That platform's published image, when comparing with the registry (or the baseline file). */
  baseline?: TrivyReport | undefined;
}

export interface PlatformsGateInput {
  policy: GatePolicy;
  /** The build context scan; undefined when nothing was built (`mode: summary`). */
  filesystem?: TrivyReport | undefined;
  /** A baseline of the build context (a filesystem report given as `baseline: <file>`). */
  filesystemBaseline?: TrivyReport | undefined;
  platforms: readonly PlatformScan[];
  policyFile?: ParsedPolicy | undefined;
  now: Date;
}

const FAIL_ORDER: readonly FailReason[] = ['vulnerable', 'regressed', 'policy'];

function onPlatform(evaluation: FindingEvaluation, platform: string): FindingEvaluation {
  return { ...evaluation, finding: { ...evaluation.finding, platform } };
}

function addCounts(into: SeverityCounts, from: SeverityCounts): void {
  for (const [severity, n] of Object.entries(from) as [keyof SeverityCounts, number][]) into[severity] += n;
}

/**
 * Per-platform comparisons as one: counts summed, blocking if any blocks; regressed if any
 * platform regressed, else improved if any improved (a fix on one platform is an improvement).
 */
function mergeBaselines(parts: readonly (BaselineComparison | undefined)[]): BaselineComparison | undefined {
  const present = parts.filter((b): b is BaselineComparison => b !== undefined);
  if (present.length === 0) return undefined;
  const rank = { unchanged: 0, improved: 1, regressed: 2 } as const;
  return present.reduce((a, b) => ({
    verdict: rank[b.verdict] > rank[a.verdict] ? b.verdict : a.verdict,
    scope: a.scope,
    blocking: a.blocking || b.blocking,
    baselineCount: a.baselineCount + b.baselineCount,
    currentCount: a.currentCount + b.currentCount,
    newCount: a.newCount + b.newCount,
    fixedCount: a.fixedCount + b.fixedCount,
    unchangedCount: a.unchangedCount + b.unchangedCount,
    newVulnerabilities: [...a.newVulnerabilities, ...b.newVulnerabilities],
    fixedVulnerabilities: [...a.fixedVulnerabilities, ...b.fixedVulnerabilities],
  }));
}

function withPlatform(baseline: BaselineComparison | undefined, platform: string): BaselineComparison | undefined {
  if (!baseline) return undefined;
  return {
    ...baseline,
    newVulnerabilities: baseline.newVulnerabilities.map((f) => ({ ...f, platform })),
    fixedVulnerabilities: baseline.fixedVulnerabilities.map((f) => ({ ...f, platform })),
  };
}

/**
 * The gate over several platforms: the build context judged once, each platform's image
 * judged on its own (its findings, hardening and baseline), then one decision whose verdict
 * is the worst of them. Every finding, hardening result and reason names its platform.
 */
export function evaluatePlatforms(input: PlatformsGateInput): Decision {
  if (input.platforms.length === 0) throw new GateError('internal-error', 'evaluatePlatforms: no platform was scanned');
  const { policy, policyFile, now } = input;
  const context = input.filesystem ? evaluateGate({ policy, filesystem: input.filesystem, baseline: input.filesystemBaseline, policyFile, now }) : undefined;
  const perPlatform = input.platforms.map((p) => ({
    platform: p.platform,
    decision: evaluateGate({ policy, image: p.image, imageFacts: p.imageFacts, baseline: p.baseline, policyFile, now }),
  }));

  // Facts about the policy file (expired, unused exceptions) come from one evaluation, not one per platform.
  const policyView = context ?? perPlatform[0]!.decision;
  const findings = [...(context?.findings ?? [])];
  const hardening = [];
  const reasons: DecisionReason[] = [...(context?.reasons ?? []).filter((r) => r.rule !== 'exception-expired')];
  for (const { platform, decision } of perPlatform) {
    for (const e of decision.findings) findings.push(onPlatform(e, platform));
    for (const h of decision.hardening) hardening.push({ ...h, platform, message: `${platform}: ${h.message}` });
    // Expired exceptions are one fact about the policy file, not one per platform.
    for (const r of decision.reasons) if (r.rule !== 'exception-expired') reasons.push({ ...r, message: `${platform}: ${r.message}` });
  }
  reasons.push(...policyView.reasons.filter((r) => r.rule === 'exception-expired'));
  const ordered = [...reasons.filter((r) => r.level === 'fail'), ...reasons.filter((r) => r.level === 'warn')];
  // Blocking first, then most severe: stable, so each group keeps context-then-platform order.
  findings.sort((a, b) => Number(b.blocking) - Number(a.blocking) || severityRank(b.effectiveSeverity) - severityRank(a.effectiveSeverity));

  const all = [...(context ? [context] : []), ...perPlatform.map((p) => p.decision)];
  const counts = { filesystem: emptyCounts(), image: emptyCounts(), total: emptyCounts() };
  const totals = { findings: 0, blocking: 0, reportedAsIssue: 0, excepted: 0, unfixedIgnored: 0 };
  const uses = new Map<PolicyException, number>();
  for (const d of all) {
    addCounts(counts.filesystem, d.counts.filesystem);
    addCounts(counts.image, d.counts.image);
    addCounts(counts.total, d.counts.total);
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += d.totals[key];
    for (const use of d.exceptions.used) uses.set(use.exception, (uses.get(use.exception) ?? 0) + use.findings);
  }
  const used: ExceptionUse[] = [...uses].map(([exception, n]) => ({ exception, findings: n }));
  const fails = all.map((d) => d.reason).filter((r): r is FailReason => (FAIL_ORDER as readonly string[]).includes(r));
  const fail = FAIL_ORDER.find((r) => fails.includes(r));
  const reason: Reason = fail ?? 'passed';

  return {
    verdict: fail ? 'fail' : 'pass',
    reason,
    summary: summaryLine(reason, totals, ordered),
    reasons: ordered,
    error: undefined,
    policy,
    evaluatedAt: now.toISOString(),
    scanned: { filesystem: context !== undefined, image: true, imageFacts: input.platforms.every((p) => p.imageFacts !== undefined) },
    findings,
    counts,
    totals,
    exceptions: {
      fileName: policyView.exceptions.fileName,
      used,
      unused: policyView.exceptions.unused.filter((e) => !uses.has(e)),
      expired: policyView.exceptions.expired,
    },
    baseline: mergeBaselines([context?.baseline, ...perPlatform.map((p) => withPlatform(p.decision.baseline, p.platform))]),
    hardening,
  };
}
