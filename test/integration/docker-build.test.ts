import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDockerEngine, type BuilderKind, type DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder, type BuildRequest } from '../../src/adapters/docker/image-builder.js';
import { GateError } from '../../src/domain/gate-error.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { busyboxContext, engineFor, imageFiles, recordingLog, removeDanglingImagesMentioning, removeImage } from './docker-helpers.js';

const RUN = (script: string): string => `RUN ["/bin/busybox", "sh", "-c", ${JSON.stringify(script)}]`;

const MULTI_STAGE = [
  'FROM scratch AS base',
  'COPY busybox /bin/busybox',
  'ARG GREETING=unset',
  RUN('echo "$GREETING" > /greeting'),
  'FROM base AS final',
  RUN('echo final > /stage'),
  'FROM base AS other',
  RUN('echo other > /stage'),
  '',
].join('\n');

let env: TestEnv;
let engine: DockerEngine;
const built: string[] = [];
const MARKER = `csg-run-${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
});

afterAll(async () => {
  for (const id of built) await removeImage(engine.docker, id);
  await removeDanglingImagesMentioning(engine.docker, MARKER);
});

function request(dir: string, overrides: Partial<BuildRequest> = {}): BuildRequest {
  return {
    context: dir,
    dockerfile: 'Dockerfile',
    buildArgs: {},
    buildSecrets: [],
    target: undefined,
    labels: {},
    noCache: false,
    network: 'none',
    ...overrides,
  };
}

const BUILDERS: BuilderKind[] = ['buildkit', 'classic'];

describe.each(BUILDERS)('image build with the %s builder', (builder) => {
  it('applies build args, target and labels, and reports facts', async () => {
    const ctx = busyboxContext(env, { Dockerfile: MULTI_STAGE });
    try {
      const log = recordingLog();
      const images = createDockerImageBuilder(engine, { builder });
      const labels = { 'org.opencontainers.image.title': 'csg-test', 'com.example.build': builder };
      const result = await images.buildImage(request(ctx.dir, { buildArgs: { GREETING: 'hello-arg' }, target: 'final', labels, noCache: true }), log);
      built.push(result.imageId);
      expect(result).toMatchObject({ builder, network: 'none' });
      expect(result.imageId).toMatch(/^sha256:[a-f0-9]{64}$/);

      const files = await imageFiles(engine.docker, result.imageId);
      expect(files.get('greeting')?.toString()).toBe('hello-arg\n');
      expect(files.get('stage')?.toString()).toBe('final\n');

      const facts = await images.inspectImageFacts(result.imageId);
      expect(facts.id).toBe(result.imageId);
      expect(facts.labels).toMatchObject(labels);
      expect(facts.user).toBe('');
      expect(facts.healthcheck).toBeUndefined();
      expect(facts.sizeBytes).toBeGreaterThan(500_000);
      // Oldest first: the COPY of busybox comes before the final stage's RUN.
      // (BuildKit records `COPY busybox /bin/busybox`, the classic builder `#(nop) COPY file:… in /bin/busybox`.)
      const copy = facts.history.findIndex((h) => /COPY .*\/bin\/busybox/.test(h.createdBy));
      const finalRun = facts.history.findIndex((h) => h.createdBy.includes('echo final'));
      expect(copy).toBeGreaterThanOrEqual(0);
      expect(finalRun).toBeGreaterThan(copy);
      expect(facts.history.some((h) => h.createdBy.includes('echo other'))).toBe(false);
      // The build output reached the log.
      expect(log.all()).toMatch(/echo final/);
    } finally {
      ctx.cleanup();
    }
  });

  it('sends the context filtered by .dockerignore', async () => {
    const ctx = busyboxContext(env, {
      Dockerfile: 'FROM scratch\nCOPY . /ctx/\n',
      '.dockerignore': 'secret.txt\ndocs\n!docs/README.md\n**/*.log\nbusybox\n',
      'secret.txt': 'do not ship',
      'app.txt': 'app',
      'docs/README.md': 'readme',
      'docs/internal.md': 'internal',
      'deep/er/trace.log': 'log',
      'deep/er/keep.txt': 'keep',
    });
    try {
      const result = await createDockerImageBuilder(engine, { builder }).buildImage(request(ctx.dir), recordingLog());
      built.push(result.imageId);
      const files = [...(await imageFiles(engine.docker, result.imageId)).keys()].filter((f) => f.startsWith('ctx/')).sort();
      expect(files).toEqual(expect.arrayContaining(['ctx/app.txt', 'ctx/docs/README.md', 'ctx/deep/er/keep.txt']));
      expect(files).not.toContain('ctx/secret.txt');
      expect(files).not.toContain('ctx/docs/internal.md');
      expect(files).not.toContain('ctx/deep/er/trace.log');
      expect(files).not.toContain('ctx/busybox');
    } finally {
      ctx.cleanup();
    }
  });

  it('reports a failing step as build-error with that step\'s output', async () => {
    const ctx = busyboxContext(env, {
      Dockerfile: ['FROM scratch', 'COPY busybox /bin/busybox', RUN(`echo preparing-ok ${MARKER}`), RUN('echo boom-marker-$((6*7)) >&2; exit 3'), RUN('echo never'), ''].join('\n'),
    });
    try {
      const log = recordingLog();
      const failure = await createDockerImageBuilder(engine, { builder })
        .buildImage(request(ctx.dir, { noCache: true }), log)
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(GateError);
      const error = failure as GateError;
      expect(error.reason).toBe('build-error');
      expect(error.message).toMatch(/exit code|non-zero code/);
      const details = error.details.join('\n');
      expect(details).toContain('boom-marker-42');
      expect(details).toMatch(/exit 3/);
      expect(details).not.toContain('never');
      expect(details).not.toContain('preparing-ok');
      expect(log.all()).toContain('boom-marker-42');
    } finally {
      ctx.cleanup();
    }
  });

  it('gives RUN steps the host network only when asked', async () => {
    const ctx = busyboxContext(env, { Dockerfile: ['FROM scratch', 'COPY busybox /bin/busybox', RUN('/bin/busybox ls /sys/class/net > /nets'), ''].join('\n') });
    try {
      const images = createDockerImageBuilder(engine, { builder });
      const none = await images.buildImage(request(ctx.dir, { network: 'none', noCache: true }), recordingLog());
      const host = await images.buildImage(request(ctx.dir, { network: 'host', noCache: true }), recordingLog());
      built.push(none.imageId, host.imageId);
      const nets = async (id: string): Promise<string[]> => ((await imageFiles(engine.docker, id)).get('nets')?.toString() ?? '').split('\n').filter(Boolean);
      expect(await nets(none.imageId)).toEqual(['lo']);
      expect((await nets(host.imageId)).length).toBeGreaterThan(1);
    } finally {
      ctx.cleanup();
    }
  });
});

describe('image build: engine-specific behaviour', () => {
  it("maps network 'default' to no network when the engine has no bridge (BuildKit would fail)", async () => {
    const bridge = await engine.docker
      .getNetwork('bridge')
      .inspect()
      .then(() => true)
      .catch(() => false);
    const ctx = busyboxContext(env, { Dockerfile: ['FROM scratch', 'COPY busybox /bin/busybox', RUN('/bin/busybox ls /sys/class/net > /nets'), ''].join('\n') });
    try {
      const log = recordingLog();
      const result = await createDockerImageBuilder(engine, { builder: 'buildkit' }).buildImage(request(ctx.dir, { network: 'default', noCache: true }), log);
      built.push(result.imageId);
      if (bridge) {
        expect(result.network).toBe('default');
      } else {
        expect(result.network).toBe('none');
        expect(log.warnings.join('\n')).toMatch(/no default bridge network/);
        expect((await imageFiles(engine.docker, result.imageId)).get('nets')?.toString()).toBe('lo\n');
      }
    } finally {
      ctx.cleanup();
    }
  });

  it('picks BuildKit on this engine and says which builder ran', async () => {
    const ctx = busyboxContext(env, { Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\n' });
    try {
      const log = recordingLog();
      const result = await createDockerImageBuilder(engine).buildImage(request(ctx.dir), log);
      built.push(result.imageId);
      expect(engine.info.apiVersion).toMatch(/^1\.\d+$/);
      expect(result.builder).toBe('buildkit');
      expect(log.lines[0]).toMatch(/with BuildKit/);
    } finally {
      ctx.cleanup();
    }
  });

  it.each<[string, Partial<BuildRequest>, RegExp]>([
    ['an unknown target', { target: 'no-such-stage' }, /no-such-stage/],
    ['a Dockerfile syntax error', { dockerfile: 'Broken.Dockerfile' }, /unknown instruction|BOGUS/i],
  ])('rejects %s as build-error', async (_name, overrides, message) => {
    const ctx = busyboxContext(env, { Dockerfile: 'FROM scratch AS base\nCOPY busybox /bin/busybox\n', 'Broken.Dockerfile': 'FROM scratch\nBOGUS instruction\n' });
    try {
      const failure = await createDockerImageBuilder(engine)
        .buildImage(request(ctx.dir, overrides), recordingLog())
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(GateError);
      expect((failure as GateError).reason).toBe('build-error');
      expect(`${(failure as GateError).message}\n${(failure as GateError).details.join('\n')}`).toMatch(message);
    } finally {
      ctx.cleanup();
    }
  });

  it('finds the default socket when DOCKER_HOST is not set (as on GitHub-hosted runners)', async () => {
    if (env.dockerHost !== 'unix:///var/run/docker.sock') return; // only meaningful on the default socket
    const saved = process.env.DOCKER_HOST;
    delete process.env.DOCKER_HOST;
    try {
      const opened = await openDockerEngine();
      expect(opened.info.address).toBe('unix:///var/run/docker.sock');
      expect(opened.info.apiVersion).toBe(engine.info.apiVersion);
    } finally {
      if (saved !== undefined) process.env.DOCKER_HOST = saved;
    }
  });

  it('reports an unreachable engine as docker-error with a remedy', async () => {
    const failure = await openDockerEngine({ docker: new Docker({ socketPath: '/nonexistent/docker.sock' }) }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).reason).toBe('docker-error');
    expect((failure as GateError).message).toContain('unix:///nonexistent/docker.sock');
    expect((failure as GateError).remedy).toMatch(/DOCKER_HOST/);
  });

  it('reports an image that is not there as image-not-found', async () => {
    const failure = await createDockerImageBuilder(engine)
      .inspectImageFacts(`sha256:${'0'.repeat(64)}`)
      .catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe('image-not-found');
  });
});
