import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder, type BuildRequest } from '../../src/adapters/docker/image-builder.js';
import { GateError } from '../../src/domain/gate-error.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { busyboxContext, engineFor, imageFiles, recordingLog, removeImage, savedImage } from './docker-helpers.js';

const CANARY = `csg-build-secret-${randomBytes(12).toString('hex')}`;
const CANARY_SHA256 = createHash('sha256').update(CANARY).digest('hex');

const DOCKERFILE = [
  'FROM scratch',
  'COPY busybox /bin/busybox',
  // Reads the secret (proving it was there) and keeps only its hash.
  'RUN --mount=type=secret,id=canary,required=true ["/bin/busybox", "sh", "-c", "/bin/busybox sha256sum /run/secrets/canary | /bin/busybox cut -d\' \' -f1 > /canary.sha256; /bin/busybox ls /run/secrets > /mounted"]',
  // An optional secret that was not provided is skipped, not an error.
  'RUN --mount=type=secret,id=optional ["/bin/busybox", "sh", "-c", "test ! -e /run/secrets/optional && echo absent > /optional"]',
  '',
].join('\n');

let env: TestEnv;
let engine: DockerEngine;
const built: string[] = [];

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
});

afterAll(async () => {
  for (const id of built) await removeImage(engine.docker, id);
});

function request(dir: string, overrides: Partial<BuildRequest> = {}): BuildRequest {
  return {
    context: dir,
    dockerfile: 'Dockerfile',
    buildArgs: {},
    buildSecrets: [{ id: 'canary', value: CANARY }],
    target: undefined,
    labels: {},
    noCache: true,
    network: 'none',
    ...overrides,
  };
}

/** Every form in which a leaked secret could show up in raw bytes. */
function leaks(bytes: Buffer): boolean {
  return [CANARY, Buffer.from(CANARY).toString('base64'), Buffer.from(CANARY).toString('hex')].some((form) => bytes.includes(form));
}

describe('build secrets through the BuildKit session', () => {
  it('mounts the secret for RUN and leaves no trace in layers, config, history or logs', async () => {
    const ctx = busyboxContext(env, { Dockerfile: DOCKERFILE });
    try {
      const log = recordingLog();
      const images = createDockerImageBuilder(engine);
      const result = await images.buildImage(request(ctx.dir, { buildArgs: { HARMLESS: 'value' }, labels: { 'org.opencontainers.image.title': 'secret-test' } }), log);
      built.push(result.imageId);
      expect(result.builder).toBe('buildkit');

      const files = await imageFiles(engine.docker, result.imageId);
      expect(files.get('canary.sha256')?.toString().trim()).toBe(CANARY_SHA256);
      expect(files.get('mounted')?.toString().trim()).toBe('canary');
      expect(files.get('optional')?.toString().trim()).toBe('absent');

      // docker save: manifest, config JSON and every layer tar, searched as raw bytes.
      const { outer, layers } = await savedImage(engine.docker, result.imageId);
      expect(layers.size).toBeGreaterThanOrEqual(2);
      expect(outer.size).toBeGreaterThan(layers.size);
      for (const [name, bytes] of outer) expect(leaks(bytes), `${name} contains the secret`).toBe(false);
      for (const [layer, entries] of layers) {
        for (const [name, bytes] of entries) expect(leaks(bytes), `${layer}:${name} contains the secret`).toBe(false);
      }

      const facts = await images.inspectImageFacts(result.imageId);
      expect(leaks(Buffer.from(JSON.stringify(facts)))).toBe(false);
      // The step is in the history (by its command), only the value is not.
      expect(facts.history.some((h) => h.createdBy.includes('sha256sum /run/secrets/canary'))).toBe(true);
      expect(leaks(Buffer.from(log.all()))).toBe(false);
    } finally {
      ctx.cleanup();
    }
  });

  it('redacts a secret that a failing RUN step prints', async () => {
    const ctx = busyboxContext(env, {
      Dockerfile: ['FROM scratch', 'COPY busybox /bin/busybox', 'RUN --mount=type=secret,id=canary ["/bin/busybox", "sh", "-c", "echo leaked:$(/bin/busybox cat /run/secrets/canary); exit 1"]', ''].join('\n'),
    });
    try {
      const log = recordingLog();
      const failure = await createDockerImageBuilder(engine)
        .buildImage(request(ctx.dir), log)
        .catch((e: unknown) => e);
      expect((failure as GateError).reason).toBe('build-error');
      const details = (failure as GateError).details.join('\n');
      expect(details).toContain('leaked:***');
      expect(log.all()).toContain('leaked:***');
      expect(leaks(Buffer.from(`${details}\n${(failure as GateError).message}\n${log.all()}`))).toBe(false);
    } finally {
      ctx.cleanup();
    }
  });

  it('fails with build-error when a required secret is not provided', async () => {
    const ctx = busyboxContext(env, { Dockerfile: DOCKERFILE });
    try {
      const failure = await createDockerImageBuilder(engine)
        .buildImage(request(ctx.dir, { buildSecrets: [{ id: 'something-else', value: 'x-value' }] }), recordingLog())
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(GateError);
      expect((failure as GateError).reason).toBe('build-error');
      expect((failure as GateError).message).toMatch(/secret canary.*not found/);
    } finally {
      ctx.cleanup();
    }
  });

  it('refuses a build arg that carries a secret value, without echoing it', async () => {
    const ctx = busyboxContext(env, { Dockerfile: DOCKERFILE });
    try {
      const failure = await createDockerImageBuilder(engine)
        .buildImage(request(ctx.dir, { buildArgs: { TOKEN: `prefix-${CANARY}` } }), recordingLog())
        .catch((e: unknown) => e);
      expect((failure as GateError).reason).toBe('input-error');
      expect((failure as GateError).message).toMatch(/TOKEN carries the value of build secret 'canary'/);
      expect(leaks(Buffer.from(`${(failure as GateError).message}${(failure as GateError).remedy}`))).toBe(false);
    } finally {
      ctx.cleanup();
    }
  });

  it('never falls back to the classic builder for secrets', async () => {
    const ctx = busyboxContext(env, { Dockerfile: DOCKERFILE });
    try {
      const failure = await createDockerImageBuilder(engine, { builder: 'classic' })
        .buildImage(request(ctx.dir), recordingLog())
        .catch((e: unknown) => e);
      expect((failure as GateError).reason).toBe('docker-error');
      expect((failure as GateError).message).toMatch(/need BuildKit/);
    } finally {
      ctx.cleanup();
    }
  });
});
