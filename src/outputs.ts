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
    'platform-digests': platformDigests(result),
    counts: JSON.stringify(decision.counts.total),
    'new-vulnerabilities': baseline ? String(baseline.newCount) : '',
    'fixed-vulnerabilities': baseline ? String(baseline.fixedCount) : '',
    'baseline-verdict': baseline?.verdict ?? '',
    sarif: sarifPath ?? '',
    'kev-count': decision.exploitData?.kev.status === 'loaded' ? String(decision.exploitData.kevCount) : '',
    'max-epss': decision.exploitData?.maxEpss !== undefined ? String(decision.exploitData.maxEpss) : '',
    vex: result.vex?.path ?? '',
    sbom: result.attested?.sbomPath ?? '',
    attestations: JSON.stringify(result.attested?.attestations ?? {}),
    'db-updated-at': decision.database?.updatedAt ?? result.database?.updatedAt ?? '',
    'html-report': args.htmlReportPath ?? '',
  };
}

/** `{"linux/arm64": {"digest": "sha256:…", "image-id": "sha256:…"}}`; the digest only once pushed. */
function platformDigests(result: RunResult): string {
  if (!result.platforms || result.platforms.length === 0) return '';
  return JSON.stringify(
    Object.fromEntries(result.platforms.map((p) => [p.platform, { ...(p.digest && { digest: p.digest }), 'image-id': p.imageId }])),
  );
}
