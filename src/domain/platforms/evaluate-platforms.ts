import { GateError, type FailReason, type Reason } from '../gate-error.js';
import type { ImageFacts } from '../image-facts.js';
import { severityRank } from '../severity.js';
import type { TrivyReport } from '../trivy-report.js';
import type { BaselineComparison, Decision, DecisionReason, ExceptionUse, FindingEvaluation, HardeningResult } from '../policy/decision.js';
import { evaluateGate, summaryLine, tallyEvaluations } from '../policy/evaluate-gate.js';
import type { GatePolicy } from '../policy/gate-policy.js';
import type { ParsedPolicy, PolicyException } from '../policy/policy-exception.js';
import type { GateInput } from '../policy/evaluate-gate.js';

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
  database?: GateInput['database'];
  ignoreFile?: GateInput['ignoreFile'];
  now: Date;
}

/** Reasons about the settings and the policy file: one fact per run, not one per platform. */
const RUN_WIDE_RULES: ReadonlySet<DecisionReason['rule']> = new Set(['exception-expired', 'fail-on-gap', 'db-age', 'ignore-file-expiry']);

const FAIL_ORDER: readonly FailReason[] = ['vulnerable', 'regressed', 'policy'];

/** Image locations take the platform; so does the finding, which is that platform's problem. */
function onPlatform(evaluation: FindingEvaluation, platform: string): FindingEvaluation {
  return {
    ...evaluation,
    finding: { ...evaluation.finding, platform },
    locations: evaluation.locations.map((l) => (l.scope === 'image' ? { ...l, platform } : l)),
  };
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
 * The gate over several platforms: each platform judged as a one-platform run would be (the
 * build context with that platform's image, its hardening and baseline), then one decision
 * whose verdict is the worst of them. What the context alone holds is kept once; everything
 * found in an image, each hardening result and each reason names its platform.
 */
export function evaluatePlatforms(input: PlatformsGateInput): Decision {
  return evaluatePlatformsEach(input).decision;
}

/** The run's decision and each platform's own (what that platform's verdict attestation records). */
export interface PlatformsDecision {
  decision: Decision;
  platforms: { platform: string; decision: Decision }[];
}

export function evaluatePlatformsEach(input: PlatformsGateInput): PlatformsDecision {
  if (input.platforms.length === 0) throw new GateError('internal-error', 'evaluatePlatforms: no platform was scanned');
  const { policy, policyFile, database, ignoreFile, now } = input;
  const shared = { policy, policyFile, database, ignoreFile, now, filesystem: input.filesystem };
  const perPlatform = input.platforms.map((p) => ({
    platform: p.platform,
    decision: evaluateGate({ ...shared, image: p.image, imageFacts: p.imageFacts, baseline: p.baseline ?? input.filesystemBaseline }),
  }));
  const first = perPlatform[0]!.decision;

  const findings: FindingEvaluation[] = [];
  const hardening: HardeningResult[] = [];
  const reasons: DecisionReason[] = [];
  const suppressed = first.suppressed.filter((x) => x.finding.scope === 'filesystem');
  perPlatform.forEach(({ platform, decision }, i) => {
    for (const e of decision.findings) {
      const inImage = e.locations.some((l) => l.scope === 'image');
      // The context is the same for every platform: what only it holds is listed once.
      if (inImage) findings.push(onPlatform(e, platform));
      else if (i === 0) findings.push(e);
    }
    for (const h of decision.hardening) hardening.push({ ...h, platform, message: `${platform}: ${h.message}` });
    for (const r of decision.reasons) if (!RUN_WIDE_RULES.has(r.rule)) reasons.push({ ...r, message: `${platform}: ${r.message}` });
    for (const x of decision.suppressed) if (x.finding.scope === 'image') suppressed.push({ ...x, finding: { ...x.finding, platform } });
  });
  reasons.push(...first.reasons.filter((r) => RUN_WIDE_RULES.has(r.rule)));
  const ordered = [...reasons.filter((r) => r.level === 'fail'), ...reasons.filter((r) => r.level === 'warn')];
  // Blocking first, then most severe: stable, so each group keeps platform order.
  findings.sort((a, b) => Number(b.blocking) - Number(a.blocking) || severityRank(b.effectiveSeverity) - severityRank(a.effectiveSeverity));
  const { totals, counts } = tallyEvaluations(findings, suppressed.length);

  const uses = new Map<PolicyException, number>();
  for (const e of findings) if (e.exception) uses.set(e.exception, (uses.get(e.exception) ?? 0) + 1);
  const used: ExceptionUse[] = [...uses].map(([exception, n]) => ({ exception, findings: n }));
  const fails = perPlatform.map((p) => p.decision.reason).filter((r): r is FailReason => (FAIL_ORDER as readonly string[]).includes(r));
  const fail = FAIL_ORDER.find((r) => fails.includes(r));
  const reason: Reason = fail ?? 'passed';
  // A context baseline is the same comparison on every platform: counted once.
  const baselines = perPlatform.map((p) => withPlatform(p.decision.baseline, p.platform));
  const baseline = first.baseline?.scope === 'filesystem' ? first.baseline : mergeBaselines(baselines);

  const decision: Decision = {
    verdict: fail ? 'fail' : 'pass',
    reason,
    summary: summaryLine(reason, totals, ordered),
    reasons: ordered,
    error: undefined,
    policy,
    evaluatedAt: now.toISOString(),
    scanned: { filesystem: input.filesystem !== undefined, image: true, imageFacts: input.platforms.every((p) => p.imageFacts !== undefined) },
    findings,
    counts,
    totals,
    exceptions: {
      fileName: first.exceptions.fileName,
      used,
      unused: [...first.exceptions.unused, ...first.exceptions.used.map((u) => u.exception)].filter((e) => !uses.has(e)),
      expired: first.exceptions.expired,
    },
    baseline,
    hardening,
    suppressed,
    database: first.database,
  };
  return { decision, platforms: perPlatform };
}
