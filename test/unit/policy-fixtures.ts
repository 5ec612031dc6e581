// Shared builders for the policy tests (not a test file itself).
import type { ImageFacts } from '../../src/domain/image-facts.js';
import type { GatePolicy } from '../../src/domain/policy/gate-policy.js';
import type { ParsedPolicy, PolicyException } from '../../src/domain/policy/policy-exception.js';
import type { Severity } from '../../src/domain/severity.js';
import { trivyReportSchema, type TrivyReport } from '../../src/domain/trivy-report.js';

export { goldenReport, goldenReportFiles, goldenText, reportsDir } from '../support/golden-reports.js';

export const defaultPolicy: GatePolicy = {
  failOn: ['CRITICAL', 'HIGH'],
  issueOn: ['CRITICAL', 'HIGH', 'MEDIUM'],
  unknownSeverity: 'HIGH',
  ignoreUnfixed: false,
  blockOnIncrease: true,
  requireNonRoot: 'fail',
  requireHealthcheck: 'warn',
  maxImageSizeBytes: undefined,
  configSecrets: 'fail',
};

export function policy(overrides: Partial<GatePolicy> = {}): GatePolicy {
  return { ...defaultPolicy, ...overrides };
}

export interface VulnSpec {
  id: string;
  severity: Severity;
  pkg?: string;
  version?: string;
  fixed?: string;
  status?: string;
  pkgPath?: string;
}

export function vuln(spec: VulnSpec): Record<string, unknown> {
  return {
    VulnerabilityID: spec.id,
    PkgName: spec.pkg ?? 'openssl',
    InstalledVersion: spec.version ?? '1.0.0',
    ...(spec.fixed === undefined ? {} : { FixedVersion: spec.fixed }),
    ...(spec.status === undefined ? {} : { Status: spec.status }),
    ...(spec.pkgPath === undefined ? {} : { PkgPath: spec.pkgPath }),
    Severity: spec.severity,
    Title: `${spec.id} title`,
    PrimaryURL: `https://avd.aquasec.com/nvd/${spec.id.toLowerCase()}`,
  };
}

export function secret(spec: { rule: string; severity: Severity; line?: number; match?: string }): Record<string, unknown> {
  return {
    RuleID: spec.rule,
    Category: 'GitHub',
    Severity: spec.severity,
    Title: `${spec.rule} title`,
    StartLine: spec.line ?? 1,
    EndLine: spec.line ?? 1,
    Match: spec.match ?? 'TOKEN=****************',
  };
}

export function misconfig(spec: { id: string; severity: Severity; status?: 'PASS' | 'FAIL' | 'EXCEPTION'; avdid?: string }): Record<string, unknown> {
  return {
    ID: spec.id,
    ...(spec.avdid ? { AVDID: spec.avdid } : {}),
    Title: `${spec.id} title`,
    Message: 'message',
    Severity: spec.severity,
    Status: spec.status ?? 'FAIL',
    CauseMetadata: { StartLine: 3, EndLine: 3 },
  };
}

export interface ReportSpec {
  kind?: 'image' | 'filesystem';
  /** Image reference in the OS result's target. */
  reference?: string;
  os?: Record<string, unknown>[];
  npm?: Record<string, unknown>[];
  secrets?: Record<string, unknown>[];
  misconfigs?: Record<string, unknown>[];
}

/** A report in Trivy's shape, validated by the real schema so tests cannot drift from it. */
export function report(spec: ReportSpec = {}): TrivyReport {
  const kind = spec.kind ?? 'image';
  const reference = spec.reference ?? 'ghcr.io/acme/app:pr-1';
  const results: Record<string, unknown>[] = [];
  if (spec.os) results.push({ Target: `${reference} (alpine 3.20.3)`, Class: 'os-pkgs', Type: 'alpine', Vulnerabilities: spec.os });
  if (spec.npm) results.push({ Target: 'app/package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: spec.npm });
  if (spec.secrets) results.push({ Target: 'app/.env', Class: 'secret', Secrets: spec.secrets });
  if (spec.misconfigs) results.push({ Target: 'Dockerfile', Class: 'config', Type: 'dockerfile', Misconfigurations: spec.misconfigs });
  return trivyReportSchema.parse({
    SchemaVersion: 2,
    ArtifactName: kind === 'image' ? reference : '.',
    ArtifactType: kind === 'image' ? 'container_image' : 'repository',
    Results: results,
  });
}

export function facts(overrides: Partial<ImageFacts> = {}): ImageFacts {
  return {
    id: 'sha256:' + 'a'.repeat(64),
    user: '65532:65532',
    healthcheck: { test: ['CMD', '/bin/busybox', 'true'] },
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    labels: { 'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567' },
    sizeBytes: 5_000_000,
    history: [{ createdBy: 'COPY busybox /bin/busybox # buildkit' }],
    ...overrides,
  };
}

export function exception(overrides: Partial<PolicyException> & { id: string }): PolicyException {
  return {
    package: undefined,
    path: undefined,
    reason: 'accepted risk',
    expires: '2030-01-01',
    index: 0,
    line: 2,
    ...overrides,
  };
}

export function policyFile(exceptions: PolicyException[]): ParsedPolicy {
  return { fileName: '.github/container-gate.yml', exceptions: exceptions.map((e, index) => ({ ...e, index })) };
}
