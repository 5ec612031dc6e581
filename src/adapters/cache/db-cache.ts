import { join } from 'node:path';
import * as actionsCache from '@actions/cache';

/** Keeps Trivy's vulnerability DB between runs. Never fails a run: a miss means download. */
export interface DbCache {
  /** Restores `<cacheDir>/db`; true when something was restored. */
  restore(cacheDir: string): Promise<boolean>;
  /** Saves `<cacheDir>/db` unless today's entry was already restored. */
  save(cacheDir: string): Promise<void>;
}

export interface DbCacheLog {
  info(line: string): void;
  warning(line: string): void;
  /** Something the user should see but that is not a problem (e.g. no cache service under act). */
  notice?(line: string): void;
}

/** The part of @actions/cache this adapter uses, so tests can stand in for the service. */
export interface CacheService {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

/**
 * One entry per runner OS and day: the DB is rebuilt every few hours upstream, so a
 * day-old entry is still a good start (Trivy refreshes it when its NextUpdate has passed)
 * and yesterday's entry is the fallback through the prefix restore key.
 */
export function dbCacheKeys(os: string, now: Date): { primary: string; restore: string[] } {
  const day = now.toISOString().slice(0, 10);
  const prefix = `trivy-db-${os}-`;
  return { primary: `${prefix}${day}`, restore: [prefix] };
}

/** Only the vulnerability DB: the scan cache (fanal/) holds per-image data not worth keeping. */
export function dbCachePaths(cacheDir: string): string[] {
  return [join(cacheDir, 'db')];
}

export interface ActionsDbCacheOptions {
  log: DbCacheLog;
  os?: string;
  now?: () => Date;
  service?: CacheService;
}

export function createActionsDbCache(options: ActionsDbCacheOptions): DbCache {
  const service = options.service ?? actionsCache;
  const os = options.os ?? process.platform;
  const now = options.now ?? (() => new Date());
  const { log } = options;
  let keys: { primary: string; restore: string[] } | undefined;
  let exactHit = false;

  function available(action: string): boolean {
    if (service.isFeatureAvailable()) return true;
    // act, GHES without the cache service, or a local run: continue without it.
    (log.notice ?? log.info)(`Trivy DB cache: no cache service on this runner (act, GHES without cache); ${action}`);
    return false;
  }

  return {
    async restore(cacheDir) {
      keys = dbCacheKeys(os, now());
      if (!available('the DB will be downloaded')) return false;
      try {
        const matched = await service.restoreCache(dbCachePaths(cacheDir), keys.primary, keys.restore);
        if (matched === undefined) {
          log.info(`Trivy DB cache: no entry for ${keys.primary}`);
          return false;
        }
        exactHit = matched === keys.primary;
        log.info(`Trivy DB cache: restored ${matched}`);
        return true;
      } catch (error) {
        log.warning(`Trivy DB cache: restore failed, the DB will be downloaded: ${describe(error)}`);
        return false;
      }
    },
    async save(cacheDir) {
      const key = (keys ?? dbCacheKeys(os, now())).primary;
      if (exactHit) {
        log.info(`Trivy DB cache: ${key} is already saved`);
        return;
      }
      if (!available('the DB is not saved')) return;
      try {
        const id = await service.saveCache(dbCachePaths(cacheDir), key);
        if (id !== -1) log.info(`Trivy DB cache: saved ${key}`);
      } catch (error) {
        // Another job of the same day may have saved it first; the DB is there either way.
        log.warning(`Trivy DB cache: save failed: ${describe(error)}`);
      }
    },
  };
}

/** For runs that must not touch the cache service (air-gapped DB, trivy-server, tests). */
export function createNoDbCache(): DbCache {
  return {
    restore: () => Promise.resolve(false),
    save: () => Promise.resolve(),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
