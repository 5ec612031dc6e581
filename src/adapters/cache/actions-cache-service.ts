/** The part of @actions/cache the cache adapters use, so tests can stand in for the service. */
export interface CacheService {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

/**
 * @actions/cache, loaded only where the cache service can answer: it is the largest module the
 * action loads (it carries the Azure storage SDK), and runners without the service (act, GHES
 * without it, self-hosted runners) would load it on every run only to be told it is unavailable.
 * The module decides availability from ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL; with neither
 * set it can only say no, so it is not loaded to say so.
 */
const unavailable: CacheService = {
  isFeatureAvailable: () => false,
  restoreCache: () => Promise.resolve(undefined),
  saveCache: () => Promise.reject(new Error('no cache service on this runner')),
};

let service: Promise<CacheService> | undefined;

export function actionsCacheService(): Promise<CacheService> {
  if (!process.env.ACTIONS_CACHE_URL && !process.env.ACTIONS_RESULTS_URL) return Promise.resolve(unavailable);
  return (service ??= import('@actions/cache'));
}

/** `given` (tests stand in for the service), else actionsCacheService(), resolved once on first use. */
export function lazyCacheService(given: CacheService | undefined): () => Promise<CacheService> {
  let resolved = given;
  return async () => (resolved ??= await actionsCacheService());
}
