import { afterEach, describe, expect, it, vi } from 'vitest';
import * as actionsCache from '@actions/cache';
import { actionsCacheService } from '../../src/adapters/cache/actions-cache-service.js';

describe('actionsCacheService', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('without a cache service configured, answers unavailable and never loads @actions/cache for it', async () => {
    vi.stubEnv('ACTIONS_CACHE_URL', '');
    vi.stubEnv('ACTIONS_RESULTS_URL', '');
    const service = await actionsCacheService();
    expect(service).not.toBe(actionsCache);
    expect(service.isFeatureAvailable()).toBe(false);
    expect(actionsCache.isFeatureAvailable()).toBe(false);
    expect(await service.restoreCache(['/x'], 'key')).toBeUndefined();
    await expect(service.saveCache(['/x'], 'key')).rejects.toThrow('no cache service');
  });

  it.each(['ACTIONS_CACHE_URL', 'ACTIONS_RESULTS_URL'])('with %s set, is @actions/cache itself (which decides availability)', async (name) => {
    vi.stubEnv('ACTIONS_CACHE_URL', '');
    vi.stubEnv('ACTIONS_RESULTS_URL', '');
    vi.stubEnv(name, 'http://127.0.0.1:9/');
    if (name === 'ACTIONS_RESULTS_URL') vi.stubEnv('ACTIONS_CACHE_SERVICE_V2', 'true');
    const service = await actionsCacheService();
    expect(service.restoreCache).toBe(actionsCache.restoreCache);
    expect(service.isFeatureAvailable()).toBe(true);
  });
});
