// Sigstore verification of Trivy release archives, fully offline: the CA, the certificates, the
// transparency log and the bundles are generated here (test/support/sigstore-fixtures.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSigstoreBundle, trivyReleaseIdentity, verifyTrivyReleaseBundle } from '../../src/adapters/trivy/sigstore-bundle.js';
import { GateError } from '../../src/domain/gate-error.js';
import { createSigstoreWorld, type SigstoreWorld } from '../support/sigstore-fixtures.js';

const VERSION = '0.70.0';
const input = { version: VERSION, fileName: `trivy_${VERSION}_Linux-64bit.tar.gz`, bundleName: `trivy_${VERSION}_Linux-64bit.tar.gz.sigstore.json` };
const archive = Buffer.from('a release archive, as far as this test is concerned\n'.repeat(100));

let world: SigstoreWorld;
let foreign: SigstoreWorld;
beforeAll(() => {
  world = createSigstoreWorld('csg-test');
  foreign = createSigstoreWorld('csg-foreign');
});
afterAll(() => {
  world.dispose();
  foreign.dispose();
});

function refusal(run: () => void): GateError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GateError);
    return error as GateError;
  }
  throw new Error('expected a refusal');
}

const trust = () => ({ trustedRoot: world.trustedRoot });

describe('verifyTrivyReleaseBundle', () => {
  it('accepts the archive signed by Trivy’s release workflow at this version’s tag', () => {
    const bundle = world.bundle(archive, world.issueCertificate(trivyReleaseIdentity(VERSION)));
    expect(() => verifyTrivyReleaseBundle(archive, bundle, input, trust())).not.toThrow();
  });

  it.each([
    ['another workflow of the same repository', `https://github.com/aquasecurity/trivy/.github/workflows/other.yaml@refs/tags/v${VERSION}`],
    ['the release workflow at another tag', trivyReleaseIdentity('0.69.4')],
    ['a fork’s release workflow', `https://github.com/evil/trivy/.github/workflows/reusable-release.yaml@refs/tags/v${VERSION}`],
    ['an identity that only starts like the right one', `${trivyReleaseIdentity(VERSION)}-evil`],
  ])('refuses a bundle for the wrong identity: %s', (_label, identity) => {
    const bundle = world.bundle(archive, world.issueCertificate(identity));
    const error = refusal(() => verifyTrivyReleaseBundle(archive, bundle, input, trust()));
    expect(error.reason).toBe('trivy-install');
    expect(error.message).toContain('failed Sigstore verification');
    expect(error.message).toContain('certificate identity error');
    expect(error.remedy).toContain(trivyReleaseIdentity(VERSION));
  });

  it('refuses a certificate without a certificate-transparency proof (SCT)', () => {
    const bundle = world.bundle(archive, world.issueCertificate(trivyReleaseIdentity(VERSION), { sct: false }));
    const error = refusal(() => verifyTrivyReleaseBundle(archive, bundle, input, trust()));
    expect(error.message).toContain('expected 1 SCTs, got 0');
  });

  it('refuses a tampered archive', () => {
    const bundle = world.bundle(archive, world.issueCertificate(trivyReleaseIdentity(VERSION)));
    const tampered = Buffer.from(archive);
    tampered[10] = tampered[10]! ^ 0x01;
    const error = refusal(() => verifyTrivyReleaseBundle(tampered, bundle, input, trust()));
    expect(error.reason).toBe('trivy-install');
    expect(error.message).toMatch(/digest|signature/i);
  });

  it('refuses a bundle whose certificate comes from a CA the trusted root does not name', () => {
    const bundle = foreign.bundle(archive, foreign.issueCertificate(trivyReleaseIdentity(VERSION)));
    const error = refusal(() => verifyTrivyReleaseBundle(archive, bundle, input, trust()));
    expect(error.message).toContain('Failed to verify certificate chain');
  });

  it('refuses a bundle whose log entry is not for this signature', () => {
    const other = world.bundle(Buffer.from('another file'), world.issueCertificate(trivyReleaseIdentity(VERSION)));
    const good = JSON.parse(world.bundle(archive, world.issueCertificate(trivyReleaseIdentity(VERSION)))) as { verificationMaterial: { tlogEntries: unknown[] } };
    good.verificationMaterial.tlogEntries = (JSON.parse(other) as typeof good).verificationMaterial.tlogEntries;
    const error = refusal(() => verifyTrivyReleaseBundle(archive, JSON.stringify(good), input, trust()));
    expect(error.reason).toBe('trivy-install');
  });

  it('refuses what is not a bundle', () => {
    expect(refusal(() => verifyTrivyReleaseBundle(archive, '{"mediaType":"nope"}', input, trust())).message).toContain('not a valid Sigstore bundle');
    expect(refusal(() => verifyTrivyReleaseBundle(archive, 'not json', input, trust())).message).toContain('not a valid Sigstore bundle');
  });

  it('by default trusts only the public-good root the action carries: a test CA is refused', () => {
    const bundle = world.bundle(archive, world.issueCertificate(trivyReleaseIdentity(VERSION)));
    expect(refusal(() => verifyTrivyReleaseBundle(archive, bundle, input)).reason).toBe('trivy-install');
  });

  it('knows which releases publish bundles (v0.68.1 and later)', () => {
    expect(['0.67.2', '0.68.0'].map(hasSigstoreBundle)).toEqual([false, false]);
    expect(['0.68.1', '0.69.0', '0.74.0', '1.0.0'].map(hasSigstoreBundle)).toEqual([true, true, true, true]);
  });
});
