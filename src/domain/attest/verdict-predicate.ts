import type { Decision } from '../policy/decision.js';
import type { SeverityCounts } from '../severity.js';
import type { Scanner, Baseline } from '../scan-settings.js';

/** Where the verdict was reached: the workflow run that anyone can open. */
export interface RunContext {
  /** https://github.com/<owner>/<repo>/actions/runs/<id>/attempts/<n>; undefined outside Actions. */
  url: string | undefined;
  repository: string | undefined;
  /** The commit the workflow ran on. */
  sha: string | undefined;
  /** `refs/heads/main`, … */
  ref: string | undefined;
  /** `owner/repo/.github/workflows/x.yml@ref` (GITHUB_WORKFLOW_REF). */
  workflow: string | undefined;
}

export interface ScannerFacts {
  trivyVersion: string;
  /** Trivy DB metadata.json `UpdatedAt` (ISO), undefined when it could not be read. */
  dbUpdatedAt: string | undefined;
  /** Trivy DB schema version. */
  dbVersion: number | undefined;
  scanners: readonly Scanner[];
}

/**
 * The gate verdict predicate (GATE_VERDICT_PREDICATE_TYPE). Field names are the schema's
 * (schemas/gate-verdict-v1.schema.json); only additive changes keep the v1 URI.
 */
export interface GateVerdictPredicate {
  gate: { name: 'container-security-gate'; version: string };
  verdict: 'pass';
  reason: string;
  summary: string;
  reasons: { level: 'fail' | 'warn'; rule: string; message: string }[];
  /** Absent `id` only when the subject is an image index (then `platforms` names each image). */
  image: { id?: string; digest: string };
  /** Multi-platform runs: the platform of the manifest this statement is about. */
  platform?: string;
  /** Multi-platform runs, on the image index: every platform it names, all of which passed. */
  platforms?: IndexPlatform[];
  policy: {
    failOn: string[];
    issueOn: string[];
    unknownSeverity: string;
    ignoreUnfixed: boolean;
    compareOn: { baseline: Baseline['kind']; blockOnIncrease: boolean };
    hardening: {
      requireNonRoot: string;
      requireHealthcheck: string;
      maxImageSizeBytes: number | null;
      configSecrets: string;
    };
    exceptions: { id: string; package: string | null; path: string | null; reason: string; expires: string; findings: number }[];
  };
  counts: { filesystem: SeverityCounts; image: SeverityCounts; total: SeverityCounts };
  baseline: { verdict: string; newCount: number; fixedCount: number } | null;
  hardening: { rule: string; mode: string; status: string }[];
  scanner: { name: 'trivy'; version: string; db: { updatedAt: string | null; version: number | null }; scanners: string[] };
  evaluatedAt: string;
  attestedAt: string;
  run: { url: string | null; repository: string | null; sha: string | null; ref: string | null; workflow: string | null };
}

/** One platform of an image index, as the index's verdict names it. */
export interface IndexPlatform {
  /** `linux/arm64` */
  platform: string;
  /** The platform's manifest digest (what the index names). */
  digest: string;
  /** The image ID (config digest) the gate built and scanned for it. */
  imageId: string;
}

/**
 * Which part of a multi-platform run a statement is about: one platform's manifest, or the
 * image index over all of them. Undefined for a one-platform run.
 */
export type VerdictScope = { platform: string } | { platforms: readonly IndexPlatform[] };

/**
 * What the gate decided about one image, as attested data. Only a `pass` is ever attested:
 * a failed gate attaches nothing, so the type says so.
 */
export function gateVerdictPredicate(args: {
  decision: Decision;
  baseline: Baseline['kind'];
  image: { id?: string | undefined; digest: string };
  scope?: VerdictScope | undefined;
  scanner: ScannerFacts;
  actionVersion: string;
  run: RunContext;
  now: Date;
}): GateVerdictPredicate {
  const { decision, scanner, run } = args;
  if (decision.verdict !== 'pass' || decision.policy === undefined) {
    throw new Error(`only a passed gate is attested (verdict ${decision.verdict})`);
  }
  const policy = decision.policy;
  return {
    gate: { name: 'container-security-gate', version: args.actionVersion },
    verdict: 'pass',
    reason: decision.reason,
    summary: decision.summary,
    reasons: decision.reasons.map((r) => ({ level: r.level, rule: r.rule, message: r.message })),
    image: { ...(args.image.id !== undefined && { id: args.image.id }), digest: args.image.digest },
    ...(args.scope && 'platform' in args.scope && { platform: args.scope.platform }),
    ...(args.scope && 'platforms' in args.scope && { platforms: args.scope.platforms.map((p) => ({ platform: p.platform, digest: p.digest, imageId: p.imageId })) }),
    policy: {
      failOn: [...policy.failOn],
      issueOn: [...policy.issueOn],
      unknownSeverity: policy.unknownSeverity,
      ignoreUnfixed: policy.ignoreUnfixed,
      compareOn: { baseline: args.baseline, blockOnIncrease: policy.blockOnIncrease },
      hardening: {
        requireNonRoot: policy.requireNonRoot,
        requireHealthcheck: policy.requireHealthcheck,
        maxImageSizeBytes: policy.maxImageSizeBytes ?? null,
        configSecrets: policy.configSecrets,
      },
      exceptions: decision.exceptions.used.map(({ exception, findings }) => ({
        id: exception.id,
        package: exception.package ?? null,
        path: exception.path ?? null,
        reason: exception.reason,
        expires: exception.expires,
        findings,
      })),
    },
    counts: { filesystem: { ...decision.counts.filesystem }, image: { ...decision.counts.image }, total: { ...decision.counts.total } },
    baseline: decision.baseline ? { verdict: decision.baseline.verdict, newCount: decision.baseline.newCount, fixedCount: decision.baseline.fixedCount } : null,
    hardening: decision.hardening.map((h) => ({ rule: h.rule, mode: h.mode, status: h.status })),
    scanner: {
      name: 'trivy',
      version: scanner.trivyVersion,
      db: { updatedAt: scanner.dbUpdatedAt ?? null, version: scanner.dbVersion ?? null },
      scanners: [...scanner.scanners],
    },
    evaluatedAt: decision.evaluatedAt,
    attestedAt: args.now.toISOString(),
    run: {
      url: run.url ?? null,
      repository: run.repository ?? null,
      sha: run.sha ?? null,
      ref: run.ref ?? null,
      workflow: run.workflow ?? null,
    },
  };
}

/** The run URL GitHub shows for this job, from the runner's environment. */
export function runContextFrom(env: Record<string, string | undefined>): RunContext {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repository = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  const attempt = env.GITHUB_RUN_ATTEMPT;
  return {
    url: repository && runId ? `${server}/${repository}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ''}` : undefined,
    repository,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    workflow: env.GITHUB_WORKFLOW_REF,
  };
}
