import type { Decision } from './domain/policy/decision.js';
import type { RunResult } from './pipeline.js';
import type { RunPlan } from './plan.js';

/** Every output action.yml declares, always set (empty when unknown) so `if:` expressions never see stale values. */
export function actionOutputs(args: {
  decision: Decision;
  plan: RunPlan | undefined;
  result: RunResult;
  sarifPath: string | undefined;
  htmlReportPath?: string | undefined;
}): Record<string, string> {
  const { decision, plan, result, sarifPath } = args;
  const baseline = decision.baseline;
  return {
    verdict: decision.verdict,
    reason: decision.reason,
    image: plan?.image.name ?? '',
    'image-id': result.imageId ?? '',
    tags: result.pushed?.references.join('\n') ?? '',
    digest: result.pushed?.digest ?? '',
    counts: JSON.stringify(decision.counts.total),
    'new-vulnerabilities': baseline ? String(baseline.newCount) : '',
    'fixed-vulnerabilities': baseline ? String(baseline.fixedCount) : '',
    'baseline-verdict': baseline?.verdict ?? '',
    sarif: sarifPath ?? '',
    sbom: result.attested?.sbomPath ?? '',
    attestations: JSON.stringify(result.attested?.attestations ?? {}),
    'db-updated-at': decision.database?.updatedAt ?? result.database?.updatedAt ?? '',
    'html-report': args.htmlReportPath ?? '',
  };
}
