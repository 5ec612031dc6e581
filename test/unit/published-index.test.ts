// What `mode: summary` scans of a published index, and what the index's vuln attestation says.
import { describe, expect, it } from 'vitest';
import { indexReport } from '../../src/domain/platforms/index-report.js';
import { publishedPlatforms } from '../../src/domain/platforms/published-index.js';
import { report, vuln } from './policy-fixtures.js';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DIGEST = (n: number): string => `sha256:${String(n).repeat(64)}`;
const manifest = (body: unknown, mediaType = OCI_INDEX) => ({ mediaType, bytes: Buffer.from(JSON.stringify(body)) });
const entry = (n: number, platform?: Record<string, string>, annotations?: Record<string, string>) => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: DIGEST(n),
  size: 100,
  ...(platform && { platform }),
  ...(annotations && { annotations }),
});

describe('publishedPlatforms', () => {
  it.each<[string, ReturnType<typeof manifest>, string[] | undefined]>([
    ['one image manifest: not an index', manifest({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: {}, layers: [] }, 'application/vnd.oci.image.manifest.v1+json'), undefined],
    ['an OCI index, in its order', manifest({ mediaType: OCI_INDEX, manifests: [entry(1, { os: 'linux', architecture: 'arm64', variant: 'v8' }), entry(2, { os: 'linux', architecture: 'amd64' })] }), ['linux/arm64/v8', 'linux/amd64']],
    [
      "BuildKit's unknown/unknown attestation manifests are skipped",
      manifest({ manifests: [entry(1, { os: 'linux', architecture: 'amd64' }), entry(3, { os: 'unknown', architecture: 'unknown' }, { 'vnd.docker.reference.type': 'attestation-manifest' })] }),
      ['linux/amd64'],
    ],
    [
      'a Docker manifest list (served with its media type only)',
      manifest({ schemaVersion: 2, manifests: [entry(1, { os: 'linux', architecture: 'amd64' }), entry(2, { os: 'linux', architecture: 'arm', variant: 'v7' })] }, 'application/vnd.docker.distribution.manifest.list.v2+json'),
      ['linux/amd64', 'linux/arm/v7'],
    ],
    ['the same platform twice is scanned once', manifest({ manifests: [entry(1, { os: 'linux', architecture: 'amd64' }), entry(2, { os: 'linux', architecture: 'amd64' })] }), ['linux/amd64']],
  ])('%s', (_name, given, expected) => {
    expect(publishedPlatforms(given, 'r/app:latest')).toEqual(expected);
  });

  it.each<[string, ReturnType<typeof manifest>, RegExp]>([
    ['an entry without a platform', manifest({ manifests: [entry(1, { os: 'linux', architecture: 'amd64' }), entry(2)] }), /without a platform/],
    ['only attestation manifests', manifest({ manifests: [entry(3, { os: 'unknown', architecture: 'unknown' })] }), /no image for any platform/],
    ['a platform that would be a Trivy flag', manifest({ manifests: [entry(1, { os: '--insecure', architecture: 'amd64' })] }), /not os\/arch/],
    ['no manifests list', manifest({ mediaType: OCI_INDEX }), /lists no manifests/],
    ['not JSON', { mediaType: OCI_INDEX, bytes: Buffer.from('<html>') }, /not JSON/],
  ])('%s is an error: the summary must not quietly cover less', (_name, given, message) => {
    expect(() => publishedPlatforms(given, 'r/app:latest')).toThrow(message);
  });
});

describe('indexReport', () => {
  it('keeps every platform\'s results, each naming its platform, and lists the platforms with their image IDs', () => {
    const amd64 = { ...report({ os: [vuln({ id: 'CVE-2026-0001', severity: 'HIGH' })] }), CreatedAt: '2026-11-30T10:00:02Z', Metadata: { ImageID: DIGEST(1) } };
    const arm64 = { ...report(), CreatedAt: '2026-11-30T10:00:01Z', Metadata: { ImageID: DIGEST(2) } };
    const merged = indexReport('r/app@' + DIGEST(9), [{ platform: 'linux/amd64', report: amd64 }, { platform: 'linux/arm64', report: arm64 }]);
    expect(merged).toMatchObject({ ArtifactName: 'r/app@' + DIGEST(9), ArtifactType: 'container_image_index', CreatedAt: '2026-11-30T10:00:01Z' });
    expect((merged as unknown as { Platforms: unknown }).Platforms).toEqual([
      { Platform: 'linux/amd64', ImageID: DIGEST(1) },
      { Platform: 'linux/arm64', ImageID: DIGEST(2) },
    ]);
    const results = merged.Results ?? [];
    expect(results.length).toBe((amd64.Results?.length ?? 0) + (arm64.Results?.length ?? 0));
    const withVuln = results.find((r) => r.Vulnerabilities?.some((v) => v.VulnerabilityID === 'CVE-2026-0001'));
    expect(withVuln).toMatchObject({ Platform: 'linux/amd64' });
    expect(withVuln!.Target).toMatch(/^linux\/amd64: /);
    expect(merged).not.toHaveProperty('Metadata');
  });
});
