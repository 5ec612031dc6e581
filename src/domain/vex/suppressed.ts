import type { ScanScope } from '../findings.js';
import type { TrivyReport } from '../trivy-report.js';

/*
 * Findings Trivy took out of its report and, with `--show-suppressed`, lists under each
 * result's `ExperimentalModifiedFindings`: `{ Type, Status, Statement, Source, Finding }`.
 * A VEX statement gives Status `not_affected`/`fixed`, its justification as Statement and the
 * document as Source; the ignore file gives Status `ignored`. None of them may vanish
 * silently, so each one is listed with where its suppression came from.
 */

export interface SuppressedFinding {
  scope: ScanScope;
  /** vulnerability, misconfiguration, secret, license. */
  type: string;
  id: string;
  /** not_affected, fixed, ignored… */
  status: string;
  /** The VEX justification (or impact statement), or the ignore file's reason. */
  statement: string | undefined;
  /** The VEX document or ignore file it came from. */
  source: string | undefined;
  target: string;
  packageName: string | undefined;
  installedVersion: string | undefined;
  severity: string | undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The suppressed findings of one report, in report order. Unknown shapes are read defensively. */
export function suppressedFindings(report: TrivyReport | undefined, scope: ScanScope): SuppressedFinding[] {
  const out: SuppressedFinding[] = [];
  for (const result of report?.Results ?? []) {
    const modified = (result as { ExperimentalModifiedFindings?: unknown }).ExperimentalModifiedFindings;
    if (!Array.isArray(modified)) continue;
    for (const entry of modified as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const m = entry as Record<string, unknown>;
      const f = (typeof m.Finding === 'object' && m.Finding !== null ? m.Finding : {}) as Record<string, unknown>;
      out.push({
        scope,
        type: text(m.Type) ?? 'unknown',
        id: text(f.VulnerabilityID) ?? text(f.ID) ?? text(f.RuleID) ?? text(f.Name) ?? '(no id)',
        status: text(m.Status) ?? 'unknown',
        statement: text(m.Statement),
        source: text(m.Source),
        target: result.Target,
        packageName: text(f.PkgName),
        installedVersion: text(f.InstalledVersion),
        severity: text(f.Severity),
      });
    }
  }
  return out;
}
