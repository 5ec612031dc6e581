import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tc from '@actions/tool-cache';
import { GateError } from '../../domain/gate-error.js';
import {
  EMBEDDED_TRIVY_CHECKSUMS,
  TRIVY_RELEASES_URL,
  blockedTrivyRelease,
  blockedTrivyReleaseError,
  checksumMismatchError,
  embeddedChecksum,
  isTrivyReleaseVersion,
  lookupChecksum,
  normaliseTrivyVersion,
  parseChecksumsFile,
  trivyChecksumsFileName,
  trivyReleaseAsset,
  trivyReleaseFileUrl,
  type TrivyChecksumTable,
  type TrivyReleaseAsset,
} from '../../domain/trivy-release.js';
import { DEFAULT_TRIVY_VERSION } from '../../domain/trivy-release.js';
import { probeTrivyVersion } from './binary-version.js';
import { DEFAULT_RETRY_DELAYS_MS, DownloadError, downloadText, downloadToFile, type DownloadPolicy } from './release-download.js';
import { hasSigstoreBundle, trivyReleaseIdentity, verifyTrivyReleaseBundle, type SigstoreTrust } from './sigstore-bundle.js';
import { copyHashed, sha256OfFile } from './verified-binary.js';

export interface TrivyInstallRequest {
  /** `0.74.0` (a leading `v` is accepted). */
  version: string;
  /** Release directory root: `<base>/v<version>/<asset>` (Inputs.trivyDownloadUrl). */
  downloadBaseUrl: string;
  /** A binary to use as is (Inputs.trivyPath): nothing is downloaded. */
  trivyPath?: string | undefined;
  /** process.platform / process.arch of the runner. */
  platform: string;
  arch: string;
}

export interface TrivyInstallation {
  /** The executable to run. */
  path: string;
  /** The version the binary reports. */
  version: string;
  source: 'trivy-path' | 'tool-cache' | 'download';
  /** SHA-256 of the binary at `path`, recorded when it was verified; checked again before each use. */
  sha256: string;
}

export interface TrivyInstallDeps {
  /** One line per step; the pipeline passes core.info. */
  log?: (line: string) => void;
  /** Checksums carried by the action; tests inject their own. */
  knownChecksums?: TrivyChecksumTable;
  /** Delay before each retry of a failed download (length = number of retries). */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  requestTimeoutMs?: number;
  /** Limit for `trivy --version`. */
  versionTimeoutMs?: number;
  /** Where archives are downloaded; defaults to RUNNER_TEMP. */
  tempDir?: string;
  /**
   * This run's private work directory (mode 0700, unguessable): the verified binary is
   * extracted here and run from here. Defaults to a new one under RUNNER_TEMP.
   */
  workDir?: string;
  /** Trust for Sigstore bundles; defaults to the public-good root the action carries. */
  sigstore?: SigstoreTrust;
}

/** What the pipeline depends on, so that it can run with an in-memory installer. */
export type InstallTrivy = (request: TrivyInstallRequest) => Promise<TrivyInstallation>;

const TOOL_NAME = 'trivy';

/**
 * Makes a verified Trivy available: `trivy-path` as given (after refusing blocked versions),
 * else the release archive from the runner's tool cache, else a download. Either way the
 * archive's SHA-256 is checked (against the checksum the action carries, or the release's
 * checksums file fetched now) before it is extracted into this run's private work directory,
 * and the binary runs only from there.
 *
 * What is trusted: the tool cache may be shared with other jobs, so nothing stored there is
 * believed, not even a checksum recorded beside the archive (whoever can replace the archive
 * can rewrite the record). Trust comes only from what the action carries, from the release
 * itself, and from the SHA-256 this run records in memory after verifying.
 */
export async function installTrivy(request: TrivyInstallRequest, deps: TrivyInstallDeps = {}): Promise<TrivyInstallation> {
  const log = deps.log ?? (() => undefined);
  const versionTimeoutMs = deps.versionTimeoutMs ?? 60_000;

  if (request.trivyPath) return useProvidedBinary(request.trivyPath, request.version, versionTimeoutMs, log);

  const version = normaliseTrivyVersion(request.version);
  if (!isTrivyReleaseVersion(version)) {
    throw new GateError('trivy-install', `'${request.version}' is not a Trivy release version`, {
      remedy: `Set trivy-version to a release such as ${DEFAULT_TRIVY_VERSION}.`,
    });
  }
  // Before anything touches the network: a blocked release is never even downloaded.
  const blocked = blockedTrivyRelease(version);
  if (blocked) throw blockedTrivyReleaseError(blocked, { kind: 'trivy-version' });

  const asset = trivyReleaseAsset(version, request.platform, request.arch);
  requireRunnerDirectories();

  const policy: DownloadPolicy = {
    retryDelaysMs: deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    requestTimeoutMs: deps.requestTimeoutMs ?? 120_000,
    log,
  };
  const base = request.downloadBaseUrl || TRIVY_RELEASES_URL;
  const root = deps.tempDir ?? process.env['RUNNER_TEMP'] ?? tmpdir();
  await mkdir(root, { recursive: true });
  const runDir = deps.workDir ?? (await mkdtemp(join(root, 'csg-run-')));
  const expected = await expectedChecksum(asset, base, deps.knownChecksums ?? EMBEDDED_TRIVY_CHECKSUMS, policy);
  const signature = expected.carried ? undefined : await releaseBundle(asset, base, policy);
  const context: InstallContext = { asset, request, base, expected, signature, sigstore: deps.sigstore ?? {}, policy, versionTimeoutMs, runDir };

  const cachedDir = tc.find(TOOL_NAME, version, request.arch);
  const cachedArchive = cachedDir ? join(cachedDir, asset.fileName) : undefined;
  if (cachedArchive && (await isFile(cachedArchive))) {
    const { path, sha256 } = await useCachedArchive(cachedArchive, context);
    return { path, version, source: 'tool-cache', sha256 };
  }
  // An entry without the archive predates verification at every use: it is replaced, never run.
  if (cachedDir) log(`Trivy ${version}: the tool cache entry at ${cachedDir} holds no verifiable ${asset.fileName}; installing a verified copy over it`);

  const { path, sha256 } = await downloadVerifiedTrivy(context, deps.tempDir);
  return { path, version, source: 'download', sha256 };
}

interface InstallContext {
  asset: TrivyReleaseAsset;
  request: TrivyInstallRequest;
  base: string;
  expected: { sha256: string; source: string; carried: boolean };
  /** The release's Sigstore bundle, for versions whose checksums the action does not carry. */
  signature: { name: string; text: string } | undefined;
  sigstore: SigstoreTrust;
  policy: DownloadPolicy;
  versionTimeoutMs: number;
  runDir: string;
}

async function useProvidedBinary(trivyPath: string, requestedVersion: string, timeoutMs: number, log: (line: string) => void): Promise<TrivyInstallation> {
  // Hashed while it starts: both read the same large file, and neither needs the other.
  const hashing = sha256OfFile(trivyPath);
  hashing.catch(() => undefined);
  const probe = await probeTrivyVersion(trivyPath, timeoutMs);
  if (!probe.ok) {
    throw new GateError('trivy-install', `trivy-path '${trivyPath}' does not run: ${probe.problem}`, {
      remedy: `Point trivy-path at a Trivy executable for this runner, or remove trivy-path so the action downloads and verifies Trivy ${DEFAULT_TRIVY_VERSION}.`,
      details: probe.details,
    });
  }
  const blocked = blockedTrivyRelease(probe.version);
  if (blocked) throw blockedTrivyReleaseError(blocked, { kind: 'trivy-path', path: trivyPath });
  const note = probe.version === normaliseTrivyVersion(requestedVersion) ? '' : ` (trivy-version ${requestedVersion} is ignored when trivy-path is set)`;
  // The user's own binary: not verified, but its identity goes on record, and it must not change during the run.
  const sha256 = await hashing;
  log(`Trivy ${probe.version}: using trivy-path ${trivyPath} (SHA-256 ${sha256}; not verified by the action), no download${note}`);
  return { path: trivyPath, version: probe.version, source: 'trivy-path', sha256 };
}

function requireRunnerDirectories(): void {
  for (const name of ['RUNNER_TOOL_CACHE', 'RUNNER_TEMP']) {
    if (!process.env[name]) {
      throw new GateError('trivy-install', `${name} is not set, so Trivy cannot be cached`, {
        remedy: `Run the action on a GitHub Actions runner (which sets ${name}), or set trivy-path to an installed Trivy.`,
      });
    }
  }
}

/**
 * The tool cache holds the verified release archive, never a binary that runs from there: each
 * run copies the archive into its private directory, hashing the bytes it copies, and extracts
 * only a copy that matches.
 */
async function useCachedArchive(cachedArchive: string, context: InstallContext): Promise<{ path: string; sha256: string }> {
  const { asset, expected, policy } = context;
  const copy = await copyHashed(cachedArchive, context.runDir, asset.fileName);
  if (copy.sha256 !== expected.sha256) {
    await rm(copy.path, { force: true });
    throw new GateError(
      'trivy-install',
      `the tool cache copy of ${asset.fileName} (${cachedArchive}) failed SHA-256 verification: expected ${expected.sha256} (${expected.source}), got ${copy.sha256}. It was not run.`,
      {
        remedy: `The tool cache was changed after the archive was verified: another job on this runner may have tampered with it. Delete ${dirname(cachedArchive)}, check the runner, then re-run the job (the action downloads and verifies a fresh copy).`,
      },
    );
  }
  policy.log(`Trivy ${asset.version}: the tool cache copy of ${asset.fileName} matches SHA-256 ${copy.sha256} (${expected.source})`);
  await verifySignature(copy.path, context);
  return extractVerified(copy.path, context);
}

async function downloadVerifiedTrivy(context: InstallContext, tempDir: string | undefined): Promise<{ path: string; sha256: string }> {
  const { asset, request, base, expected, policy } = context;
  const { version } = asset;
  const root = tempDir ?? process.env['RUNNER_TEMP'] ?? tmpdir();
  const workDir = await mkdtemp(join(root, 'trivy-install-'));
  try {
    const url = trivyReleaseFileUrl(base, version, asset.fileName);
    const archivePath = join(workDir, asset.fileName);
    policy.log(`Trivy ${version}: downloading ${url}`);
    await downloadToFile(url, archivePath, policy).catch((error: unknown) => {
      throw downloadFailure(error, asset, base, 'archive');
    });

    // Hash the copy in our private directory: the bytes that pass are the bytes extracted.
    const copy = await copyHashed(archivePath, context.runDir, asset.fileName);
    await rm(archivePath, { force: true });
    if (copy.sha256 !== expected.sha256) {
      await rm(copy.path, { force: true });
      throw checksumMismatchError(asset.fileName, expected.sha256, copy.sha256, expected.source);
    }
    policy.log(`Trivy ${version}: ${asset.fileName} matches SHA-256 ${copy.sha256} (${expected.source})`);
    await verifySignature(copy.path, context);

    const installed = await extractVerified(copy.path, context);
    // Only a verified archive whose binary runs reaches the tool cache.
    const cachedDir = await tc.cacheFile(copy.path, asset.fileName, TOOL_NAME, version, request.arch);
    policy.log(`Trivy ${version}: installed in the tool cache (${join(cachedDir, asset.fileName)}); running ${installed.path}`);
    return installed;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** For versions whose checksums the action does not carry: the archive must be signed by Trivy's release workflow. */
async function verifySignature(archivePath: string, context: InstallContext): Promise<void> {
  const { signature, asset, policy } = context;
  if (signature === undefined) return;
  try {
    verifyTrivyReleaseBundle(await readFile(archivePath), signature.text, { version: asset.version, fileName: asset.fileName, bundleName: signature.name }, context.sigstore);
  } catch (error) {
    await rm(archivePath, { force: true });
    throw error;
  }
  policy.log(`Trivy ${asset.version}: ${asset.fileName} is signed by ${trivyReleaseIdentity(asset.version)} (${signature.name}, Sigstore)`);
}

/** `<asset>.sigstore.json` (Trivy publishes it since v0.68.1); older releases have only their checksums file. */
async function releaseBundle(asset: TrivyReleaseAsset, base: string, policy: DownloadPolicy): Promise<{ name: string; text: string } | undefined> {
  if (!hasSigstoreBundle(asset.version)) {
    policy.log(`Trivy ${asset.version}: released before Trivy signed its archives with Sigstore (v0.68.1); verified by its checksums file only`);
    return undefined;
  }
  const name = `${asset.fileName}.sigstore.json`;
  const url = trivyReleaseFileUrl(base, asset.version, name);
  policy.log(`Trivy ${asset.version}: reading the Sigstore bundle ${url}`);
  const text = await downloadText(url, policy).catch((error: unknown) => {
    throw downloadFailure(error, asset, base, 'bundle');
  });
  return { name, text };
}

/** Extracts a verified archive (in the run's directory), checks the binary runs as the right version, records its SHA-256. */
async function extractVerified(archivePath: string, context: InstallContext): Promise<{ path: string; sha256: string }> {
  const { asset, request, base, versionTimeoutMs } = context;
  const { version } = asset;
  const extractDir = join(dirname(archivePath), 'extracted');
  try {
    if (asset.archive === 'zip') await tc.extractZip(archivePath, extractDir);
    else await tc.extractTar(archivePath, extractDir);
  } catch (error) {
    throw new GateError('trivy-install', `${asset.fileName} could not be extracted (truncated or corrupt archive): ${(error as Error).message}`, {
      cause: error,
      remedy: `The archive matches its checksum, so the release file itself is damaged: check the copy at ${base}/v${version}/, or use another trivy-version.`,
    });
  }
  const binary = join(extractDir, asset.binaryName);
  if (!(await isFile(binary))) {
    throw new GateError('trivy-install', `${asset.fileName} does not contain '${asset.binaryName}' at its top level (truncated or not a Trivy release archive)`, {
      remedy: `Check the copy at ${base}/v${version}/${asset.fileName} against the official release.`,
    });
  }
  await chmod(binary, 0o700);
  const sha256 = await sha256OfFile(binary);
  const probe = await probeTrivyVersion(binary, versionTimeoutMs);
  if (!probe.ok || probe.version !== version) {
    throw new GateError(
      'trivy-install',
      `the trivy binary in ${asset.fileName} ${probe.ok ? `reports version ${probe.version}, not ${version}` : `does not run: ${probe.problem}`}`,
      { remedy: `Check that trivy-version (${version}) and the runner platform (${request.platform}/${request.arch}) match the release served at ${base}.`, details: probe.ok ? [] : probe.details },
    );
  }
  return { path: binary, sha256 };
}

async function expectedChecksum(
  asset: TrivyReleaseAsset,
  base: string,
  knownChecksums: TrivyChecksumTable,
  policy: DownloadPolicy,
): Promise<{ sha256: string; source: string; carried: boolean }> {
  const embedded = embeddedChecksum(knownChecksums, asset.fileName);
  if (embedded !== undefined) return { sha256: embedded, source: 'checksum carried by the action', carried: true };

  const checksumsName = trivyChecksumsFileName(asset.version);
  const url = trivyReleaseFileUrl(base, asset.version, checksumsName);
  policy.log(`Trivy ${asset.version}: the action carries no checksum for ${asset.fileName}; reading ${url}`);
  const text = await downloadText(url, policy).catch((error: unknown) => {
    throw downloadFailure(error, asset, base, 'checksums');
  });
  const lookup = lookupChecksum(parseChecksumsFile(text), asset.fileName);
  if (lookup.kind !== 'found') {
    const problem = lookup.kind === 'missing' ? `has no SHA-256 line for ${asset.fileName}` : `lists ${asset.fileName} with conflicting SHA-256 values`;
    throw new GateError('trivy-install', `${checksumsName} ${problem}; refusing to install an archive that cannot be verified`, {
      remedy: `Use a release whose checksums file lists this asset, or the pinned default ${DEFAULT_TRIVY_VERSION} (its checksums are built in).`,
    });
  }
  return { sha256: lookup.sha256, source: checksumsName, carried: false };
}

function downloadFailure(error: unknown, asset: TrivyReleaseAsset, base: string, what: 'archive' | 'checksums' | 'bundle'): GateError {
  if (!(error instanceof DownloadError)) {
    return new GateError('trivy-install', `downloading Trivy ${asset.version} failed: ${(error as Error).message}`, {
      cause: error,
      remedy: 'Re-run the job; if it persists, set trivy-path to a preinstalled Trivy.',
    });
  }
  const fileName = what === 'archive' ? asset.fileName : what === 'bundle' ? `${asset.fileName}.sigstore.json` : trivyChecksumsFileName(asset.version);
  if (error.kind === 'not-found') {
    const missing =
      what === 'archive'
        ? `Trivy ${asset.version} has no release asset ${fileName} there: the version does not exist, or the mirror does not carry it`
        : `the release directory has no ${fileName}, so the download cannot be verified`;
    return new GateError('trivy-install', `${error.message}: ${missing}`, {
      cause: error,
      remedy:
        base === TRIVY_RELEASES_URL
          ? `Check trivy-version against https://github.com/aquasecurity/trivy/releases, or use the pinned default ${DEFAULT_TRIVY_VERSION}.`
          : `Copy ${fileName} from the official release to ${base}/v${asset.version}/ (trivy-download-url), or use the pinned default ${DEFAULT_TRIVY_VERSION}.`,
    });
  }
  const tries = error.attempts > 1 ? ` (after ${error.attempts} attempts)` : '';
  return new GateError('trivy-install', `could not download ${fileName}: ${error.message}${tries}`, {
    cause: error,
    remedy:
      base === TRIVY_RELEASES_URL
        ? 'GitHub did not deliver the release; re-run the job later, set trivy-download-url to a mirror, or set trivy-path to a preinstalled Trivy.'
        : `The mirror at ${base} did not deliver the file; check it, or set trivy-path to a preinstalled Trivy.`,
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
