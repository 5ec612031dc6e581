/*
 * Trivy command lines as plain argument arrays (never shell strings), so they can be
 * asserted in tests and logged exactly as run. Flag names are those of Trivy v0.74.0
 * (pkg/flag in the Trivy source).
 */

export type TrivyScannerName = 'vuln' | 'secret' | 'misconfig' | 'license';

/**
 * Flags that keep every Trivy call quiet and off the network except where we ask for it:
 * - `--skip-version-check` + `--disable-telemetry`: only both together skip the request to
 *   Aqua's version/telemetry endpoint (pkg/notification: RunUpdateCheck).
 * - `--no-progress`: progress bars are noise in a CI log.
 */
export const TRIVY_QUIET_FLAGS: readonly string[] = ['--skip-version-check', '--disable-telemetry', '--no-progress'];

/**
 * Added to every scan, so that after `prepareDatabase` a scan touches no network:
 * - `--skip-db-update`: the vulnerability DB was prepared once for the job.
 * - `--skip-check-update`: no checks-bundle download; misconfiguration scanning falls back to
 *   the checks embedded in the binary (Trivy logs "Falling back to embedded checks").
 * - `--offline-scan`: no API requests to identify dependencies (e.g. Maven Central for jars).
 */
export const TRIVY_OFFLINE_SCAN_FLAGS: readonly string[] = ['--skip-db-update', '--skip-check-update', '--offline-scan'];

/**
 * `--cache-backend memory`: the per-artifact scan cache (fanal.db) is not written to the cache
 * directory, so the directory we keep between runs holds only the DB, and two scans of one job
 * never contend for fanal.db's file lock.
 */
export const TRIVY_SCAN_CACHE_FLAGS: readonly string[] = ['--cache-backend', 'memory'];

/**
 * `--cache-backend fs`: image scans keep per-layer analysis in <cache-dir>/fanal/fanal.db
 * (keyed by layer digest and analyser versions), so an unchanged layer is not analysed again.
 * Only image scans use it, one at a time; the context scan stays in memory, so no two scans
 * of a job ever wait on fanal.db's lock. Vulnerabilities are matched at report time.
 */
export const TRIVY_LAYER_CACHE_FLAGS: readonly string[] = ['--cache-backend', 'fs'];

/**
 * The Java DB is only fetched by Trivy when a scan finds jar files, and it is large.
 * Air-gapped runs (skip-db-update) must never fetch it; other runs let Trivy fetch it on
 * demand so Java images can still be scanned (a failure there is classified `db-download`).
 */
export const TRIVY_SKIP_JAVA_DB_FLAG = '--skip-java-db-update';

/** Suppressed findings stay in the JSON report, each with its source and statement. */
export const TRIVY_SHOW_SUPPRESSED_FLAG = '--show-suppressed';

export interface TrivyCommonOptions {
  cacheDir: string;
  timeoutSeconds: number;
}

export interface TrivyScanOptions extends TrivyCommonOptions {
  scanners: readonly TrivyScannerName[];
  /** Where Trivy writes its JSON report. */
  outputFile: string;
  /** Client/server mode: the server holds the DB; no local DB is needed. */
  server?: string | undefined;
  ignoreFile?: string | undefined;
  /** Air-gapped: never let Trivy download anything, including the Java DB. */
  skipDbUpdate: boolean;
  /** `layers`: keep per-layer analysis in the cache dir (image scans); default in memory only. */
  scanCache?: 'memory' | 'layers' | undefined;
  /** VEX sources (files, `repo`, `oci`); with them, suppressed findings are kept in the report. */
  vex?: readonly string[] | undefined;
}

export interface TrivyImageScanOptions extends TrivyScanOptions {
  /**
   * `docker` (default): the local engine only, never a registry pull, so the image scanned is
   * the one just built and not a namesake. `remote`: straight from the registry (published images).
   * `archive`: a `docker save` archive (`--input`); `image` is then its file name in Trivy's cwd,
   * which is what the report names the artifact (and its OS result) after.
   */
  imageSource?: 'docker' | 'remote' | 'archive';
  dockerHost?: string | undefined;
  /** A remote image index: which platform's image to scan (`linux/arm64`). */
  platform?: string | undefined;
}

function timeoutFlag(seconds: number): string[] {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new RangeError(`Trivy timeout must be a positive whole number of seconds, got ${seconds}`);
  }
  return ['--timeout', `${seconds}s`];
}

function cacheDirFlag(cacheDir: string): string[] {
  if (cacheDir === '') throw new RangeError('Trivy cache directory must not be empty');
  return ['--cache-dir', cacheDir];
}

/** `trivy image --download-db-only` from one repository; the caller retries and falls back. */
export function buildDbDownloadArgs(options: TrivyCommonOptions & { repository: string }): string[] {
  if (options.repository.trim() === '') throw new RangeError('DB repository must not be empty');
  return [
    'image',
    '--download-db-only',
    '--db-repository',
    options.repository,
    ...cacheDirFlag(options.cacheDir),
    ...timeoutFlag(options.timeoutSeconds),
    ...TRIVY_QUIET_FLAGS,
  ];
}

function scanFlags(options: TrivyScanOptions): string[] {
  if (options.scanners.length === 0) throw new RangeError('at least one Trivy scanner is required');
  if (options.outputFile === '') throw new RangeError('Trivy output file must not be empty');
  const args = [
    // JSON to a file: the gate decides from the parsed report, never from Trivy's exit code,
    // so neither --exit-code nor --severity is passed (every finding reaches the policy).
    '--format',
    'json',
    '--output',
    options.outputFile,
    '--scanners',
    [...new Set(options.scanners)].join(','),
    ...cacheDirFlag(options.cacheDir),
    ...timeoutFlag(options.timeoutSeconds),
    ...TRIVY_QUIET_FLAGS,
    ...TRIVY_OFFLINE_SCAN_FLAGS,
    ...(options.scanCache === 'layers' ? TRIVY_LAYER_CACHE_FLAGS : TRIVY_SCAN_CACHE_FLAGS),
    // What an ignore file or VEX document takes out is still written to the report
    // (ExperimentalModifiedFindings), so the gate can name every suppressed finding.
    TRIVY_SHOW_SUPPRESSED_FLAG,
  ];
  if (options.skipDbUpdate) args.push(TRIVY_SKIP_JAVA_DB_FLAG);
  if (options.server !== undefined && options.server !== '') args.push('--server', options.server);
  if (options.ignoreFile !== undefined && options.ignoreFile !== '') args.push('--ignorefile', options.ignoreFile);
  // With --show-suppressed (always on), what a VEX statement suppresses stays in the report, listed.
  if (options.vex !== undefined) for (const source of options.vex) args.push('--vex', source);
  return args;
}

/** `trivy fs` over the build context. `--` keeps a target that starts with '-' a path. */
export function buildFilesystemScanArgs(options: TrivyScanOptions & { target: string }): string[] {
  if (options.target === '') throw new RangeError('filesystem scan target must not be empty');
  return ['fs', ...scanFlags(options), '--', options.target];
}

/** `trivy image` from exactly one image source (Trivy would otherwise try docker, containerd, podman, remote). */
export function buildImageScanArgs(options: TrivyImageScanOptions & { image: string }): string[] {
  if (options.image === '') throw new RangeError('image to scan must not be empty');
  const source = options.imageSource ?? 'docker';
  if (source === 'archive') {
    // A bare name: --input takes no `--` guard, so nothing here may read as a flag or a path elsewhere.
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(options.image)) throw new RangeError(`image archive must be a plain file name in Trivy's working directory, got ${JSON.stringify(options.image)}`);
    return ['image', ...scanFlags(options), '--input', options.image];
  }
  const args = ['image', '--image-src', source, ...scanFlags(options)];
  if (source === 'docker' && options.dockerHost !== undefined && options.dockerHost !== '') {
    args.push('--docker-host', options.dockerHost);
  }
  if (options.platform) args.push('--platform', options.platform);
  return [...args, '--', options.image];
}
