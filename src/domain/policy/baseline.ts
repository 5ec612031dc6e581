import type { Finding, ScanScope } from '../findings.js';
import { GateError } from '../gate-error.js';
import type { TrivyReport } from '../trivy-report.js';
import type { BaselineComparison, BaselineVerdict } from './decision.js';

/** An image report (`container_image`) is compared with this run's image scan; anything else with the context scan. */
export function baselineScope(report: TrivyReport): ScanScope {
  return report.ArtifactType === 'container_image' ? 'image' : 'filesystem';
}

export interface FindingDelta {
  /** Current findings whose key the baseline does not have. */
  added: Finding[];
  /** Baseline findings whose key the current findings do not have. */
  removed: Finding[];
  unchangedCount: number;
  currentCount: number;
  baselineCount: number;
}

function byKey(findings: readonly Finding[]): Map<string, Finding> {
  const map = new Map<string, Finding>();
  for (const f of findings) if (!map.has(f.key)) map.set(f.key, f);
  return map;
}

/** Compares two sets of findings by identity key (duplicates of a key count once). */
export function compareFindings(current: readonly Finding[], baseline: readonly Finding[]): FindingDelta {
  const now = byKey(current);
  const before = byKey(baseline);
  const added = [...now.values()].filter((f) => !before.has(f.key));
  const removed = [...before.values()].filter((f) => !now.has(f.key));
  return {
    added,
    removed,
    unchangedCount: now.size - added.length,
    currentCount: now.size,
    baselineCount: before.size,
  };
}

export function baselineVerdict(currentCount: number, baselineCount: number): BaselineVerdict {
  if (currentCount > baselineCount) return 'regressed';
  if (currentCount < baselineCount) return 'improved';
  return 'unchanged';
}

/**
 * `current` and `baseline` are the counted vulnerabilities of each side (see
 * `BaselineComparison` for what is counted). The verdict follows the count, not the lists:
 * a package upgrade that swaps one HIGH for another is `unchanged`, not a regression.
 */
export function compareWithBaseline(
  current: readonly Finding[],
  baseline: readonly Finding[],
  scope: ScanScope,
  blockOnIncrease: boolean,
): BaselineComparison {
  const delta = compareFindings(current, baseline);
  const verdict = baselineVerdict(delta.currentCount, delta.baselineCount);
  return {
    verdict,
    scope,
    blocking: verdict === 'regressed' && blockOnIncrease,
    baselineCount: delta.baselineCount,
    currentCount: delta.currentCount,
    newCount: delta.added.length,
    fixedCount: delta.removed.length,
    unchangedCount: delta.unchangedCount,
    newVulnerabilities: delta.added,
    fixedVulnerabilities: delta.removed,
  };
}

export function missingScopeError(scope: ScanScope): GateError {
  return new GateError(
    'input-error',
    `the baseline is ${scope === 'image' ? 'an image' : 'a filesystem'} report, but this run has no ${scope} scan to compare it with`,
    {
      remedy:
        scope === 'image'
          ? 'Use baseline: registry, or a Trivy report of the published image (trivy image --format json).'
          : 'Use a Trivy report of the same kind as the scan it should be compared with.',
    },
  );
}
