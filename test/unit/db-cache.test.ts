import { describe, expect, it } from 'vitest';
import { createActionsDbCache, dbCacheKeys, dbCachePaths, type CacheService } from '../../src/adapters/cache/db-cache.js';

function recordingLog() {
  const lines: string[] = [];
  return { lines, log: { info: (l: string) => lines.push(`info ${l}`), warning: (l: string) => lines.push(`warning ${l}`) } };
}

/** An in-memory cache service with @actions/cache's lookup rule: exact key, then prefixes. */
function memoryService(entries: string[], available = true) {
  const calls: string[] = [];
  const service: CacheService = {
    isFeatureAvailable: () => available,
    restoreCache(paths, primaryKey, restoreKeys = []) {
      calls.push(`restore ${paths.join(',')} ${primaryKey} [${restoreKeys.join(',')}]`);
      if (entries.includes(primaryKey)) return Promise.resolve(primaryKey);
      for (const prefix of restoreKeys) {
        const hit = entries.filter((e) => e.startsWith(prefix)).sort().at(-1);
        if (hit) return Promise.resolve(hit);
      }
      return Promise.resolve(undefined);
    },
    saveCache(paths, key) {
      calls.push(`save ${paths.join(',')} ${key}`);
      entries.push(key);
      return Promise.resolve(1);
    },
  };
  return { service, calls };
}

const now = () => new Date('2026-11-22T10:00:00Z');

describe('dbCacheKeys', () => {
  it('one key per OS and UTC day, restored by prefix', () => {
    expect(dbCacheKeys('linux', new Date('2026-11-22T23:59:59Z'))).toEqual({
      primary: 'trivy-db-linux-2026-11-22',
      restore: ['trivy-db-linux-'],
    });
    expect(dbCachePaths('/t/cache')).toEqual(['/t/cache/db']);
  });
});

describe('createActionsDbCache', () => {
  it.each([
    ['no entry: restore misses, then saves today', [], false, ['save /c/db trivy-db-linux-2026-11-22']],
    ["yesterday's entry: restores it, then saves today", ['trivy-db-linux-2026-11-21'], true, ['save /c/db trivy-db-linux-2026-11-22']],
    ["today's entry: restores it and does not save again", ['trivy-db-linux-2026-11-22'], true, []],
  ])('%s', async (_name, entries, restored, saves) => {
    const { service, calls } = memoryService([...entries]);
    const { log } = recordingLog();
    const cache = createActionsDbCache({ log, os: 'linux', now, service });
    expect(await cache.restore('/c')).toBe(restored);
    expect(calls[0]).toBe('restore /c/db trivy-db-linux-2026-11-22 [trivy-db-linux-]');
    await cache.save('/c');
    expect(calls.filter((c) => c.startsWith('save'))).toEqual(saves);
  });

  it('without a cache service (act, GHES) it continues with a notice', async () => {
    const { service, calls } = memoryService([], false);
    const { log, lines } = recordingLog();
    const cache = createActionsDbCache({ log, os: 'linux', now, service });
    expect(await cache.restore('/c')).toBe(false);
    await cache.save('/c');
    expect(calls).toEqual([]);
    expect(lines.every((l) => l.startsWith('info ') && l.includes('no cache service'))).toBe(true);
  });

  it('a failing service is a warning, never a failure', async () => {
    const { log, lines } = recordingLog();
    const broken: CacheService = {
      isFeatureAvailable: () => true,
      restoreCache: () => Promise.reject(new Error('socket hang up')),
      saveCache: () => Promise.reject(new Error('Unable to reserve cache with key x, another job may be creating this cache.')),
    };
    const cache = createActionsDbCache({ log, os: 'linux', now, service: broken });
    expect(await cache.restore('/c')).toBe(false);
    await expect(cache.save('/c')).resolves.toBeUndefined();
    expect(lines.filter((l) => l.startsWith('warning'))).toHaveLength(2);
  });

  it('the real @actions/cache without ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL is treated as absent', async () => {
    const saved = { cache: process.env.ACTIONS_CACHE_URL, results: process.env.ACTIONS_RESULTS_URL };
    delete process.env.ACTIONS_CACHE_URL;
    delete process.env.ACTIONS_RESULTS_URL;
    try {
      const { log, lines } = recordingLog();
      const cache = createActionsDbCache({ log });
      expect(await cache.restore('/nonexistent')).toBe(false);
      await cache.save('/nonexistent');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain('no cache service');
    } finally {
      if (saved.cache !== undefined) process.env.ACTIONS_CACHE_URL = saved.cache;
      if (saved.results !== undefined) process.env.ACTIONS_RESULTS_URL = saved.results;
    }
  });
});
