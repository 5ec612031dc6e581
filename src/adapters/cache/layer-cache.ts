import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { lazyCacheService } from './actions-cache-service.js';
import type { CacheService, DbCacheLog } from './db-cache.js';

/**
 * Keeps Trivy's scan cache for images (<cacheDir>/fanal/fanal.db: per-layer packages,
 * secrets and config files, keyed by layer digest and analyser versions) between runs.
 * Vulnerabilities are not in it: Trivy matches the cached packages against the DB at
 * report time, so a restored layer is still checked against today's advisories.
 * Never fails a run: a miss means the layers are analysed again.
 */
export interface LayerCache {
  restore(cacheDir: string): Promise<void>;
  /** Saves when this run may write and the scan added something. */
  save(cacheDir: string): Promise<void>;
}

/** Where Trivy's fs cache backend keeps its bolt DB (pkg/cache: scanCacheDirName). */
export function layerCachePaths(cacheDir: string): string[] {
  return [join(cacheDir, 'fanal')];
}

/** Above this the cache is dropped and rebuilt rather than restored and saved again and again. */
export const LAYER_CACHE_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * Entries are immutable, so every saving run writes its own key; the prefix restores the
 * newest one. The Trivy version and the scanner set are in the prefix: another Trivy or
 * another set of analysers never reads these entries (Trivy's own keys would also differ).
 */
export function layerCacheKeys(options: { os: string; trivyVersion: string; scanners: readonly string[]; runId: string }): { primary: string; restore: string[] } {
  const scanners = [...new Set(options.scanners)].sort().join('+');
  const prefix = `trivy-layers-${options.os}-${options.trivyVersion}-${scanners}-`;
  return { primary: `${prefix}${options.runId}`, restore: [prefix] };
}

export interface ActionsLayerCacheOptions {
  log: DbCacheLog;
  trivyVersion: string;
  scanners: readonly string[];
  /** decideCacheWrites: pull requests and unprotected refs only read. */
  writes: { allowed: boolean; why: string };
  /** GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT: one key per saving run. */
  runId: string;
  os?: string;
  service?: CacheService;
}

/**
 * Trivy rewrites bolt's meta and freelist pages on every open, so the bytes always change;
 * the file only grows when entries are added (new layers). A small entry that fits in free
 * pages is not saved: the next run analyses that one layer again, which is the safe side.
 */
async function cacheSize(cacheDir: string): Promise<number> {
  return stat(join(cacheDir, 'fanal', 'fanal.db')).then((s) => s.size, () => 0);
}

export function createActionsLayerCache(options: ActionsLayerCacheOptions): LayerCache {
  const cacheService = lazyCacheService(options.service);
  const keys = layerCacheKeys({ os: options.os ?? process.platform, trivyVersion: options.trivyVersion, scanners: options.scanners, runId: options.runId });
  const { log } = options;
  let restoredSize = 0;
  let saved = false;

  return {
    async restore(cacheDir) {
      const service = await cacheService();
      if (!service.isFeatureAvailable()) {
        log.info(`Trivy layer cache: no cache service on this runner; using ${layerCachePaths(cacheDir)[0]} as it is`);
      } else {
        try {
          const matched = await service.restoreCache(layerCachePaths(cacheDir), keys.primary, keys.restore);
          log.info(matched === undefined ? `Trivy layer cache: no entry for ${keys.restore[0]}*; every layer is analysed` : `Trivy layer cache: restored ${matched}`);
        } catch (error) {
          log.warning(`Trivy layer cache: restore failed, every layer is analysed: ${describe(error)}`);
        }
      }
      const size = await cacheSize(cacheDir);
      if (size > LAYER_CACHE_MAX_BYTES) {
        log.info(`Trivy layer cache: ${Math.round(size / 2 ** 20)} MiB is over the limit; starting afresh`);
        await rm(layerCachePaths(cacheDir)[0]!, { recursive: true, force: true });
      }
      restoredSize = await cacheSize(cacheDir);
    },
    async save(cacheDir) {
      const service = await cacheService();
      if (saved) return;
      saved = true;
      if (!options.writes.allowed) {
        log.info(`Trivy layer cache: not saved (${options.writes.why})`);
        return;
      }
      if (!service.isFeatureAvailable()) return;
      if ((await cacheSize(cacheDir)) <= restoredSize) {
        log.info('Trivy layer cache: nothing new to save');
        return;
      }
      try {
        const id = await service.saveCache(layerCachePaths(cacheDir), keys.primary);
        if (id !== -1) log.info(`Trivy layer cache: saved ${keys.primary}`);
      } catch (error) {
        log.warning(`Trivy layer cache: save failed: ${describe(error)}`);
      }
    },
  };
}

/** Self-hosted runners and tests: the directory simply persists (or not) on its own. */
export function createLocalLayerCache(): LayerCache {
  return { restore: () => Promise.resolve(), save: () => Promise.resolve() };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
