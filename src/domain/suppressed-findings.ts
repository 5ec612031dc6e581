import type { Finding } from './findings.js';

/*
 * Findings something other than the policy file took out of the gate: Trivy's ignore file,
 * a VEX document, a Rego filter. The gate does not judge them (they were suppressed before it
 * saw them) but it never hides them: each is listed with who suppressed it and why.
 *
 * The model is source-agnostic on purpose: a VEX statement, an ignore-file entry and any later
 * source all fill the same fields, so every renderer lists them the same way.
 */

/** Who suppressed a finding. */
export type SuppressionType = 'ignore-file' | 'vex' | 'rego' | 'other';

export interface Suppression {
  type: SuppressionType;
  /** The document that said so: the ignore file's path, the VEX document, `--ignored-licenses`… */
  source: string;
  /** The status it gave: `ignored` (ignore file), `not_affected`, `fixed`, `under_investigation` (VEX)… */
  status: string;
  /** Its statement (`.trivyignore.yaml` `statement`, the VEX impact statement), when it has one. */
  statement: string | undefined;
  /** The VEX justification (`vulnerable_code_not_present`…), when the source gives one apart from the statement. */
  justification: string | undefined;
}

export interface SuppressedFinding {
  /** The finding as it would have been reported (its scope says which scan). */
  finding: Finding;
  suppression: Suppression;
}

/** VEX statuses (pkg/types/finding.go): a finding with one of these was suppressed by a VEX document. */
const VEX_STATUSES = new Set(['not_affected', 'affected', 'fixed', 'under_investigation']);

/** Trivy's ExperimentalModifiedFindings entry → a suppression. */
export function suppressionOf(modified: { Status: string; Source?: string | undefined; Statement?: string | undefined }): Suppression {
  const source = modified.Source || 'unknown source';
  const statement = modified.Statement || undefined;
  let type: SuppressionType = 'other';
  if (VEX_STATUSES.has(modified.Status) || /vex/i.test(source)) type = 'vex';
  else if (statement === 'Filtered by Rego') type = 'rego';
  else if (modified.Status === 'ignored') type = 'ignore-file';
  return { type, source, status: modified.Status, statement, justification: undefined };
}

/** `ignore file .trivyignore`, `VEX openvex.json`. */
export function describeSuppressionSource(suppression: Suppression): string {
  const label: Record<SuppressionType, string> = { 'ignore-file': 'ignore file', vex: 'VEX', rego: 'Rego filter', other: 'suppressed by' };
  return `${label[suppression.type]} ${suppression.source}`;
}
