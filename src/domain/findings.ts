import type { FindingExploit } from './exploits/exploit-data.js';
import type { Severity } from './severity.js';

export type FindingKind = 'vulnerability' | 'secret' | 'misconfiguration';

/** Which scan produced a finding: the build context on disk, or the image that was built. */
export type ScanScope = 'filesystem' | 'image';

/**
 * One normalised finding from a Trivy report, whatever the scanner.
 *
 * A secret finding never carries the matched text: Trivy's `Match` masks the value with
 * asterisks, but the rest of the line can still be sensitive, so it is dropped on the way in.
 */
export interface Finding {
  kind: FindingKind;
  /** Vulnerability ID (CVE-…, GHSA-…), secret rule ID, or misconfiguration ID (e.g. DS002). */
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
  /** Secret category (GitHub, AWS…), for the report. */
  category?: string;
  /** The package's Package URL as Trivy reports it (PkgIdentifier.PURL); vulnerabilities only. */
  purl?: string;
  /** KEV and EPSS data about its CVE, when the feeds were loaded and know it (see enrichFindings). */
  exploit?: FindingExploit;
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
 * file Target plus their start line (two secrets of one rule in one file stay distinct).
 * The scope is not part of the key: comparisons happen within one scope.
 */
export function findingKey(
  finding: Pick<
    Finding,
    'kind' | 'id' | 'target' | 'targetClass' | 'targetType' | 'packageName' | 'packagePath' | 'installedVersion' | 'startLine'
  >,
): string {
  const where =
    finding.targetClass === 'os-pkgs'
      ? `os-pkgs/${finding.targetType ?? ''}`
      : `${finding.targetClass ?? ''}/${finding.targetType ?? ''}:${finding.packagePath || finding.target}`;
  const parts =
    finding.kind === 'vulnerability'
      ? [finding.kind, finding.id, where, finding.packageName ?? '', finding.installedVersion ?? '']
      : [finding.kind, finding.id, where, String(finding.startLine ?? '')];
  // JSON keeps the parts unambiguous whatever characters they contain.
  return JSON.stringify(parts);
}
