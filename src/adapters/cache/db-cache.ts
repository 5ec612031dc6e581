import { join } from 'node:path';
import { lazyCacheService, type CacheService } from './actions-cache-service.js';

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

export type { CacheService } from './actions-cache-service.js';

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
  const cacheService = lazyCacheService(options.service);
  const os = options.os ?? process.platform;
  const now = options.now ?? (() => new Date());
  const { log } = options;
  let keys: { primary: string; restore: string[] } | undefined;
  let exactHit = false;

  function available(service: CacheService, action: string): boolean {
    if (service.isFeatureAvailable()) return true;
    // act, GHES without the cache service, or a local run: continue without it.
    (log.notice ?? log.info)(`Trivy DB cache: no cache service on this runner (act, GHES without cache); ${action}`);
    return false;
  }

  return {
    async restore(cacheDir) {
      const service = await cacheService();
      keys = dbCacheKeys(os, now());
      if (!available(service, 'the DB will be downloaded')) return false;
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
      const service = await cacheService();
      const key = (keys ?? dbCacheKeys(os, now())).primary;
      if (exactHit) {
        log.info(`Trivy DB cache: ${key} is already saved`);
        return;
      }
      if (!available(service, 'the DB is not saved')) return;
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
