import { describe, expect, it } from 'vitest';
import {
  buildDbDownloadArgs,
  buildFilesystemScanArgs,
  buildImageScanArgs,
  TRIVY_OFFLINE_SCAN_FLAGS,
  TRIVY_QUIET_FLAGS,
  TRIVY_SCAN_CACHE_FLAGS,
  TRIVY_SKIP_JAVA_DB_FLAG,
  type TrivyScanOptions,
} from '../../src/domain/trivy-args.js';

const base: TrivyScanOptions = {
  cacheDir: '/cache',
  timeoutSeconds: 300,
  scanners: ['vuln', 'secret', 'misconfig'],
  outputFile: '/work/report.json',
  skipDbUpdate: false,
};

/** `--flag value` pairs and bare flags of an argument array, for order-free assertions. */
function flagValue(args: readonly string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at === -1 ? undefined : args[at + 1];
}

describe('buildDbDownloadArgs', () => {
  it('downloads only the DB, from one repository, into the cache dir', () => {
    expect(buildDbDownloadArgs({ repository: 'ghcr.io/aquasecurity/trivy-db:2', cacheDir: '/c', timeoutSeconds: 120 })).toEqual([
      'image',
      '--download-db-only',
      '--db-repository',
      'ghcr.io/aquasecurity/trivy-db:2',
      '--cache-dir',
      '/c',
      '--timeout',
      '120s',
      '--skip-version-check',
      '--disable-telemetry',
      '--no-progress',
    ]);
  });

  it.each([
    ['empty repository', { repository: ' ', cacheDir: '/c', timeoutSeconds: 1 }],
    ['empty cache dir', { repository: 'r:2', cacheDir: '', timeoutSeconds: 1 }],
    ['zero timeout', { repository: 'r:2', cacheDir: '/c', timeoutSeconds: 0 }],
    ['fractional timeout', { repository: 'r:2', cacheDir: '/c', timeoutSeconds: 1.5 }],
  ])('rejects %s', (_name, options) => {
    expect(() => buildDbDownloadArgs(options)).toThrow(RangeError);
  });
});

describe('buildFilesystemScanArgs', () => {
  const args = buildFilesystemScanArgs({ ...base, target: '/src/context' });

  it('writes JSON to the output file and ends with the target after --', () => {
    expect(args[0]).toBe('fs');
    expect(flagValue(args, '--format')).toBe('json');
    expect(flagValue(args, '--output')).toBe('/work/report.json');
    expect(args.slice(-2)).toEqual(['--', '/src/context']);
  });

  it('passes scanners, cache dir and timeout', () => {
    expect(flagValue(args, '--scanners')).toBe('vuln,secret,misconfig');
    expect(flagValue(args, '--cache-dir')).toBe('/cache');
    expect(flagValue(args, '--timeout')).toBe('300s');
  });

  it('is quiet and offline: no update checks, DB or checks downloads, scan cache in memory', () => {
    for (const flag of [...TRIVY_QUIET_FLAGS, ...TRIVY_OFFLINE_SCAN_FLAGS]) expect(args).toContain(flag);
    expect(flagValue(args, '--cache-backend')).toBe('memory');
    expect(TRIVY_SCAN_CACHE_FLAGS).toEqual(['--cache-backend', 'memory']);
  });

  it('keeps what an ignore file or VEX suppressed in the report (--show-suppressed), for the fs and the image scan', () => {
    expect(args).toContain('--show-suppressed');
    expect(buildImageScanArgs({ ...base, image: 'sha256:abc' })).toContain('--show-suppressed');
  });

  it('never gates in Trivy: no --exit-code, no --severity, no --ignore-unfixed', () => {
    const all = buildFilesystemScanArgs({ ...base, target: '/x', ignoreFile: '/i', server: 'http://s' });
    for (const flag of ['--exit-code', '--severity', '--ignore-unfixed', '--quiet']) expect(all).not.toContain(flag);
  });

  it('adds --ignorefile and --server only when set', () => {
    expect(args).not.toContain('--ignorefile');
    expect(args).not.toContain('--server');
    const withBoth = buildFilesystemScanArgs({ ...base, target: '/x', ignoreFile: '/repo/.trivyignore', server: 'http://trivy:4954' });
    expect(flagValue(withBoth, '--ignorefile')).toBe('/repo/.trivyignore');
    expect(flagValue(withBoth, '--server')).toBe('http://trivy:4954');
    expect(buildFilesystemScanArgs({ ...base, target: '/x', ignoreFile: '', server: '' })).not.toContain('--server');
  });

  it('skips the Java DB only when downloads are off (air-gapped)', () => {
    expect(args).not.toContain(TRIVY_SKIP_JAVA_DB_FLAG);
    expect(buildFilesystemScanArgs({ ...base, skipDbUpdate: true, target: '/x' })).toContain(TRIVY_SKIP_JAVA_DB_FLAG);
  });

  it('keeps a target that looks like a flag a path', () => {
    const odd = buildFilesystemScanArgs({ ...base, target: '--server=http://evil' });
    expect(odd.slice(-2)).toEqual(['--', '--server=http://evil']);
    expect(odd).not.toContain('--server');
  });

  it('deduplicates scanners and refuses none', () => {
    expect(flagValue(buildFilesystemScanArgs({ ...base, scanners: ['vuln', 'vuln', 'secret'], target: '/x' }), '--scanners')).toBe(
      'vuln,secret',
    );
    expect(() => buildFilesystemScanArgs({ ...base, scanners: [], target: '/x' })).toThrow(RangeError);
    expect(() => buildFilesystemScanArgs({ ...base, target: '' })).toThrow(RangeError);
    expect(() => buildFilesystemScanArgs({ ...base, outputFile: '', target: '/x' })).toThrow(RangeError);
  });
});

describe('buildImageScanArgs', () => {
  it('reads the image from the local engine only', () => {
    const args = buildImageScanArgs({ ...base, image: 'sha256:abc', dockerHost: 'unix:///var/run/docker.sock' });
    expect(args[0]).toBe('image');
    expect(flagValue(args, '--image-src')).toBe('docker');
    expect(flagValue(args, '--docker-host')).toBe('unix:///var/run/docker.sock');
    expect(args.slice(-2)).toEqual(['--', 'sha256:abc']);
    expect(args.filter((a) => a === '--image-src')).toHaveLength(1);
  });

  it('scans a published image from its registry, with no docker host', () => {
    const args = buildImageScanArgs({ ...base, image: 'ghcr.io/o/r:1', imageSource: 'remote', dockerHost: 'unix:///x' });
    expect(flagValue(args, '--image-src')).toBe('remote');
    expect(args).not.toContain('--docker-host');
  });

  it('scans an export archive by its bare name with --input, never the engine or a registry', () => {
    const args = buildImageScanArgs({ ...base, image: 'sha256:abc', imageSource: 'archive', dockerHost: 'unix:///x' });
    expect(args.slice(-2)).toEqual(['--input', 'sha256:abc']);
    expect(args).not.toContain('--image-src');
    expect(args).not.toContain('--docker-host');
    expect(args).not.toContain('--');
  });

  it.each(['-q', '../sha256:abc', '/tmp/x.tar', 'a b', ''])('refuses an archive name that is not a plain file name: %j', (name) => {
    expect(() => buildImageScanArgs({ ...base, image: name, imageSource: 'archive' })).toThrow(RangeError);
  });

  it('refuses an empty image', () => {
    expect(() => buildImageScanArgs({ ...base, image: '' })).toThrow(RangeError);
  });
});
