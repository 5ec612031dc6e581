import type { AttachmentRegistry, AttachResult } from './adapters/attest/attach.js';
import type { AttestationSigner } from './adapters/attest/signer.js';
import { resolveAttestMode, type AttestMode } from './domain/attest/attest-mode.js';
import { statementAbout, type InTotoStatement } from './domain/attest/in-toto.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE, OPENVEX_PREDICATE_TYPE } from './domain/attest/predicate-types.js';
import { gateVerdictPredicate, type RunContext, type VerdictScope } from './domain/attest/verdict-predicate.js';
import { cosignVulnPredicate } from './domain/attest/vuln-predicate.js';
import { GateError } from './domain/gate-error.js';
import type { Decision } from './domain/policy/decision.js';
import type { TrivyReport } from './domain/trivy-report.js';
import type { Inputs } from './inputs.js';
import { ACTION_VERSION } from './version.js';

/** What was attached to the pushed digest (the `sbom` and `attestations` outputs). */
export interface Attested {
  mode: Exclude<AttestMode, 'off'>;
  /** The SBOM file; with several platforms, the directory of one `<os>-<arch>.cdx.json` per platform. */
  sbomPath: string;
  /**
   * predicate type → digest of the attestation manifest; with several platforms, platform (and
   * `index`) → predicate type → digest.
   */
  attestations: Record<string, string> | Record<string, Record<string, string>>;
}

/** The attest phase's view of the outside world (live-ports.ts wires the real one). */
export interface AttestPort {
  /** Whether the job can get an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is set). */
  hasOidcToken: boolean;
  /** The signer for a mode; a key that cannot be read throws an input-error. */
  openSigner(mode: Exclude<AttestMode, 'off'>): AttestationSigner;
  /** Where the pushed manifest's repository lives, for attachments next to it. */
  registry: AttachmentRegistry;
  /** CycloneDX of the image report, written to the `sbom` file (one per platform when `platform` is given). */
  writeSbom(report: TrivyReport, trivyPath: string, platform?: string): Promise<{ path: string; bytes: Buffer }>;
  /** Trivy DB metadata.json facts, or undefined when unreadable (then recorded as null). */
  trivyDatabase(): Promise<{ updatedAt: string | undefined; version: number | undefined } | undefined>;
  /**
   * The OpenVEX document about the pushed digest, when the policy's exceptions make VEX
   * statements (issue 16's buildOpenVex); undefined attaches none.
   */
  openVex?(request: { decision: Decision; subject: AttestSubject }): Promise<unknown>;
  run: RunContext;
  runId: string | undefined;
  notice(line: string): void;
  info(line: string): void;
}

/** Resolved once at the start of a run: a bad key fails before anything is built. */
export interface AttestSession {
  mode: Exclude<AttestMode, 'off'>;
  signer: AttestationSigner;
}

export function openAttestSession(inputs: Pick<Inputs, 'attest'>, port: AttestPort | undefined): AttestSession | undefined {
  if (!port) return undefined;
  const { mode, notice } = resolveAttestMode(inputs.attest, port.hasOidcToken);
  if (notice) port.notice(notice);
  if (mode === 'off') return undefined;
  return { mode, signer: port.openSigner(mode) };
}

export interface AttestSubject {
  /** Repository as subjects name it: `ghcr.io/acme/app`. */
  name: string;
  /** Repository path on the registry: `acme/app`. */
  repository: string;
  /** The manifest digest that was pushed and verified (with several platforms: a platform's, or the index's). */
  digest: string;
  /** The scanned image ID; undefined when the subject is an image index. */
  imageId: string | undefined;
}

/** What attesting needs that does not depend on the pushed digest: made while the image uploads. */
export interface Evidence {
  /** Undefined for an image index: its platforms' manifests carry the SBOMs. */
  sbom: { path: string; bytes: Buffer } | undefined;
  db: { updatedAt: string | undefined; version: number | undefined } | undefined;
}

/**
 * Starts the SBOM (`trivy convert`) and reads the DB metadata as soon as the gate passed, so
 * they overlap the image upload. The promise never rejects unobserved: attestPushedImage
 * awaits it and turns a failure into `attest-error`.
 */
export function prepareEvidence(port: AttestPort, sbomOf: { report: TrivyReport; trivyPath: string; platform?: string } | undefined): Promise<Evidence> {
  const evidence = (async () => {
    const [sbom, db] = await Promise.all([sbomOf && port.writeSbom(sbomOf.report, sbomOf.trivyPath, sbomOf.platform), port.trivyDatabase()]);
    return { sbom, db };
  })();
  evidence.catch(() => undefined);
  return evidence;
}

/** The run an attestation speaks for: what was decided about which report, by which Trivy, signed how. */
export interface AttestedRun {
  session: AttestSession;
  port: AttestPort;
  inputs: Pick<Inputs, 'scanners' | 'baseline'>;
  decision: Decision;
  report: TrivyReport;
  trivy: { path: string; version: string };
}

/**
 * SBOM, cosign vuln attestation and gate verdict attestation for the pushed digest. Any
 * failure is `attest-error`: the caller then creates no tag.
 */
export async function attestPushedImage(args: AttestedRun & {
  subject: AttestSubject;
  now: Date;
  /** From prepareEvidence, started before the push; made here when not given. */
  evidence?: Promise<Evidence>;
  /** With several platforms: the platform this manifest is for, or the platforms an index names. */
  scope?: VerdictScope;
}): Promise<Attested> {
  const { session, port, subject } = args;
  try {
    const { sbom, db } = await (args.evidence ?? prepareEvidence(port, { report: args.report, trivyPath: args.trivy.path }));
    const scanner = { trivyVersion: args.trivy.version, dbUpdatedAt: db?.updatedAt, dbVersion: db?.version, scanners: args.inputs.scanners };
    const about = { repository: subject.name, digest: subject.digest };
    const scanned = new Date(args.report.CreatedAt ?? args.decision.evaluatedAt);
    const statements: InTotoStatement<unknown>[] = [
      statementAbout(about, COSIGN_VULN_PREDICATE_TYPE, cosignVulnPredicate({
        report: args.report,
        scanner,
        scanStartedOn: Number.isNaN(scanned.getTime()) ? args.now : scanned,
        scanFinishedOn: new Date(args.decision.evaluatedAt),
        actionVersion: ACTION_VERSION,
        run: port.run,
        runId: port.runId,
      })),
      statementAbout(about, GATE_VERDICT_PREDICATE_TYPE, gateVerdictPredicate({
        decision: args.decision,
        baseline: args.inputs.baseline.kind,
        image: { id: subject.imageId, digest: subject.digest },
        scope: args.scope,
        scanner,
        actionVersion: ACTION_VERSION,
        run: port.run,
        now: args.now,
      })),
    ];
    const vex = port.openVex ? await port.openVex({ decision: args.decision, subject }) : undefined;
    if (vex !== undefined) statements.push(statementAbout(about, OPENVEX_PREDICATE_TYPE, vex));

    const { attachAttestations } = await import('./adapters/attest/attach.js');
    const attached: AttachResult = await attachAttestations(port.registry, session.signer, {
      repository: subject.repository,
      subjectDigest: subject.digest,
      statements,
      sbom: sbom?.bytes,
    });
    const where = {
      referrers: 'as OCI 1.1 referrers',
      'referrers-tag': 'as OCI 1.1 referrers listed under the referrers tag schema (the registry has no referrers API; another tool started the sha256-<hex> index)',
      tags: "under cosign's sha256-<hex>.att/.sbom tags (the registry has no referrers API)",
    }[attached.storage];
    port.info(`attached (${session.mode}) to ${subject.name}@${subject.digest} ${where}: ${sbom ? 'SBOM, ' : ''}${statements.map((s) => s.predicateType).join(', ')}`);
    return { mode: session.mode, sbomPath: sbom?.path ?? '', attestations: attached.attestations };
  } catch (error) {
    if (error instanceof GateError && (error.reason === 'attest-error' || error.reason === 'registry-auth')) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new GateError('attest-error', `could not attach the SBOM and attestations to ${subject.name}@${subject.digest}: ${message}`, {
      remedy: 'No tag was created. Check that the registry accepts the push of `sha256-<digest>.att`/`.sbom` tags (or OCI 1.1 referrer manifests where it serves the referrers API), then re-run the job.',
      cause: error,
    });
  }
}

/**
 * The attest step of a push: made when the gate passed (the SBOM starts at once, overlapping
 * the upload), run for each repository between "manifest published by digest" and "tags
 * created". A failure throws `attest-error` out of the push, so no target tag is created.
 */
export function attestBeforeTags(args: AttestedRun & {
  imageId: string;
  /** Registry host, for the subject name (`ghcr.io` in `ghcr.io/acme/app`). */
  registry: string;
  now: () => Date;
}): { beforeTag(repository: string, digest: string): Promise<void>; attested(): Attested | undefined } {
  const evidence = prepareEvidence(args.port, { report: args.report, trivyPath: args.trivy.path });
  let first: Attested | undefined;
  return {
    async beforeTag(repository, digest) {
      const attested = await attestPushedImage({
        ...args,
        subject: { name: `${args.registry}/${repository}`, repository, digest, imageId: args.imageId },
        now: args.now(),
        evidence,
      });
      first ??= attested;
    },
    attested: () => first,
  };
}
