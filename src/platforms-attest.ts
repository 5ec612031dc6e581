import { dirname } from 'node:path';
import { attestPushedImage, prepareEvidence, type Attested, type AttestPort, type AttestSession, type Evidence } from './attest-phase.js';
import type { IndexPlatform } from './domain/attest/verdict-predicate.js';
import type { Decision } from './domain/policy/decision.js';
import { indexReport } from './domain/platforms/index-report.js';
import type { TrivyReport } from './domain/trivy-report.js';
import type { Inputs } from './inputs.js';

/** What one platform's attestations are made from: its own scan and its own decision. */
export interface PlatformEvidence {
  /** `linux/arm64` */
  platform: string;
  imageId: string;
  report: TrivyReport;
  /** That platform judged alone (the build context with its image); a pass when the run passed. */
  decision: Decision;
}

/** The attest steps of a multi-platform push, called between "published by digest" and "tagged". */
export interface PlatformsAttestStep {
  /** SBOM, vuln and verdict attestations (with the platform and its image ID) on one platform's manifest. */
  platform(repository: string, published: IndexPlatform): Promise<void>;
  /** The run's verdict (every platform) and a vuln attestation over all platforms, on the index digest. */
  index(repository: string, digest: string, platforms: readonly IndexPlatform[]): Promise<void>;
  /** The first repository's attachments: `attestations` keyed by platform and `index`; `sbom` the SBOMs' directory. */
  attested(): Attested | undefined;
}

/**
 * The multi-platform attest step, made when the gate passed: every platform's SBOM starts at
 * once (overlapping the uploads). Each call signs and attaches through the one-platform
 * attest code (attestPushedImage); any failure throws `attest-error`, so no tag is created.
 */
export function attestPlatformsBeforeTags(args: {
  session: AttestSession;
  port: AttestPort;
  inputs: Pick<Inputs, 'scanners' | 'baseline'>;
  /** The run's decision over all platforms (worst verdict): what the index attests. */
  decision: Decision;
  platforms: readonly PlatformEvidence[];
  trivy: { path: string; version: string };
  /** Registry host, for the subject names (`ghcr.io` in `ghcr.io/acme/app`). */
  registry: string;
  now: () => Date;
}): PlatformsAttestStep {
  const { session, port, inputs, trivy } = args;
  const evidence = new Map<string, Promise<Evidence>>(
    args.platforms.map((p) => [p.platform, prepareEvidence(port, { report: p.report, trivyPath: trivy.path, platform: p.platform })]),
  );
  const indexEvidence = prepareEvidence(port, undefined);
  let firstRepository: string | undefined;
  const attachments = new Map<string, Attested>();
  const record = (repository: string, key: string, attested: Attested): void => {
    firstRepository ??= repository;
    if (repository === firstRepository) attachments.set(key, attested);
  };
  const evidenceOf = (platform: string): PlatformEvidence => {
    const found = args.platforms.find((p) => p.platform === platform);
    if (!found) throw new Error(`no scan of ${platform} to attest`);
    return found;
  };
  const subject = (repository: string, digest: string, imageId: string | undefined) => ({ name: `${args.registry}/${repository}`, repository, digest, imageId });

  return {
    async platform(repository, published) {
      const scanned = evidenceOf(published.platform);
      const attested = await attestPushedImage({
        session,
        port,
        inputs,
        decision: scanned.decision,
        report: scanned.report,
        trivy,
        subject: subject(repository, published.digest, published.imageId),
        now: args.now(),
        evidence: evidence.get(published.platform)!,
        scope: { platform: published.platform },
      });
      record(repository, published.platform, attested);
    },
    async index(repository, digest, platforms) {
      const report = indexReport(
        `${args.registry}/${repository}@${digest}`,
        platforms.map((p) => ({ platform: p.platform, report: evidenceOf(p.platform).report })),
      );
      const attested = await attestPushedImage({
        session,
        port,
        inputs,
        decision: args.decision,
        report,
        trivy,
        subject: subject(repository, digest, undefined),
        now: args.now(),
        evidence: indexEvidence,
        scope: { platforms },
      });
      record(repository, 'index', attested);
    },
    attested() {
      const index = attachments.get('index');
      if (index === undefined) return undefined;
      const byKey: Record<string, Record<string, string>> = {};
      for (const [key, attested] of attachments) byKey[key] = attested.attestations as Record<string, string>;
      const firstSbom = [...attachments.values()].find((a) => a.sbomPath !== '')?.sbomPath;
      return { mode: session.mode, sbomPath: firstSbom ? dirname(firstSbom) : '', attestations: byKey };
    },
  };
}
