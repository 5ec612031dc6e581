import { GateError } from './gate-error.js';

/** The release the action installs when trivy-version is not set; its checksums are built in below. */
export const DEFAULT_TRIVY_VERSION = '0.74.0';

/**
 * Facts about Trivy's GitHub releases: which asset a runner needs, which checksum it must
 * have, and which releases must never run. Pure data in, data out; the installer adapter
 * does the I/O.
 */

export const TRIVY_RELEASES_URL = 'https://github.com/aquasecurity/trivy/releases/download';

export interface TrivyReleaseAsset {
  version: string;
  /** File name in the release, e.g. `trivy_0.74.0_Linux-64bit.tar.gz`. */
  fileName: string;
  archive: 'tar.gz' | 'zip';
  /** The executable's name inside the archive (top level). */
  binaryName: 'trivy' | 'trivy.exe';
}

/** Runner (process.platform, process.arch) → goreleaser's OS/arch labels in Trivy's asset names. */
const PLATFORM_LABELS: Readonly<Record<string, { os: string; archive: 'tar.gz' | 'zip'; arches: Readonly<Record<string, string>> }>> = {
  linux: { os: 'Linux', archive: 'tar.gz', arches: { x64: '64bit', arm64: 'ARM64' } },
  darwin: { os: 'macOS', archive: 'tar.gz', arches: { x64: '64bit', arm64: 'ARM64' } },
  win32: { os: 'windows', archive: 'zip', arches: { x64: '64bit' } },
};

export const SUPPORTED_TRIVY_PLATFORMS: readonly string[] = Object.entries(PLATFORM_LABELS).flatMap(([platform, p]) =>
  Object.keys(p.arches).map((arch) => `${platform}/${arch}`),
);

/** `v0.74.0` and ` 0.74.0 ` both mean `0.74.0`. */
export function normaliseTrivyVersion(raw: string): string {
  return raw.trim().replace(/^v/, '');
}

export function isTrivyReleaseVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+$/.test(version);
}

export function trivyReleaseAsset(version: string, platform: string, arch: string): TrivyReleaseAsset {
  const labels = Object.hasOwn(PLATFORM_LABELS, platform) ? PLATFORM_LABELS[platform] : undefined;
  const archLabel = labels && Object.hasOwn(labels.arches, arch) ? labels.arches[arch] : undefined;
  if (!labels || !archLabel) {
    throw new GateError('trivy-install', `Trivy has no release asset this action can install for ${platform}/${arch}`, {
      remedy: `Run on one of ${SUPPORTED_TRIVY_PLATFORMS.join(', ')}, or install Trivy yourself and point trivy-path at the binary.`,
    });
  }
  return {
    version,
    fileName: `trivy_${version}_${labels.os}-${archLabel}.${labels.archive}`,
    archive: labels.archive,
    binaryName: platform === 'win32' ? 'trivy.exe' : 'trivy',
  };
}

/** `<base>/v<version>/<file>`; a trailing slash on the base (a mirror URL typed by hand) is tolerated. */
export function trivyReleaseFileUrl(baseUrl: string, version: string, fileName: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v${version}/${fileName}`;
}

export function trivyChecksumsFileName(version: string): string {
  return `trivy_${version}_checksums.txt`;
}

// ---------------------------------------------------------------------------
// Blocked releases

export interface BlockedTrivyRelease {
  version: string;
  advisory: string;
  why: string;
}

const MARCH_2026_COMPROMISE = 'published during the March 2026 Trivy supply-chain compromise';

/**
 * Releases that must never run: they were published from the compromised release pipeline
 * and may carry credential-stealing code. Checked before any download and against the
 * version a `trivy-path` binary reports.
 */
export const BLOCKED_TRIVY_RELEASES: readonly BlockedTrivyRelease[] = ['0.69.4', '0.69.5', '0.69.6'].map((version) => ({
  version,
  advisory: 'GHSA-69fq-xp46-6x23',
  why: MARCH_2026_COMPROMISE,
}));

export function blockedTrivyRelease(version: string): BlockedTrivyRelease | undefined {
  const normalised = normaliseTrivyVersion(version);
  return BLOCKED_TRIVY_RELEASES.find((b) => b.version === normalised);
}

/** The error for a blocked release; `origin` says where the version came from. */
export function blockedTrivyReleaseError(
  blocked: BlockedTrivyRelease,
  origin: { kind: 'trivy-version' } | { kind: 'trivy-path'; path: string },
): GateError {
  const subject = origin.kind === 'trivy-path' ? `trivy-path '${origin.path}' is Trivy ${blocked.version}, which` : `Trivy ${blocked.version}`;
  const fix =
    origin.kind === 'trivy-path'
      ? `Replace that binary with a verified release (the pinned default is ${DEFAULT_TRIVY_VERSION}), or remove trivy-path so the action downloads and verifies ${DEFAULT_TRIVY_VERSION}.`
      : `Use the pinned default: remove trivy-version or set trivy-version: ${DEFAULT_TRIVY_VERSION}.`;
  return new GateError('trivy-install', `${subject} is refused: it was ${blocked.why} (${blocked.advisory}).`, {
    remedy: `${fix} If this release ever ran on a machine, treat every credential it could read as exposed and rotate it.`,
  });
}

// ---------------------------------------------------------------------------
// Checksums

/** Asset file name → lower-case SHA-256 hex. */
export type TrivyChecksumTable = Readonly<Record<string, string>>;

/**
 * SHA-256 of every asset of the pinned release, carried in the action so that the default
 * install does not trust the download server's own checksums file.
 */
export const EMBEDDED_TRIVY_CHECKSUMS: TrivyChecksumTable = {
  'trivy_0.74.0_Linux-64bit.tar.gz': '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a',
  'trivy_0.74.0_Linux-ARM64.tar.gz': 'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5',
  'trivy_0.74.0_macOS-64bit.tar.gz': '472816f6888dda689d075c30254d4210b4d1035acf365aa72332f584c2f60485',
  'trivy_0.74.0_macOS-ARM64.tar.gz': '1caada5e0e2091909357c7525d3aa76f4b660b13821bc143b190c7483e31cc11',
  'trivy_0.74.0_windows-64bit.zip': '94c40e0696e4b907a74b7b2e1438d5d72ebaca83115817407f568a002d520842',
};

export function isSha256Hex(value: string): boolean {
  return /^[0-9a-f]{64}$/i.test(value);
}

export interface ParsedChecksums {
  /** File name → lower-case SHA-256, for names listed once (or always with the same hash). */
  entries: ReadonlyMap<string, string>;
  /** Names listed more than once with different hashes: never trusted. */
  conflicting: ReadonlySet<string>;
}

/**
 * `sha256sum` output as goreleaser writes it: `<64 hex>  <file>` (a `*` before the name marks
 * binary mode). Lines that are not in that shape are ignored; only the asset's own line matters.
 */
export function parseChecksumsFile(text: string): ParsedChecksums {
  const entries = new Map<string, string>();
  const conflicting = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64}) [ *]?(\S.*?)\s*$/.exec(line.trim());
    if (!match) continue;
    const hash = match[1]!.toLowerCase();
    const name = match[2]!;
    const previous = entries.get(name);
    if (previous !== undefined && previous !== hash) conflicting.add(name);
    entries.set(name, hash);
  }
  for (const name of conflicting) entries.delete(name);
  return { entries, conflicting };
}

export type ChecksumLookup = { kind: 'found'; sha256: string } | { kind: 'missing' } | { kind: 'conflicting' };

export function lookupChecksum(parsed: ParsedChecksums, fileName: string): ChecksumLookup {
  if (parsed.conflicting.has(fileName)) return { kind: 'conflicting' };
  const sha256 = parsed.entries.get(fileName);
  return sha256 === undefined ? { kind: 'missing' } : { kind: 'found', sha256 };
}

export function embeddedChecksum(table: TrivyChecksumTable, fileName: string): string | undefined {
  const value = Object.hasOwn(table, fileName) ? table[fileName] : undefined;
  return value === undefined ? undefined : value.toLowerCase();
}

export function checksumMismatchError(fileName: string, expected: string, actual: string, source: string): GateError {
  return new GateError(
    'trivy-install',
    `${fileName} failed SHA-256 verification: expected ${expected} (${source}), got ${actual}. The archive was deleted and not installed.`,
    {
      remedy:
        'The download was corrupted or tampered with. Re-run the job; if it repeats, check the mirror set in trivy-download-url (its copy differs from the release) and do not run that file.',
    },
  );
}

// ---------------------------------------------------------------------------
// Version output

/** The version in `trivy --version` output (`Version: 0.74.0` on its first line). */
export function parseTrivyVersionOutput(stdout: string): string | undefined {
  const match = /^Version:\s*(\S+)\s*$/m.exec(stdout);
  return match ? normaliseTrivyVersion(match[1]!) : undefined;
}
