import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { GateError } from '../../domain/gate-error.js';
import { SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT } from './sigstore-trusted-root.js';

/**
 * Verifies a Trivy release archive against its Sigstore bundle (`<asset>.sigstore.json`, which
 * Trivy publishes since v0.68.1): the signing certificate must chain to the trusted root the
 * action carries, the signature must be in the transparency log, and the signer must be
 * Trivy's release workflow at exactly this version's tag. This covers versions whose checksums
 * the action does not carry: a mirror (or a compromised download server) can rewrite a
 * checksums file, but not produce a signature from Trivy's workflow.
 */

/** The OIDC issuer of GitHub Actions, which Fulcio records in the certificate. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** The identity Trivy's releases are signed with: its release workflow, at the version's tag. */
export function trivyReleaseIdentity(version: string): string {
  return `https://github.com/aquasecurity/trivy/.github/workflows/reusable-release.yaml@refs/tags/v${version}`;
}

export interface SigstoreTrust {
  /** A trusted_root.json document (Sigstore's TrustedRoot). Default: the public-good root the action carries. */
  trustedRoot?: unknown;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Throws GateError(trivy-install) unless `bundleText` is a valid bundle for `archive` from Trivy's release workflow. */
export function verifyTrivyReleaseBundle(archive: Buffer, bundleText: string, input: { version: string; fileName: string; bundleName: string }, trust: SigstoreTrust = {}): void {
  const identity = trivyReleaseIdentity(input.version);
  const refuse = (why: string, cause?: unknown): GateError =>
    new GateError('trivy-install', `${input.fileName} failed Sigstore verification against ${input.bundleName}: ${why}. It was not installed.`, {
      ...(cause !== undefined && { cause }),
      remedy: `Only an archive signed by Trivy's release workflow (${identity}) is installed. Check the copy at trivy-download-url against the official release, or use the pinned default version, whose checksums the action carries.`,
    });

  let entity;
  try {
    entity = toSignedEntity(bundleFromJSON(JSON.parse(bundleText)), archive);
  } catch (error) {
    throw refuse(`the bundle is not a valid Sigstore bundle (${(error as Error).message})`, error);
  }
  try {
    const root = TrustedRoot.fromJSON(trust.trustedRoot ?? SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT);
    // One SCT (Fulcio embeds it), one transparency-log entry, one verified timestamp (the log's).
    const verifier = new Verifier(toTrustMaterial(root), { ctlogThreshold: 1, tlogThreshold: 1, timestampThreshold: 1 });
    verifier.verify(entity, { subjectAlternativeName: new RegExp(`^${escapeRegExp(identity)}$`), extensions: { issuer: GITHUB_ACTIONS_ISSUER } });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw refuse(`${(error as Error).message}${cause instanceof Error ? ` (${cause.message})` : ''}`, error);
  }
}

/** Trivy attaches `<asset>.sigstore.json` to its releases since v0.68.1. */
export function hasSigstoreBundle(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return major > 0 || minor > 68 || (minor === 68 && patch >= 1);
}
