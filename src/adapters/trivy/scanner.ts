import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { GateError } from '../../domain/gate-error.js';
import {
  buildFilesystemScanArgs,
  buildImageScanArgs,
  type TrivyScanOptions,
  type TrivyScannerName,
} from '../../domain/trivy-args.js';
import { classifyTrivyFailure, missingReportError, type TrivyOperation } from '../../domain/trivy-failure.js';
import { parseTrivyReport, type TrivyReport } from '../../domain/trivy-report.js';
import { withoutCredentials } from '../../domain/text-safety.js';
import type { LineLog, ScannerPort } from '../../pipeline.js';
import { createNoDbCache, type DbCache } from '../cache/db-cache.js';
import type { LayerCache } from '../cache/layer-cache.js';
import { openImageScanCacheDir, type ImageScanCacheDir } from './layer-cache-dir.js';
import { DEFAULT_DB_RETRY_DELAYS_MS, prepareTrivyDatabase, type TrivyLog } from './database.js';
import { runTrivy } from './run-trivy.js';

export type { TrivyLog } from './database.js';

/**
 * What the pipeline asks of Trivy (its ScannerPort); every method fails with a classified
 * GateError. The port is declared once, where the pipeline defines it.
 */
export type TrivyScanner = ScannerPort;

export interface TrivyScannerConfig {
  trivyPath: string;
  /** The SHA-256 recorded at install: the binary is hashed again before every run. */
  trivySha256?: string | undefined;
  cacheDir: string;
  timeoutSeconds: number;
  scanners: readonly TrivyScannerName[];
  server?: string | undefined;
  /** Trivy's --token for the server, given through its environment (TRIVY_TOKEN) only. */
  serverToken?: string | undefined;
  dbRepositories: readonly string[];
  skipDbUpdate: boolean;
  ignoreFile?: string | undefined;
  /** VEX sources for --vex (absolute file paths, or `repo` / `oci`). */
  vex?: readonly string[];
  /** Reports and Trivy's cwd; a directory this run owns. */
  workDir: string;
  log: TrivyLog;
  dockerHost?: string | undefined;
  /** Credentials for scanPublished; given to Trivy through its environment only. */
  registryAuth?: { username: string; password: string } | undefined;
  cache?: DbCache;
  /**
   * Image scans keep Trivy's per-layer analysis in `cacheDir` (restored/saved through this);
   * undefined: in memory only, as the context scan always does. Unused with a Trivy server.
   */
  layerCache?: LayerCache | undefined;
  sleep?: (ms: number) => Promise<void>;
  retryDelaysMs?: readonly number[];
  /** Grace beyond `timeoutSeconds` before our kill timer stops Trivy. */
  killMarginMs?: number;
}

const DEFAULT_KILL_MARGIN_MS = 30_000;

const defaultSleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Both sides as `sha256:<hex>`, so `sha256:ABC` and `abc` compare equal. */
export function normaliseImageId(id: string): string {
  const lower = id.trim().toLowerCase();
  return lower.startsWith('sha256:') ? lower : `sha256:${lower}`;
}

/** Trivy's fs report names its target as given on the command line (an absolute path here). */
function requireScannedPath(report: TrivyReport, target: string, outputFile: string): void {
  const scanned = report.ArtifactName;
  if (scanned === undefined || resolve(scanned) !== target) {
    throw new GateError('scan-error', `the filesystem report is about ${scanned ?? 'an unnamed artifact'}, not the build context ${target}`, {
      remedy: 'Another job may share this runner\'s temporary directory; re-run the job. The gate only decides on the context it scanned.',
      details: [`report: ${outputFile}`],
    });
  }
}

export function createTrivyScanner(config: TrivyScannerConfig): TrivyScanner {
  const { log } = config;
  // The backstop after Trivy's own --timeout: proportional, so a short timeout is not followed by 30 s of waiting.
  const killMarginMs = config.killMarginMs ?? Math.min(DEFAULT_KILL_MARGIN_MS, Math.max(5_000, config.timeoutSeconds * 1000));
  // Trivy runs in workDir, so a relative ignore file must be resolved against our cwd first.
  const ignoreFile = config.ignoreFile ? resolve(config.ignoreFile) : undefined;
  let database: ReturnType<typeof prepareTrivyDatabase> | undefined;
  // What may be printed of the server: never the user:password a URL may carry.
  const serverShown = config.server ? withoutCredentials(config.server) : undefined;
  const serverEnv: Record<string, string> = config.server && config.serverToken ? { TRIVY_TOKEN: config.serverToken } : {};
  let reportCounter = 0;
  const layerCache = config.server ? undefined : config.layerCache;
  let layersRestored: Promise<void> | undefined;
  // Started with the DB, so the restore runs while the image builds; never fails a run.
  const restoreLayers = (): Promise<void> => (layersRestored ??= (layerCache?.restore(config.cacheDir) ?? Promise.resolve()).catch(() => undefined));
  /** With the layer cache, `run` gets a private cache dir (see openImageScanCacheDir); else the configured one. */
  async function scanImageWithLayers(run: (cacheDir: string) => Promise<TrivyReport>): Promise<TrivyReport> {
    if (!layerCache) return run(config.cacheDir);
    await restoreLayers();
    let scanDir: ImageScanCacheDir | undefined;
    try {
      scanDir = await openImageScanCacheDir(config.cacheDir, config.workDir);
    } catch (error) {
      log.warning(`Trivy layer cache: not used this time (${(error as Error).message}); every layer is analysed`);
      return run(config.cacheDir);
    }
    let report: TrivyReport;
    try {
      report = await run(scanDir.dir);
    } catch (error) {
      await scanDir.discard().catch(() => undefined);
      throw error;
    }
    await scanDir.keep().catch((error: unknown) => log.warning(`Trivy layer cache: not kept: ${(error as Error).message}`));
    await layerCache.save(config.cacheDir).catch(() => undefined);
    return report;
  }

  const imageScanCache = layerCache ? ('layers' as const) : undefined;
  const scanOptions = (outputFile: string): TrivyScanOptions => ({
    cacheDir: config.cacheDir,
    timeoutSeconds: config.timeoutSeconds,
    scanners: config.scanners,
    outputFile,
    server: config.server,
    ignoreFile,
    skipDbUpdate: config.skipDbUpdate,
    ...(config.vex && config.vex.length > 0 && { vex: config.vex }),
  });

  async function nextReportFile(kind: string): Promise<string> {
    await mkdir(config.workDir, { recursive: true });
    reportCounter += 1;
    const file = join(config.workDir, `trivy-${kind}-${reportCounter}.json`);
    // A stale report from an earlier run must never stand in for this one.
    await rm(file, { force: true });
    return file;
  }

  async function scan(
    operation: TrivyOperation,
    subject: string,
    outputFile: string,
    args: string[],
    { env, signal, cwd = config.workDir, lines = log }: { env?: Record<string, string> | undefined; signal?: AbortSignal | undefined; cwd?: string; lines?: LineLog | undefined } = {},
  ): Promise<TrivyReport> {
    // A server URL may carry user:password; the command line is logged without it.
    lines.info(`trivy ${args.map((arg) => (arg === config.server && serverShown ? serverShown : arg)).join(' ').replace(/\/\/[^/@\s]+@/g, '//***@')}`);
    const runEnv = { ...serverEnv, ...env };
    const run = await runTrivy({
      trivyPath: config.trivyPath,
      trivySha256: config.trivySha256,
      args,
      cwd,
      ...(Object.keys(runEnv).length > 0 && { env: runEnv }),
      killAfterMs: config.timeoutSeconds * 1000 + killMarginMs,
      onLine: (line) => lines.info(line),
      ...(signal && { signal }),
    });
    if (run.exitCode !== 0 || run.killedAfterSeconds !== undefined) {
      const failure = classifyTrivyFailure({
        operation,
        subject,
        exitCode: run.exitCode,
        signal: run.signal,
        killedAfterSeconds: run.killedAfterSeconds,
        stderr: run.stderr,
        server: serverShown,
      });
      throw new GateError(failure.reason, failure.message, { remedy: failure.remedy, details: failure.details });
    }
    let text: string;
    try {
      text = await readFile(outputFile, 'utf8');
    } catch {
      throw missingReportError(operation, subject, outputFile, run.stderr);
    }
    return parseTrivyReport(text, outputFile);
  }

  return {
    prepareDatabase() {
      void restoreLayers();
      database ??= prepareTrivyDatabase({
        trivyPath: config.trivyPath,
        trivySha256: config.trivySha256,
        cacheDir: config.cacheDir,
        workDir: config.workDir,
        timeoutSeconds: config.timeoutSeconds,
        dbRepositories: config.dbRepositories,
        skipDbUpdate: config.skipDbUpdate,
        server: serverShown,
        cache: config.cache ?? createNoDbCache(),
        log,
        sleep: config.sleep ?? defaultSleep,
        retryDelaysMs: config.retryDelaysMs ?? DEFAULT_DB_RETRY_DELAYS_MS,
        killMarginMs,
      });
      return database;
    },

    async scanFilesystem(dir, signal, lines) {
      const target = resolve(dir);
      const outputFile = await nextReportFile('fs');
      const report = await scan('filesystem-scan', target, outputFile, buildFilesystemScanArgs({ ...scanOptions(outputFile), target }), { signal, lines });
      // As for images: the report must name the context this run scanned, not another run's.
      requireScannedPath(report, target, outputFile);
      return report;
    },

    async scanImage(image, signal, lines = log) {
      const outputFile = await nextReportFile('image');
      // An export archive is named by the image ID, and Trivy runs beside it and is given that
      // bare name: the report then names the artifact (and its OS result) exactly as a scan
      // through the engine by ID does, and no temporary path reaches the reports. That
      // directory is the push's private work directory: no trivy.yaml or .trivyignore in it.
      const source = image.archive !== undefined ? { imageSource: 'archive' as const, image: basename(image.archive) } : { dockerHost: config.dockerHost, image: image.ref };
      if (image.archive !== undefined) lines.info(`scanning the export of ${image.id} that the push will upload`);
      const report = await scanImageWithLayers((cacheDir) => scan(
        'image-scan',
        image.ref,
        outputFile,
        buildImageScanArgs({ ...scanOptions(outputFile), cacheDir, scanCache: imageScanCache, ...source }),
        { signal, lines, cwd: image.archive !== undefined ? dirname(image.archive) : config.workDir },
      ));
      // The report must be about the image that was built, not whatever the name points to now.
      const scanned = report.Metadata?.ImageID;
      if (scanned === undefined || normaliseImageId(scanned) !== normaliseImageId(image.id)) {
        throw new GateError(
          'scan-error',
          `Trivy scanned ${image.ref} as ${scanned ?? 'an image without an ID'}, not the built image ${image.id}`,
          {
            remedy: 'Another build may have re-tagged the image meanwhile; re-run the job. The gate only decides on the exact image it built.',
            details: [`report: ${outputFile}`],
          },
        );
      }
      return report;
    },

    async scanPublished(reference, platform) {
      const outputFile = await nextReportFile('published');
      const args = (cacheDir: string): string[] =>
        buildImageScanArgs({ ...scanOptions(outputFile), cacheDir, scanCache: imageScanCache, imageSource: 'remote', image: reference, platform });
      const env = config.registryAuth
        ? { TRIVY_USERNAME: config.registryAuth.username, TRIVY_PASSWORD: config.registryAuth.password }
        : undefined;
      try {
        return await scanImageWithLayers((cacheDir) => scan('published-image-scan', reference, outputFile, args(cacheDir), { env }));
      } catch (error) {
        if (error instanceof GateError && error.reason === 'image-not-found') {
          log.info(`${reference} is not published`);
          return undefined;
        }
        throw error;
      }
    },
  };
}
