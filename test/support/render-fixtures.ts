// Decisions for the renderer and GitHub adapter tests, made by the real policy (evaluateGate)
// from reports in Trivy's shape (validated by the real schema), plus real Trivy outputs.
import { GateError } from '../../src/domain/gate-error.js';
import type { ImageFacts } from '../../src/domain/image-facts.js';
import { errorDecision, type Decision } from '../../src/domain/policy/decision.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import type { GatePolicy } from '../../src/domain/policy/gate-policy.js';
import { defaultPolicy } from '../unit/policy-fixtures.js';
import type { PolicyException } from '../../src/domain/policy/policy-exception.js';
import type { ReportContext } from '../../src/domain/render/report-view.js';
import { trivyReportSchema, type TrivyReport } from '../../src/domain/trivy-report.js';

export { goldenJson, reportsDir } from './golden-reports.js';

export const NOW = new Date('2026-11-22T10:00:00Z');

export const POLICY: GatePolicy = defaultPolicy;

export const CONTEXT: ReportContext = {
  image: 'ghcr.io/acme/app',
  digest: `sha256:${'c'.repeat(64)}`,
  pushedReferences: [],
  repository: 'acme/app',
  serverUrl: 'https://github.com',
  commitSha: '0123456789abcdef0123456789abcdef01234567',
  contextPath: 'services/api',
  runUrl: 'https://github.com/acme/app/actions/runs/42',
};

export const FACTS: ImageFacts = {
  id: `sha256:${'a'.repeat(64)}`,
  user: '65532:65532',
  healthcheck: { test: ['CMD', '/bin/busybox', 'true'] },
  env: ['PATH=/usr/bin:/bin'],
  labels: {},
  sizeBytes: 5_000_000,
  history: [{ createdBy: 'COPY busybox /bin/busybox # buildkit' }],
};

type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';

export function vuln(id: string, severity: Severity, pkg = 'openssl', fixed: string | undefined = '3.0.1', version = '3.0.0'): Record<string, unknown> {
  return {
    VulnerabilityID: id,
    PkgName: pkg,
    InstalledVersion: version,
    ...(fixed ? { FixedVersion: fixed } : {}),
    Severity: severity,
    Title: `${pkg}: problem ${id}`,
    PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
  };
}

export interface ReportSpec {
  kind: 'image' | 'filesystem';
  os?: Record<string, unknown>[];
  npm?: Record<string, unknown>[];
  secrets?: Record<string, unknown>[];
  misconfigs?: Record<string, unknown>[];
  secretTarget?: string;
}

export function report(spec: ReportSpec): TrivyReport {
  const results: Record<string, unknown>[] = [];
  if (spec.os) results.push({ Target: 'ghcr.io/acme/app:pr-7 (alpine 3.20.3)', Class: 'os-pkgs', Type: 'alpine', Vulnerabilities: spec.os });
  if (spec.npm) results.push({ Target: spec.kind === 'image' ? 'app/package-lock.json' : 'package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: spec.npm });
  if (spec.secrets) results.push({ Target: spec.secretTarget ?? 'deploy.sh', Class: 'secret', Secrets: spec.secrets });
  if (spec.misconfigs) results.push({ Target: 'Dockerfile', Class: 'config', Type: 'dockerfile', Misconfigurations: spec.misconfigs });
  return trivyReportSchema.parse({
    SchemaVersion: 2,
    ArtifactName: spec.kind === 'image' ? 'ghcr.io/acme/app:pr-7' : '.',
    ArtifactType: spec.kind === 'image' ? 'container_image' : 'repository',
    Results: results,
  });
}

/** A secret Trivy found, with an unmasked value in Match to prove renderers never show it. */
export const LEAKED_VALUE = 'AKIAZZLEAKEDVALUE1234';
export function leakedSecret(line = 3): Record<string, unknown> {
  return {
    RuleID: 'aws-access-key-id',
    Category: 'AWS',
    Severity: 'CRITICAL',
    Title: 'AWS Access Key ID',
    StartLine: line,
    EndLine: line,
    Match: `export AWS_ACCESS_KEY_ID=${LEAKED_VALUE}`,
    Code: { Lines: [{ Number: line, Content: `export AWS_ACCESS_KEY_ID=${LEAKED_VALUE}`, IsCause: true }] },
  };
}

export function exceptionFor(id: string, overrides: Partial<PolicyException> = {}): PolicyException {
  return { id, package: undefined, path: undefined, reason: 'accepted: not reachable', expires: '2030-01-01', index: 0, line: 3, ...overrides };
}

export function decide(input: {
  filesystem?: TrivyReport;
  image?: TrivyReport;
  baseline?: TrivyReport;
  exceptions?: PolicyException[];
  policy?: Partial<GatePolicy>;
  facts?: ImageFacts | null;
}): Decision {
  return evaluateGate({
    policy: { ...POLICY, ...input.policy },
    filesystem: input.filesystem,
    image: input.image,
    imageFacts: input.facts === null ? undefined : (input.facts ?? FACTS),
    baseline: input.baseline,
    policyFile: input.exceptions ? { fileName: '.github/container-gate.yml', exceptions: input.exceptions.map((e, index) => ({ ...e, index })) } : undefined,
    now: NOW,
  });
}

/** Named decisions covering every verdict and section a renderer has. */
export function scenarios(): Record<string, Decision> {
  return {
    clean: decide({ filesystem: report({ kind: 'filesystem' }), image: report({ kind: 'image' }) }),
    vulnerable: decide({
      filesystem: report({ kind: 'filesystem', npm: [vuln('CVE-2021-44906', 'CRITICAL', 'minimist', '1.2.6', '1.2.5'), vuln('GHSA-xxxx-yyyy-zzzz', 'MEDIUM', '@babel/core', '7.22.0')] }),
      image: report({ kind: 'image', os: [vuln('CVE-2024-0001', 'HIGH'), vuln('CVE-2024-0002', 'LOW', 'busybox', undefined), vuln('CVE-2024-0003', 'UNKNOWN', 'zlib')] }),
    }),
    secrets: decide({
      filesystem: report({ kind: 'filesystem', secrets: [leakedSecret()] }),
      image: report({ kind: 'image', secrets: [leakedSecret(7)], secretTarget: '/app/.env' }),
    }),
    misconfigured: decide({
      filesystem: report({
        kind: 'filesystem',
        misconfigs: [{ ID: 'DS-0002', Title: 'Image user should not be root', Severity: 'MEDIUM', Status: 'FAIL', CauseMetadata: { StartLine: 1, EndLine: 1 }, PrimaryURL: 'https://avd.aquasec.com/misconfig/ds002' }],
      }),
      image: report({ kind: 'image' }),
      facts: { ...FACTS, user: '', healthcheck: undefined },
    }),
    improved: decide({
      image: report({ kind: 'image', os: [vuln('CVE-2024-0001', 'HIGH')] }),
      baseline: report({ kind: 'image', os: [vuln('CVE-2024-0001', 'HIGH'), vuln('CVE-2023-0100', 'HIGH', 'expat')] }),
    }),
    regressed: decide({
      image: report({ kind: 'image', os: [vuln('CVE-2024-0001', 'HIGH'), vuln('CVE-2024-0009', 'HIGH', 'curl')] }),
      baseline: report({ kind: 'image', os: [vuln('CVE-2024-0001', 'HIGH')] }),
    }),
    excepted: decide({
      image: report({ kind: 'image', os: [vuln('CVE-2024-0001', 'HIGH'), vuln('CVE-2024-0005', 'CRITICAL', 'musl')] }),
      exceptions: [exceptionFor('CVE-2024-0001', { package: 'openssl' }), exceptionFor('CVE-2024-0005', { expires: '2026-01-01', reason: 'was waiting for musl' })],
    }),
    error: errorDecision(new GateError('scan-error', 'Trivy exited with 1', { remedy: 'check the Trivy log', details: ['FATAL db download failed'] }), {}, NOW),
  };
}

/** A decision with `n` image vulnerabilities spread over severities. */
export function hugeDecision(n: number): Decision {
  const severities: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
  return decide({
    image: report({
      kind: 'image',
      os: Array.from({ length: n }, (_, i) => vuln(`CVE-2024-${String(10000 + i)}`, severities[i % 4]!, `package-with-a-longish-name-${i}`)),
    }),
  });
}
