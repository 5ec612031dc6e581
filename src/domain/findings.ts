import type { Severity } from './severity.js';

export type FindingKind = 'vulnerability' | 'secret' | 'misconfiguration' | 'license';

/** Which scan produced a finding: the build context on disk, or the image that was built. */
export type ScanScope = 'filesystem' | 'image';

/**
 * One normalised finding from a Trivy report, whatever the scanner.
 *
 * A secret finding never carries the matched text: Trivy's `Match` masks the value with
 * asterisks, but the rest of the line can still be sensitive, so it is dropped on the way in.
 *
 * Open for extension: enrichment (exploit data, platforms…) adds optional fields; every
 * renderer ignores what it does not know. One Finding is one location: the same problem seen
 * in the build context and in the image is two Findings that the decision merges (see
 * `FindingEvaluation.locations`), so no location is lost.
 */
export interface Finding {
  kind: FindingKind;
  /**
   * Vulnerability ID (CVE-…, GHSA-…), secret rule ID, misconfiguration ID (e.g. DS002), or the
   * license name (SPDX, e.g. GPL-3.0-only) for a license finding.
   */
  id: string;
  /** The other name of a misconfiguration check (AVD-DS-0002), so exceptions can use either. */
  aliases: string[];
  severity: Severity;
  scope: ScanScope;
  /** Trivy's `Target`: for OS packages in an image it contains the image name, for the rest a path. */
  target: string;
  /** Trivy's result `Class` (os-pkgs, lang-pkgs, secret, config…) and `Type` (alpine, npm, dockerfile…). */
  targetClass: string | undefined;
  targetType: string | undefined;
  packageName?: string;
  /** Where a language package was found inside the target (PkgPath), when Trivy reports it. */
  packagePath?: string;
  installedVersion?: string;
  fixedVersion?: string;
  /** Vulnerability status (fixed, affected, will_not_fix…) or misconfiguration status (PASS, FAIL, EXCEPTION). */
  status?: string;
  title: string;
  url?: string;
  /**
   * CVSS v3 base score from the source Trivy took the severity from (else NVD), as Trivy's own
   * SARIF uses it for `security-severity`. Vulnerabilities only.
   */
  cvssScore?: number;
  startLine?: number;
  endLine?: number;
  /** Secret category (GitHub, AWS…), or license category (forbidden, restricted, reciprocal…). */
  category?: string;
  /** Misconfiguration check namespace (`builtin.dockerfile.DS002`, `user.foo`): tells apart checks without an ID. */
  namespace?: string;
  /** License findings: the file a license was found in (file licenses), and Trivy's match confidence (0–1). */
  filePath?: string;
  confidence?: number;
  /**
   * Stable identity across runs and across image tags; see `findingKey`.
   * Two findings with the same key are the same problem in the same place.
   */
  key: string;
}

/**
 * Identity of a finding: kind, ID, where it is, package, installed version.
 *
 * "Where" deliberately avoids the artifact name: an image scan's OS-package result is named
 * after the image reference (`ghcr.io/acme/app:pr-7 (alpine 3.20.1)`), which differs between
 * the image just built and the published tag it is compared with. So OS packages are located
 * by result Class/Type (`os-pkgs/alpine`) only; language packages by their PkgPath inside the
 * image (falling back to the result Target, a path); secrets and misconfigurations by the
 * file Target plus their start line (two secrets of one rule in one file stay distinct), and
 * misconfigurations also by check namespace; licenses by package and license file.
 * The scope is not part of the key: comparisons happen within one scope.
 */
export function findingKey(
  finding: Pick<
    Finding,
    | 'kind'
    | 'id'
    | 'target'
    | 'targetClass'
    | 'targetType'
    | 'packageName'
    | 'packagePath'
    | 'installedVersion'
    | 'startLine'
    | 'namespace'
    | 'filePath'
  >,
): string {
  const where =
    finding.targetClass === 'os-pkgs'
      ? `os-pkgs/${finding.targetType ?? ''}`
      : `${finding.targetClass ?? ''}/${finding.targetType ?? ''}:${finding.packagePath || finding.target}`;
  let parts: string[];
  if (finding.kind === 'vulnerability') parts = [finding.kind, finding.id, where, finding.packageName ?? '', finding.installedVersion ?? ''];
  else if (finding.kind === 'license') parts = [finding.kind, finding.id, where, finding.packageName ?? '', finding.filePath ?? ''];
  // Checks without metadata all have ID `N/A`: the namespace keeps them apart.
  else if (finding.kind === 'misconfiguration' && finding.namespace) parts = [finding.kind, finding.id, where, String(finding.startLine ?? ''), finding.namespace];
  else parts = [finding.kind, finding.id, where, String(finding.startLine ?? '')];
  // JSON keeps the parts unambiguous whatever characters they contain.
  return JSON.stringify(parts);
}
