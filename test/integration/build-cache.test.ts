import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder, type BuildRequest } from '../../src/adapters/docker/image-builder.js';
import { createTrivyScanner } from '../../src/adapters/trivy/scanner.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { buildCacheDescriptions, buildCacheIds, pruneBuildCacheRecords } from './build-cache-helpers.js';
import { busyboxContext, engineFor, recordingLog, removeImage, savedImage } from './docker-helpers.js';

/*
 * A fresh engine reuses the layers of the image that passed last time: build with inline
 * cache, push, remove the image and every build-cache record this build made (only those:
 * the engine and its cache are shared), rebuild with cache-from against the registry.
 */

const RUN = (script: string): string => `RUN ["/bin/busybox", "sh", "-c", ${JSON.stringify(script)}]`;
const NONCE = randomBytes(8).toString('hex');

let env: TestEnv;
let engine: DockerEngine;
const images: string[] = [];
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
});

afterAll(async () => {
  for (const image of images) await removeImage(engine.docker, image);
  for (const cleanup of cleanups) cleanup();
});

/** The inline cache is a top-level key of the image config (not a label): read it from `docker save`. */
async function imageConfig(imageId: string): Promise<Record<string, unknown>> {
  const { outer } = await savedImage(engine.docker, imageId);
  const config = outer.get(`${imageId.replace(/^sha256:/, '')}.json`);
  if (!config) throw new Error(`docker save of ${imageId} has no config`);
  return JSON.parse(config.toString('utf8')) as Record<string, unknown>;
}

async function hasInlineCache(imageId: string): Promise<boolean> {
  return 'moby.buildkit.cache.v0' in (await imageConfig(imageId));
}

function dockerCli(configDir: string, args: string[], input?: string): string {
  return execFileSync(env.dockerCli, ['--config', configDir, ...args], {
    env: { ...process.env, DOCKER_HOST: env.dockerHost },
    encoding: 'utf8',
    ...(input !== undefined && { input }),
  });
}

describe('build cache across engines (cache-from + inline cache)', () => {
  it('rebuilds from the registry with every step CACHED, the same layers and config, and the image still scans', async () => {
    // The nonce comes first, so every record of this build is this test's own.
    const ctx = busyboxContext(env, {
      'nonce.txt': NONCE,
      'app.txt': 'app\n',
      Dockerfile: [
        'FROM scratch',
        'COPY nonce.txt /nonce.txt',
        'COPY busybox /bin/busybox',
        RUN(`mkdir -p /app && cat /nonce.txt > /app/id-${NONCE}`),
        'COPY app.txt /app/app.txt',
        RUN('cp /app/app.txt /app/copy && echo built > /app/stamp'),
        '',
      ].join('\n'),
    });
    cleanups.push(ctx.cleanup);
    const reference = `${env.registry}/csg-i19/build-cache:${NONCE}`;
    const registryAuth = { server: env.registry, username: env.registryUser, password: env.registryPassword };
    const builder = createDockerImageBuilder(engine, { builder: 'buildkit' });
    const request: BuildRequest = {
      context: ctx.dir,
      dockerfile: 'Dockerfile',
      buildArgs: {},
      buildSecrets: [],
      target: undefined,
      labels: { 'org.opencontainers.image.title': 'csg-i19-build-cache' },
      noCache: false,
      network: 'none',
      cache: { from: [reference], inline: true },
      registryAuth,
    };

    const before = await buildCacheIds(engine.docker);
    // The reference does not exist yet: BuildKit skips it and builds every step.
    const first = await builder.buildImage(request, recordingLog());
    images.push(first.imageId);
    expect(await hasInlineCache(first.imageId)).toBe(true);
    const firstConfig = await imageConfig(first.imageId);

    const configDir = mkdtempSync(path.join(tmpdir(), 'csg-i19-docker-config-'));
    cleanups.push(() => rmSync(configDir, { recursive: true, force: true }));
    dockerCli(configDir, ['login', '--username', env.registryUser, '--password-stdin', env.registry], env.registryPassword);
    dockerCli(configDir, ['tag', first.imageId, reference]);
    dockerCli(configDir, ['push', reference]);

    // Now this engine forgets the build: no image, no tag, none of this build's cache records.
    await removeImage(engine.docker, reference);
    await removeImage(engine.docker, first.imageId);
    const made = [...(await buildCacheIds(engine.docker))].filter((id) => !before.has(id));
    expect(made.length).toBeGreaterThan(0);
    // Records of other builds running right now may be in the difference and in use; ours are not.
    await pruneBuildCacheRecords(engine.docker, made);
    const remaining = (await buildCacheDescriptions(engine.docker)).join('\n');
    expect(remaining).not.toContain(`/app/id-${NONCE}`);
    await expect(engine.docker.getImage(first.imageId).inspect()).rejects.toThrow();

    const log = recordingLog();
    const again = await builder.buildImage(request, log);
    images.push(again.imageId);
    const output = log.all();
    expect(output).toContain(`importing cache manifest from ${reference}`);
    // Three COPY and two RUN steps (`#N [k/5] …`), every one reported `#N CACHED`, none run again.
    const steps = [...output.matchAll(/^#(\d+) \[\d\/5\] /gm)].map((m) => m[1]!);
    expect(steps).toHaveLength(5);
    for (const step of steps) expect(output).toMatch(new RegExp(`^#${step} CACHED$`, 'm'));
    // Same layers and the same config, field for field. Only the inline-cache metadata may
    // differ: Engine 20.10's BuildKit (v0.8) writes the per-layer links of steps it ran, but not
    // of steps it took from a remote cache, so there the ID differs although nothing else does.
    const { ['moby.buildkit.cache.v0']: firstCache, ...firstRest } = firstConfig;
    const { ['moby.buildkit.cache.v0']: againCache, ...againRest } = await imageConfig(again.imageId);
    expect(againRest).toEqual(firstRest);
    expect(firstCache).toBeTruthy();
    expect(againCache).toBeTruthy();
    if (againCache === firstCache) expect(again.imageId).toBe(first.imageId);
    expect(output).not.toContain(env.registryPassword);

    // The gate still scans what it rebuilt: the report is about this exact image ID.
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'csg-i19-trivy-'));
    cleanups.push(() => rmSync(cacheDir, { recursive: true, force: true }));
    cpSync(path.join(env.trivyCacheDir, 'db'), path.join(cacheDir, 'db'), { recursive: true });
    const scanner = createTrivyScanner({
      trivyPath: env.trivyPath,
      cacheDir,
      timeoutSeconds: 120,
      scanners: ['vuln', 'secret'],
      dbRepositories: ['unused.invalid/db'],
      skipDbUpdate: true,
      workDir: path.join(cacheDir, 'work'),
      log: { info: () => undefined, warning: () => undefined },
      dockerHost: env.dockerHost,
    });
    await scanner.prepareDatabase();
    const report = await scanner.scanImage({ ref: again.imageId, id: again.imageId });
    expect(report.Metadata?.ImageID).toBe(again.imageId);
  }, 240_000);

  it('writes no inline cache when the plan says not to (pull requests): a different config, so a different ID', async () => {
    const ctx = busyboxContext(env, { 'nonce.txt': `${NONCE}-pr`, Dockerfile: 'FROM scratch\nCOPY nonce.txt /nonce.txt\nCOPY busybox /bin/busybox\n' });
    cleanups.push(ctx.cleanup);
    const builder = createDockerImageBuilder(engine, { builder: 'buildkit' });
    const base: BuildRequest = { context: ctx.dir, dockerfile: 'Dockerfile', buildArgs: {}, buildSecrets: [], target: undefined, labels: {}, noCache: false, network: 'none' };
    const withInline = await builder.buildImage({ ...base, cache: { from: [], inline: true } }, recordingLog());
    const readOnly = await builder.buildImage({ ...base, cache: { from: [], inline: false } }, recordingLog());
    images.push(withInline.imageId, readOnly.imageId);
    expect(readOnly.imageId).not.toBe(withInline.imageId);
    expect(await hasInlineCache(withInline.imageId)).toBe(true);
    expect(await hasInlineCache(readOnly.imageId)).toBe(false);
  }, 120_000);
});
