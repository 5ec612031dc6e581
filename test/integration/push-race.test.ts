// The race the push design exists for: while the gate pushes the scanned image, another
// process on the same engine keeps pointing the target `name:tag` at an unscanned image.
// Pushing by the engine's tag would publish that image under the trusted tag; pushing the
// engine's export of the scanned ID by digest, then tagging in the registry, never does.
// A watcher polls the registry throughout: at no moment may the tag serve another config.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { exportImage } from '../../src/adapters/docker/image-export.js';
import { createDockerImageBuilder } from '../../src/adapters/docker/image-builder.js';
import { createImagePublisher } from '../../src/adapters/registry/image-publisher.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { startRetagRacer } from '../support/retag-racer.js';
import { busyboxContext, engineFor, recordingLog, removeImage } from './docker-helpers.js';

const RUN_ID = randomBytes(6).toString('hex');
const ROUNDS = 5;

let env: TestEnv;
let engine: DockerEngine;
let scanned: string;
let unscanned: string;
let tempRoot: string;
const repositories: string[] = [];

const authorization = (): string => `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}`;

/** Config digest the registry serves for `repository:tag` right now (undefined: no such tag yet). */
async function servedConfig(repository: string, tag: string): Promise<string | undefined> {
  const response = await fetch(`http://${env.registry}/v2/${repository}/manifests/${tag}`, {
    headers: { authorization: authorization(), accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
  });
  // distribution's filesystem driver rewrites a tag's link in place, so a read racing the
  // tag PUT can fail with 500; that serves nothing, so it is not a config seen under the tag.
  if (response.status === 404 || response.status === 500) {
    await response.body?.cancel();
    return undefined;
  }
  expect(response.status).toBe(200);
  return ((await response.json()) as { config?: { digest?: string } }).config?.digest ?? '(no config)';
}

/** Polls the tag until stopped; returns every config it saw served. */
function watch(repository: string, tag: string): { stop(): Promise<Set<string>> } {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const config = await servedConfig(repository, tag);
      if (config !== undefined) seen.add(config);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  };
}

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
  tempRoot = mkdtempSync(path.join(tmpdir(), 'csg-i13a-race-'));
  const ctx = busyboxContext(env, { Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\n' });
  try {
    const images = createDockerImageBuilder(engine);
    const base = { context: ctx.dir, dockerfile: 'Dockerfile', buildArgs: {}, buildSecrets: [], target: undefined, noCache: false, network: 'none' as const };
    scanned = (await images.buildImage({ ...base, labels: { 'test.run': RUN_ID, scanned: 'yes' } }, recordingLog())).imageId;
    unscanned = (await images.buildImage({ ...base, labels: { 'test.run': RUN_ID, scanned: 'no' } }, recordingLog())).imageId;
  } finally {
    ctx.cleanup();
  }
});

afterAll(async () => {
  for (const repository of repositories) {
    for (const tag of ['trusted']) {
      const head = await fetch(`http://${env.registry}/v2/${repository}/manifests/${tag}`, { method: 'HEAD', headers: { authorization: authorization(), accept: 'application/vnd.oci.image.manifest.v1+json' } }).catch(() => undefined);
      const digest = head?.headers.get('docker-content-digest');
      if (digest) await fetch(`http://${env.registry}/v2/${repository}/manifests/${digest}`, { method: 'DELETE', headers: { authorization: authorization() } }).catch(() => undefined);
    }
    await engine.docker.getImage(`${env.registry}/${repository}:trusted`).remove({ noprune: true }).catch(() => undefined);
  }
  for (const id of [scanned, unscanned]) if (id) await removeImage(engine.docker, id);
  rmSync(tempRoot, { recursive: true, force: true });
});

describe('a neighbour retags the target on the shared engine during the push', () => {
  it(`the registry's target tags serve the scanned config at every moment, over ${ROUNDS} rounds`, { timeout: 120_000 }, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const repository = `csg-i13a/race-${RUN_ID}-${round}`;
      repositories.push(repository);
      const target = `${env.registry}/${repository}:trusted`;
      const racer = startRetagRacer(env.dockerHost, target, [unscanned, scanned]);
      // Let the neighbour win the engine's tag before the push starts.
      while (racer.retags() < 5) await new Promise((resolve) => setTimeout(resolve, 5));
      const watcher = watch(repository, 'trusted');
      const before = racer.retags();
      const log = recordingLog();
      try {
        // What the gate's push phase does with the live ports: publish by digest, then tag.
        const publisher = createImagePublisher({
          registry: env.registry,
          credentials: { username: env.registryUser, password: env.registryPassword },
          exportImage: (id, workDir) => exportImage(engine, id, workDir),
          tempRoot,
          log,
        });
        const published = await publisher.publishManifest(scanned, repository);
        await publisher.tag(repository, published.digest, ['trusted', `round-${round}`]);
      } finally {
        await racer.stop();
      }
      const seen = await watcher.stop();
      // The neighbour really was moving the tag in the engine while the push ran.
      expect(racer.retags() - before, `round ${round}: the racer did not run during the push`).toBeGreaterThan(0);
      expect([...seen], `round ${round}: configs served under the target tag`).toEqual([scanned]);
      expect(await servedConfig(repository, 'trusted')).toBe(scanned);
      expect(await servedConfig(repository, `round-${round}`)).toBe(scanned);
    }
  });
});
