import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GateError } from '../../src/domain/gate-error.js';
import { DEFAULT_TRIVY_VERSION } from '../../src/domain/trivy-release.js';
import {
  BLOCKED_TRIVY_RELEASES,
  EMBEDDED_TRIVY_CHECKSUMS,
  SUPPORTED_TRIVY_PLATFORMS,
  blockedTrivyRelease,
  blockedTrivyReleaseError,
  checksumMismatchError,
  embeddedChecksum,
  isTrivyReleaseVersion,
  lookupChecksum,
  normaliseTrivyVersion,
  parseChecksumsFile,
  parseTrivyVersionOutput,
  trivyReleaseAsset,
  trivyReleaseFileUrl,
} from '../../src/domain/trivy-release.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

describe('trivyReleaseAsset', () => {
  it.each([
    ['linux', 'x64', 'trivy_0.74.0_Linux-64bit.tar.gz', 'tar.gz', 'trivy'],
    ['linux', 'arm64', 'trivy_0.74.0_Linux-ARM64.tar.gz', 'tar.gz', 'trivy'],
    ['darwin', 'x64', 'trivy_0.74.0_macOS-64bit.tar.gz', 'tar.gz', 'trivy'],
    ['darwin', 'arm64', 'trivy_0.74.0_macOS-ARM64.tar.gz', 'tar.gz', 'trivy'],
    ['win32', 'x64', 'trivy_0.74.0_windows-64bit.zip', 'zip', 'trivy.exe'],
  ])('%s/%s → %s', (platform, arch, fileName, archive, binaryName) => {
    expect(trivyReleaseAsset('0.74.0', platform, arch)).toEqual({ version: '0.74.0', fileName, archive, binaryName });
  });

  it.each([
    ['win32', 'arm64'],
    ['linux', 'ia32'],
    ['linux', 's390x'],
    ['freebsd', 'x64'],
    ['aix', 'ppc64'],
    ['constructor', 'x64'],
    ['linux', 'toString'],
  ])('refuses %s/%s with a trivy-install error naming the platform and the way out', (platform, arch) => {
    const error = (() => {
      try {
        trivyReleaseAsset('0.74.0', platform, arch);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GateError);
    expect((error as GateError).reason).toBe('trivy-install');
    expect((error as GateError).message).toContain(`${platform}/${arch}`);
    expect((error as GateError).remedy).toContain('trivy-path');
  });

  it('lists exactly the five supported platforms', () => {
    expect([...SUPPORTED_TRIVY_PLATFORMS].sort()).toEqual(['darwin/arm64', 'darwin/x64', 'linux/arm64', 'linux/x64', 'win32/x64']);
  });
});

describe('trivyReleaseFileUrl / versions', () => {
  it.each([
    ['https://github.com/aquasecurity/trivy/releases/download', 'https://github.com/aquasecurity/trivy/releases/download/v0.74.0/f.tar.gz'],
    ['https://mirror.example/trivy/', 'https://mirror.example/trivy/v0.74.0/f.tar.gz'],
    ['file:///srv/trivy', 'file:///srv/trivy/v0.74.0/f.tar.gz'],
  ])('%s', (base, url) => {
    expect(trivyReleaseFileUrl(base, '0.74.0', 'f.tar.gz')).toBe(url);
  });

  it.each([
    ['0.74.0', '0.74.0', true],
    ['v0.74.0', '0.74.0', true],
    [' v1.2.3 ', '1.2.3', true],
    ['latest', 'latest', false],
    ['0.74', '0.74', false],
    ['0.74.0-rc1', '0.74.0-rc1', false],
  ])('%j normalises to %j (release: %s)', (raw, normalised, valid) => {
    expect(normaliseTrivyVersion(raw)).toBe(normalised);
    expect(isTrivyReleaseVersion(normaliseTrivyVersion(raw))).toBe(valid);
  });
});

describe('blocked releases', () => {
  it.each([
    ['0.69.4', true],
    ['v0.69.5', true],
    ['0.69.6', true],
    ['0.69.3', false],
    ['0.69.2', false],
    ['0.69.7', false],
    ['0.74.0', false],
    ['10.69.4', false],
    ['0.69.40', false],
  ])('%s blocked: %s', (version, blocked) => {
    expect(blockedTrivyRelease(version) !== undefined).toBe(blocked);
  });

  it('every blocked release names the advisory', () => {
    expect(BLOCKED_TRIVY_RELEASES.map((b) => b.version)).toEqual(['0.69.4', '0.69.5', '0.69.6']);
    for (const b of BLOCKED_TRIVY_RELEASES) expect(b.advisory).toBe('GHSA-69fq-xp46-6x23');
  });

  it('the pinned default is not blocked', () => {
    expect(blockedTrivyRelease(DEFAULT_TRIVY_VERSION)).toBeUndefined();
  });

  it.each([
    [{ kind: 'trivy-version' as const }, 'trivy-version: 0.74.0'],
    [{ kind: 'trivy-path' as const, path: '/opt/trivy' }, "trivy-path '/opt/trivy'"],
  ])('the error says why and what to use (%j)', (origin, expected) => {
    const error = blockedTrivyReleaseError(blockedTrivyRelease('0.69.4')!, origin);
    expect(error.reason).toBe('trivy-install');
    expect(error.message).toContain('0.69.4');
    expect(error.message).toContain('GHSA-69fq-xp46-6x23');
    expect(error.message).toContain('supply-chain compromise');
    expect(`${error.message} ${error.remedy}`).toContain(expected);
    expect(error.remedy).toContain(DEFAULT_TRIVY_VERSION);
  });
});

describe('embedded checksums', () => {
  it(`cover all five platforms of the pinned default ${DEFAULT_TRIVY_VERSION} with 64-hex values`, () => {
    const platforms: [string, string][] = [
      ['linux', 'x64'],
      ['linux', 'arm64'],
      ['darwin', 'x64'],
      ['darwin', 'arm64'],
      ['win32', 'x64'],
    ];
    for (const [platform, arch] of platforms) {
      const asset = trivyReleaseAsset(DEFAULT_TRIVY_VERSION, platform, arch);
      expect(embeddedChecksum(EMBEDDED_TRIVY_CHECKSUMS, asset.fileName), asset.fileName).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(Object.keys(EMBEDDED_TRIVY_CHECKSUMS)).toHaveLength(5);
    expect(new Set(Object.values(EMBEDDED_TRIVY_CHECKSUMS)).size).toBe(5);
  });

  it('match the published values', () => {
    expect(EMBEDDED_TRIVY_CHECKSUMS['trivy_0.74.0_Linux-64bit.tar.gz']).toBe('2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a');
    expect(EMBEDDED_TRIVY_CHECKSUMS['trivy_0.74.0_windows-64bit.zip']).toBe('94c40e0696e4b907a74b7b2e1438d5d72ebaca83115817407f568a002d520842');
  });

  it.each([['trivy_0.73.0_Linux-64bit.tar.gz'], ['constructor'], ['__proto__'], ['toString']])('has nothing for %s', (name) => {
    expect(embeddedChecksum(EMBEDDED_TRIVY_CHECKSUMS, name)).toBeUndefined();
  });

  it('lower-cases injected values', () => {
    expect(embeddedChecksum({ f: HASH_A.toUpperCase() }, 'f')).toBe(HASH_A);
  });
});

describe('parseChecksumsFile', () => {
  const goreleaser = [
    `${HASH_A}  trivy_0.73.0_Linux-64bit.tar.gz`,
    `${HASH_B}  trivy_0.73.0_Linux-64bit.deb`,
    `${'C'.repeat(64)} *trivy_0.73.0_windows-64bit.zip`,
    '',
  ].join('\n');

  it.each([
    ['two-space sha256sum line', goreleaser, 'trivy_0.73.0_Linux-64bit.tar.gz', { kind: 'found', sha256: HASH_A }],
    ['binary-mode marker, upper-case hex', goreleaser, 'trivy_0.73.0_windows-64bit.zip', { kind: 'found', sha256: 'c'.repeat(64) }],
    ['CRLF line endings', goreleaser.replace(/\n/g, '\r\n'), 'trivy_0.73.0_Linux-64bit.deb', { kind: 'found', sha256: HASH_B }],
    ['asset not listed', goreleaser, 'trivy_0.73.0_macOS-ARM64.tar.gz', { kind: 'missing' }],
    ['no prefix match', goreleaser, 'trivy_0.73.0_Linux-64bit.tar', { kind: 'missing' }],
    ['HTML error page', '<html><body>Not here</body></html>', 'trivy_0.73.0_Linux-64bit.tar.gz', { kind: 'missing' }],
    ['short hash', `${'a'.repeat(63)}  f.tar.gz`, 'f.tar.gz', { kind: 'missing' }],
    ['same name twice, same hash', `${HASH_A}  f.tar.gz\n${HASH_A}  f.tar.gz`, 'f.tar.gz', { kind: 'found', sha256: HASH_A }],
    ['same name twice, different hashes', `${HASH_A}  f.tar.gz\n${HASH_B}  f.tar.gz`, 'f.tar.gz', { kind: 'conflicting' }],
  ])('%s', (_label, text, name, expected) => {
    expect(lookupChecksum(parseChecksumsFile(text), name)).toEqual(expected);
  });

  it('round-trips any sha256sum-formatted listing', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/);
    const hash = fc.stringMatching(/^[0-9a-f]{64}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, hash), { selector: ([n]) => n, maxLength: 20 }), (rows) => {
        const parsed = parseChecksumsFile(rows.map(([n, h]) => `${h}  ${n}`).join('\n'));
        for (const [n, h] of rows) expect(lookupChecksum(parsed, n)).toEqual({ kind: 'found', sha256: h });
        expect(parsed.entries.size).toBe(rows.length);
      }),
    );
  });
});

describe('checksumMismatchError', () => {
  it('names the file and both hashes', () => {
    const error = checksumMismatchError('trivy_0.73.0_Linux-64bit.tar.gz', HASH_A, HASH_B, 'trivy_0.73.0_checksums.txt');
    expect(error.reason).toBe('trivy-install');
    expect(error.message).toContain('trivy_0.73.0_Linux-64bit.tar.gz');
    expect(error.message).toContain(`expected ${HASH_A}`);
    expect(error.message).toContain(`got ${HASH_B}`);
  });
});

describe('parseTrivyVersionOutput', () => {
  it.each([
    ['Version: 0.74.0\n', '0.74.0'],
    ['Version: v0.69.4\n', '0.69.4'],
    ['Version: 0.74.0\r\n', '0.74.0'],
    ['Version: dev\nVulnerability DB:\n  Version: 2\n', 'dev'],
    ['Version: 0.74.0\nVulnerability DB:\n  Version: 2\n  UpdatedAt: 2026-01-01\n', '0.74.0'],
    ['trivy version 0.74.0\n', undefined],
    ['', undefined],
    ['  Version: 2\n', undefined],
  ])('%j → %s', (stdout, version) => {
    expect(parseTrivyVersionOutput(stdout)).toBe(version);
  });
});
