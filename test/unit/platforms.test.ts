import { describe, expect, it } from 'vitest';
import { evaluatePlatforms } from '../../src/domain/platforms/evaluate-platforms.js';
import { imageIndex, IMAGE_INDEX_MEDIA_TYPE } from '../../src/domain/platforms/image-index.js';
import { formatPlatform, matchesPlatform, parsePlatforms } from '../../src/domain/platforms/platform.js';
import { renderSarif } from '../../src/domain/render/sarif.js';
import { facts, policy, report, vuln } from './policy-fixtures.js';

describe('parsePlatforms', () => {
  it.each([
    [['linux/amd64'], ['linux/amd64']],
    [['linux/amd64', ' linux/arm64 '], ['linux/amd64', 'linux/arm64']],
    [['linux/arm/v7'], ['linux/arm/v7']],
    [[], []],
  ])('%j → %j', (items, expected) => {
    expect(parsePlatforms(items).map(formatPlatform)).toEqual(expected);
  });

  it.each([['linux'], ['linux/amd64/v1/x'], ['Linux/AMD64'], ['linux/amd64;rm'], ['linux//amd64'], ['linux/amd64', 'linux/amd64']])(
    'rejects %j naming the input and an example',
    (...items) => {
      expect(() => parsePlatforms(items)).toThrow(/input 'platforms'/);
    },
  );
});

describe('matchesPlatform', () => {
  it.each([
    [{ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }, true],
    [{ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'amd64' }, false],
    [{ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm', variant: 'v6' }, false],
    [{ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm' }, false],
  ])('%j built as %j: %s', (requested, actual, expected) => {
    expect(matchesPlatform(requested, actual)).toBe(expected);
  });
});

describe('imageIndex', () => {
  it('names each manifest with its platform, variant only when given', () => {
    const index = JSON.parse(
      imageIndex([
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:' + '1'.repeat(64), size: 10, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:' + '2'.repeat(64), size: 20, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      ]),
    ) as { schemaVersion: number; mediaType: string; manifests: { platform: unknown; size: number }[] };
    expect(index.schemaVersion).toBe(2);
    expect(index.mediaType).toBe(IMAGE_INDEX_MEDIA_TYPE);
    expect(index.manifests.map((m) => m.platform)).toEqual([
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'arm', os: 'linux', variant: 'v7' },
    ]);
  });
});

describe('evaluatePlatforms', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  const clean = report({ os: [] });
  const vulnerable = report({ os: [vuln({ id: 'CVE-2026-0001', severity: 'CRITICAL' })] });
  const context = report({ kind: 'filesystem', npm: [vuln({ id: 'CVE-2026-0002', severity: 'LOW', pkg: 'left-pad' })] });

  it('fails with the worst platform, and each image finding and reason names its platform', () => {
    const decision = evaluatePlatforms({
      policy: policy(),
      filesystem: context,
      platforms: [
        { platform: 'linux/amd64', image: clean, imageFacts: facts() },
        { platform: 'linux/arm64', image: vulnerable, imageFacts: facts() },
      ],
      now,
    });
    expect(decision.verdict).toBe('fail');
    expect(decision.reason).toBe('vulnerable');
    expect(decision.reasons[0]!.message).toMatch(/^linux\/arm64: 1 finding at a fail-on severity \(1 CRITICAL\)/);
    expect(decision.findings.map((e) => [e.finding.id, e.finding.scope, e.finding.platform])).toEqual([
      ['CVE-2026-0001', 'image', 'linux/arm64'],
      ['CVE-2026-0002', 'filesystem', undefined],
    ]);
    expect(decision.counts.total.CRITICAL).toBe(1);
    expect(decision.counts.filesystem.LOW).toBe(1);
    expect(decision.totals.blocking).toBe(1);
    // SARIF: one result per platform, the platform in the message, properties and fingerprint.
    const sarif = JSON.stringify(renderSarif(decision, { imageName: 'ghcr.io/acme/app' } as Parameters<typeof renderSarif>[1]));
    expect(sarif).toContain('"platform":"linux/arm64"');
    expect(sarif).toContain('ghcr.io/acme/app (linux/arm64)');
  });

  it('passes only when every platform passes; hardening is judged per platform', () => {
    const both = evaluatePlatforms({
      policy: policy(),
      filesystem: report({ kind: 'filesystem' }),
      platforms: [
        { platform: 'linux/amd64', image: clean, imageFacts: facts() },
        { platform: 'linux/arm64', image: clean, imageFacts: facts() },
      ],
      now,
    });
    expect(both.verdict).toBe('pass');
    const rootOnArm = evaluatePlatforms({
      policy: policy(),
      filesystem: report({ kind: 'filesystem' }),
      platforms: [
        { platform: 'linux/amd64', image: clean, imageFacts: facts() },
        { platform: 'linux/arm64', image: clean, imageFacts: facts({ user: '' }) },
      ],
      now,
    });
    expect(rootOnArm.verdict).toBe('fail');
    expect(rootOnArm.reason).toBe('policy');
    expect(rootOnArm.hardening.filter((h) => h.status === 'fail').map((h) => h.platform)).toEqual(['linux/arm64']);
  });

  it('compares each platform with its own baseline', () => {
    const decision = evaluatePlatforms({
      policy: policy(),
      filesystem: report({ kind: 'filesystem' }),
      platforms: [
        { platform: 'linux/amd64', image: clean, imageFacts: facts(), baseline: clean },
        { platform: 'linux/arm64', image: report({ os: [vuln({ id: 'CVE-2026-0003', severity: 'HIGH' })] }), imageFacts: facts(), baseline: clean },
      ],
      now,
    });
    expect(decision.verdict).toBe('fail');
    expect(decision.reason).toBe('regressed');
    expect(decision.reasons[0]!.message).toMatch(/^linux\/arm64: /);
    expect(decision.baseline?.newCount).toBe(1);
    expect(decision.baseline?.newVulnerabilities.map((f) => f.platform)).toEqual(['linux/arm64']);
  });

  it('one platform fixed and none regressed is improved', () => {
    const decision = evaluatePlatforms({
      policy: policy(),
      filesystem: report({ kind: 'filesystem' }),
      platforms: [
        { platform: 'linux/amd64', image: clean, imageFacts: facts(), baseline: clean },
        { platform: 'linux/arm64', image: clean, imageFacts: facts(), baseline: report({ os: [vuln({ id: 'CVE-2026-0003', severity: 'HIGH' })] }) },
      ],
      now,
    });
    expect(decision.verdict).toBe('pass');
    expect(decision.baseline?.verdict).toBe('improved');
    expect(decision.baseline?.fixedVulnerabilities.map((f) => f.platform)).toEqual(['linux/arm64']);
  });
});
