import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GateError } from '../../domain/gate-error.js';
import { buildDbDownloadArgs } from '../../domain/trivy-args.js';
import { classifyTrivyFailure, dbDownloadError, type DbDownloadAttempt } from '../../domain/trivy-failure.js';
import type { DbCache } from '../cache/db-cache.js';
import { runTrivy } from './run-trivy.js';

export interface TrivyLog {
  info(line: string): void;
  warning(line: string): void;
}

export interface DatabaseConfig {
  trivyPath: string;
  /** Checked before each run (see runTrivy). */
  trivySha256?: string | undefined;
  cacheDir: string;
  workDir: string;
  timeoutSeconds: number;
  /** Tried in order; each gets the retries below before the next one. */
  dbRepositories: readonly string[];
  skipDbUpdate: boolean;
  server?: string | undefined;
  cache: DbCache;
  log: TrivyLog;
  sleep: (ms: number) => Promise<void>;
  /** Pause before each retry of a retryable failure (length = retries per repository). */
  retryDelaysMs: readonly number[];
  /** Added to the timeout for our kill timer (Trivy does not bound DB downloads itself). */
  killMarginMs: number;
}

/** Pauses between tries on one repository: rate limits and 5xx usually clear within a minute. */
export const DEFAULT_DB_RETRY_DELAYS_MS: readonly number[] = [10_000, 30_000];

/** The two files Trivy needs to scan with --skip-db-update (pkg/db NeedsUpdate). */
export function dbFiles(cacheDir: string): string[] {
  return [join(cacheDir, 'db', 'trivy.db'), join(cacheDir, 'db', 'metadata.json')];
}

/** metadata.json's text (Trivy rewrites it on every download), or undefined when absent. */
async function dbMetadata(cacheDir: string): Promise<string | undefined> {
  return readFile(join(cacheDir, 'db', 'metadata.json'), 'utf8').catch(() => undefined);
}

async function hasDb(cacheDir: string): Promise<boolean> {
  for (const file of dbFiles(cacheDir)) {
    try {
      if (!(await stat(file)).isFile()) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Makes the vulnerability DB ready for every scan of this job (which then run with
 * --skip-db-update): restore it from the cache service, let Trivy refresh it when stale,
 * and save it back. Nothing to do in client/server mode or for an air-gapped DB.
 */
/** What the scans will use: the DB's UpdatedAt from metadata.json (undefined when it has none). */
export interface TrivyDatabaseInfo {
  updatedAt: string | undefined;
}

/** `UpdatedAt` of metadata.json, as Trivy wrote it (RFC 3339); undefined when absent or unreadable. */
export function dbUpdatedAt(metadata: string | undefined): string | undefined {
  if (metadata === undefined) return undefined;
  try {
    const value = (JSON.parse(metadata) as { UpdatedAt?: unknown }).UpdatedAt;
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
  } catch {
    return undefined;
  }
}

async function databaseInfo(config: DatabaseConfig): Promise<TrivyDatabaseInfo> {
  const updatedAt = dbUpdatedAt(await dbMetadata(config.cacheDir));
  config.log.info(`Trivy DB: updated ${updatedAt ?? 'at an unknown time (no UpdatedAt in metadata.json)'}`);
  return { updatedAt };
}

/** Returns the DB's date; undefined in client/server mode, where the server's DB is not visible. */
export async function prepareTrivyDatabase(config: DatabaseConfig): Promise<TrivyDatabaseInfo | undefined> {
  const { log } = config;
  if (config.server !== undefined && config.server !== '') {
    log.info(`Trivy DB: client/server mode, the DB lives on ${config.server}`);
    return undefined;
  }
  if (config.skipDbUpdate) {
    if (!(await hasDb(config.cacheDir))) {
      throw new GateError('scan-error', `skip-db-update is set but there is no Trivy DB in ${config.cacheDir}`, {
        remedy:
          "Prepare the DB in 'trivy-cache-dir' (db/trivy.db and db/metadata.json, e.g. from `trivy image --download-db-only --cache-dir DIR`), or set 'skip-db-update: false'.",
        details: dbFiles(config.cacheDir).map((f) => `missing or unreadable: ${f}`),
      });
    }
    log.info(`Trivy DB: skip-db-update, using the DB in ${config.cacheDir} as it is`);
    return databaseInfo(config);
  }

  // The cache comes first: a fresh DB from it means Trivy makes no network call at all.
  await config.cache.restore(config.cacheDir);
  const before = await dbMetadata(config.cacheDir);
  const repository = await downloadFromFirstWorkingRepository(config);
  // Trivy keeps a DB whose NextUpdate has not passed: say whether anything was fetched.
  const fetched = (await dbMetadata(config.cacheDir)) !== before;
  log.info(fetched ? `Trivy DB: downloaded from ${repository}` : `Trivy DB: the DB in ${config.cacheDir} is current; nothing downloaded`);
  await config.cache.save(config.cacheDir);
  return databaseInfo(config);
}

async function downloadFromFirstWorkingRepository(config: DatabaseConfig): Promise<string> {
  const { log } = config;
  if (config.dbRepositories.length === 0) {
    throw new GateError('input-error', "input 'db-repository': no repository to download the Trivy DB from", {
      remedy: 'for example: db-repository: mirror.gcr.io/aquasec/trivy-db:2',
    });
  }
  const attempts: DbDownloadAttempt[] = [];
  await mkdir(config.workDir, { recursive: true });
  for (const [index, repository] of config.dbRepositories.entries()) {
    const next = index + 1 < config.dbRepositories.length ? 'trying the next repository' : 'no repository left';
    for (let attempt = 0; ; attempt++) {
      const run = await runTrivy({
        trivyPath: config.trivyPath,
        trivySha256: config.trivySha256,
        args: buildDbDownloadArgs({ repository, cacheDir: config.cacheDir, timeoutSeconds: config.timeoutSeconds }),
        cwd: config.workDir,
        killAfterMs: config.timeoutSeconds * 1000 + config.killMarginMs,
        onLine: (line) => log.info(line),
      });
      if (run.exitCode === 0 && run.killedAfterSeconds === undefined) return repository;

      const failure = classifyTrivyFailure({
        operation: 'db-download',
        subject: repository,
        exitCode: run.exitCode,
        signal: run.signal,
        killedAfterSeconds: run.killedAfterSeconds,
        stderr: run.stderr,
      });
      attempts.push({ repository, failure });
      const delay = config.retryDelaysMs[attempt];
      if (failure.retryable && delay !== undefined) {
        log.warning(`Trivy DB: ${repository}: ${failure.why}; retrying in ${Math.round(delay / 1000)}s`);
        await config.sleep(delay);
        continue;
      }
      log.warning(`Trivy DB: ${repository}: ${failure.why}; ${next}`);
      break;
    }
  }
  throw dbDownloadError(attempts);
}
