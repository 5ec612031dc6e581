import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheService } from '../../src/adapters/cache/db-cache.js';
import { createActionsLayerCache, layerCacheKeys, layerCachePaths } from '../../src/adapters/cache/layer-cache.js';
import { planBuildCache } from '../../src/domain/caching/build-cache.js';
import { decideCacheWrites } from '../../src/domain/caching/cache-writes.js';
import { buildFilesystemScanArgs, buildImageScanArgs } from '../../src/domain/trivy-args.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** @actions/cache's lookup rule (exact key, then the newest entry under each prefix); entries are immutable. */
function memoryService(entries: Map<string, number>, available = true) {
  const calls: string[] = [];
  const service: CacheService = {
    isFeatureAvailable: () => available,
    restoreCache(_paths, primaryKey, restoreKeys = []) {
      calls.push(`restore ${primaryKey}`);
      if (entries.has(primaryKey)) return Promise.resolve(primaryKey);
      for (const prefix of restoreKeys) {
        const hit = [...entries.keys()].filter((e) => e.startsWith(prefix)).sort().at(-1);
        if (hit) return Promise.resolve(hit);
      }
      return Promise.resolve(undefined);
    },
    saveCache(_paths, key) {
      calls.push(`save ${key}`);
      if (entries.has(key)) return Promise.reject(new Error(`Unable to reserve cache with key ${key}`));
      entries.set(key, 1);
      return Promise.resolve(1);
    },
  };
  return { service, calls };
}

function cacheDir(bytes: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'csg-layer-cache-'));
  dirs.push(dir);
  if (bytes > 0) {
    mkdirSync(path.join(dir, 'fanal'));
    writeFileSync(path.join(dir, 'fanal', 'fanal.db'), Buffer.alloc(bytes));
  }
  return dir;
}

const log = { info: () => undefined, warning: () => undefined };

describe('decideCacheWrites: who may write caches others read', () => {
  it.each([
    ['push', 'refs/heads/main', 'main', false, true],
    ['schedule', 'refs/heads/main', 'main', false, true],
    ['push', 'refs/heads/release', 'main', true, true],
    ['push', 'refs/tags/v1.2.3', 'main', true, true],
    ['push', 'refs/heads/feature', 'main', false, false],
    ['push', 'refs/tags/v1.2.3', 'main', false, false],
    ['pull_request', 'refs/pull/7/merge', 'main', false, false],
    // Runs in the base branch's cache scope while building the pull request's code.
    ['pull_request_target', 'refs/heads/main', 'main', true, false],
    ['workflow_dispatch', 'refs/heads/feature', undefined, false, false],
  ] as const)('%s on %s (default %s, protected %s) → %s', (eventName, ref, defaultBranch, refProtected, allowed) => {
    const writes = decideCacheWrites({ eventName, ref, ...(defaultBranch && { defaultBranch }) }, refProtected);
    expect(writes.allowed).toBe(allowed);
    expect(writes.why).not.toBe('');
  });
});

describe('planBuildCache', () => {
  const base = { cacheFrom: undefined, cacheTo: 'inline', noCache: false, publishedReference: 'ghcr.io/acme/app:latest', pushEnabled: true, eventName: 'push' } as const;
  it.each([
    ['a push reads the published baseline and writes inline cache', base, ['ghcr.io/acme/app:latest'], true],
    ['a pull request reads but never writes', { ...base, pushEnabled: false, eventName: 'pull_request' }, ['ghcr.io/acme/app:latest'], false],
    ['pull_request_target with push: true still never writes', { ...base, eventName: 'pull_request_target' }, ['ghcr.io/acme/app:latest'], false],
    ['push: false writes nothing (nothing would carry it)', { ...base, pushEnabled: false }, ['ghcr.io/acme/app:latest'], false],
    ['cache-to: none', { ...base, cacheTo: 'none' }, ['ghcr.io/acme/app:latest'], false],
    ['cache-from: none', { ...base, cacheFrom: [] }, [], true],
    ['explicit cache-from', { ...base, cacheFrom: ['ghcr.io/acme/app:main', 'ghcr.io/acme/base:1'] }, ['ghcr.io/acme/app:main', 'ghcr.io/acme/base:1'], true],
    ['no-cache turns both off', { ...base, noCache: true }, [], false],
  ] as const)('%s', (_name, request, from, inline) => {
    const plan = planBuildCache({ ...request, cacheFrom: request.cacheFrom ? [...request.cacheFrom] : undefined });
    expect(plan.from).toEqual(from);
    expect(plan.inline).toBe(inline);
  });
});

describe('Trivy scan cache flags', () => {
  const options = { cacheDir: '/c', timeoutSeconds: 60, scanners: ['vuln', 'secret'] as const, outputFile: '/o.json', skipDbUpdate: false };
  it('image scans with the layer cache use the fs backend; the default and the context scan stay in memory', () => {
    const cacheBackend = (args: string[]) => args[args.indexOf('--cache-backend') + 1];
    expect(cacheBackend(buildImageScanArgs({ ...options, image: 'sha256:1', scanCache: 'layers' }))).toBe('fs');
    expect(cacheBackend(buildImageScanArgs({ ...options, image: 'sha256:1' }))).toBe('memory');
    expect(cacheBackend(buildFilesystemScanArgs({ ...options, target: '/ctx' }))).toBe('memory');
  });
});

describe('Actions layer cache', () => {
  const trivy = { trivyVersion: '0.74.0', scanners: ['vuln', 'secret'] };
  it('keys by OS, Trivy version and scanner set (order-free); one new key per saving run, restored by prefix', () => {
    const keys = layerCacheKeys({ os: 'linux', ...trivy, scanners: ['secret', 'vuln', 'secret'], runId: '42-1' });
    expect(keys).toEqual({ primary: 'trivy-layers-linux-0.74.0-secret+vuln-42-1', restore: ['trivy-layers-linux-0.74.0-secret+vuln-'] });
    expect(layerCacheKeys({ os: 'linux', ...trivy, scanners: ['vuln'], runId: '42-1' }).restore[0]).not.toBe(keys.restore[0]);
    expect(layerCacheKeys({ os: 'linux', ...trivy, trivyVersion: '0.75.0', runId: '42-1' }).restore[0]).not.toBe(keys.restore[0]);
    expect(layerCachePaths('/t')).toEqual(['/t/fanal']);
  });

  it('a protected run saves what it added under its own key', async () => {
    const entries = new Map<string, number>();
    const { service, calls } = memoryService(entries);
    const dir = cacheDir(0);
    const cache = createActionsLayerCache({ log, ...trivy, writes: { allowed: true, why: 'main' }, runId: '1-1', os: 'linux', service });
    await cache.restore(dir);
    mkdirSync(path.join(dir, 'fanal'));
    writeFileSync(path.join(dir, 'fanal', 'fanal.db'), Buffer.alloc(4096));
    await cache.save(dir);
    expect(calls).toEqual(['restore trivy-layers-linux-0.74.0-secret+vuln-1-1', 'save trivy-layers-linux-0.74.0-secret+vuln-1-1']);
  });

  it('a pull request (or any run that may not write) restores but never saves', async () => {
    const entries = new Map([['trivy-layers-linux-0.74.0-secret+vuln-1-1', 1]]);
    const { service, calls } = memoryService(entries);
    const dir = cacheDir(0);
    const cache = createActionsLayerCache({ log, ...trivy, writes: { allowed: false, why: 'pull_request' }, runId: '2-1', os: 'linux', service });
    await cache.restore(dir);
    writeFileSync(path.join(dir, 'grown'), 'x');
    mkdirSync(path.join(dir, 'fanal'), { recursive: true });
    writeFileSync(path.join(dir, 'fanal', 'fanal.db'), Buffer.alloc(8192));
    await cache.save(dir);
    expect(calls).toEqual(['restore trivy-layers-linux-0.74.0-secret+vuln-2-1']);
  });

  it('saves nothing when the scan added nothing, and never fails the run when the service does', async () => {
    const { service, calls } = memoryService(new Map());
    const dir = cacheDir(8192);
    const cache = createActionsLayerCache({ log, ...trivy, writes: { allowed: true, why: 'main' }, runId: '3-1', os: 'linux', service });
    await cache.restore(dir);
    await cache.save(dir);
    expect(calls.filter((c) => c.startsWith('save'))).toEqual([]);

    const broken: CacheService = { isFeatureAvailable: () => true, restoreCache: () => Promise.reject(new Error('503')), saveCache: () => Promise.reject(new Error('503')) };
    const warnings: string[] = [];
    const failing = createActionsLayerCache({ log: { info: () => undefined, warning: (l) => warnings.push(l) }, ...trivy, writes: { allowed: true, why: 'main' }, runId: '4-1', os: 'linux', service: broken });
    const empty = cacheDir(0);
    await failing.restore(empty);
    mkdirSync(path.join(empty, 'fanal'));
    writeFileSync(path.join(empty, 'fanal', 'fanal.db'), Buffer.alloc(4096));
    await failing.save(empty);
    expect(warnings.map((w) => w.split(':')[0])).toEqual(['Trivy layer cache', 'Trivy layer cache']);
  });
});
