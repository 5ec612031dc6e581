// Build context: a large context (thousands of files, most excluded by .dockerignore) streamed
// by the project's own archive (src/adapters/docker) to the engine's build endpoint, against
// `/usr/bin/docker build` of the same context.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createContextArchive } from '../src/adapters/docker/build-context-archive.js';
import { openDockerEngine } from '../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder, type ImageBuilder } from '../src/adapters/docker/image-builder.js';
import type { TestEnv } from '../test/env/test-env.js';
import { addAppAndBusybox, addSourceFiles, fillerText, makeTempDir } from './bench-context.js';
import { removeImage, requireDocker, requireTestEnv, timeCliBuild } from './engine-prerequisites.js';
import { measurement, median, round, SkipCase, type BenchCase } from './harness.js';

const TAR_TAG = 'csg-bench-context:ready-tar';

const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
COPY app/ /app/
COPY src/ /src/
COPY coverage/ /coverage/
USER 65534:65534
`;

// What a JavaScript repository typically keeps out of its image.
const DOCKERIGNORE = ['.git', 'node_modules', 'dist', 'coverage', '!coverage/summary.json', '**/*.log', '**/*.map', 'tmp/'].join('\n');

const SHAPE = { included: 300, nodeModules: 4_000, git: 1_500, dist: 600, coverage: 400, logs: 200 };

/** One fresh context per round, so neither client reuses what it sent the round before. */
export function writeContext(dir: string, repoRoot: string, env: TestEnv): void {
  addAppAndBusybox(dir, repoRoot, env.busybox);
  writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(dir, '.dockerignore'), `${DOCKERIGNORE}\n`);
  addSourceFiles(dir, 'src', SHAPE.included, 4_000, 1);
  addSourceFiles(dir, 'node_modules', SHAPE.nodeModules, 1_500, 10_000);
  addSourceFiles(dir, 'dist', SHAPE.dist, 6_000, 20_000);
  const git = path.join(dir, '.git', 'objects');
  for (let i = 0; i < SHAPE.git; i++) {
    const folder = path.join(git, (i % 256).toString(16).padStart(2, '0'));
    if (i < 256) mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${i.toString(16).padStart(38, '0')}`), fillerText(30_000 + i, 2_000));
  }
  addSourceFiles(dir, 'coverage', SHAPE.coverage, 2_000, 40_000);
  writeFileSync(path.join(dir, 'coverage', 'summary.json'), '{"lines":{"pct":91.2}}\n');
  for (let i = 0; i < SHAPE.logs; i++) writeFileSync(path.join(dir, 'src', `debug-${i}.log`), fillerText(50_000 + i, 1_000));
}

/** The adapter's archive, drained into memory: how long the walk and tar take without the engine. */
async function archiveOnly(context: string): Promise<{ ms: number; entries: number; tar: Buffer }> {
  const started = performance.now();
  const archive = await createContextArchive({ context, dockerfile: 'Dockerfile' });
  const chunks: Buffer[] = [];
  await pipeline(
    archive.stream,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    }),
  );
  const summary = await archive.done;
  return { ms: performance.now() - started, entries: summary.entries, tar: Buffer.concat(chunks) };
}

/** The same archive, already in memory, posted with dockerode: the engine's side of a tar upload alone. */
async function engineWithReadyTar(docker: Docker, tar: Buffer): Promise<number> {
  const started = performance.now();
  const stream = await docker.buildImage(Readable.from([tar]), { t: TAR_TAG, version: '2', nocache: true, networkmode: 'none', dockerfile: 'Dockerfile' });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => {
      const failed = output?.find((message) => message.error);
      if (error || failed) reject(error ?? new Error(failed!.error));
      else resolve();
    }),
  );
  return performance.now() - started;
}

export const buildContext: BenchCase = {
  id: 'build-context',
  title: 'Build context streamed to the engine',
  method:
    `A context of ${(SHAPE.included + SHAPE.nodeModules + SHAPE.git + SHAPE.dist + SHAPE.coverage + SHAPE.logs).toLocaleString('en-US')} generated files plus the fixture app and busybox, of which ${SHAPE.included} sources, the app, busybox and one re-included file are sent; ` +
    'the rest (.git, node_modules, dist, coverage, *.log) is excluded by .dockerignore. ' +
    'The adapter (createDockerImageBuilder → createContextArchive streamed to POST /build, BuildKit, no cache, network none) against `/usr/bin/docker build --no-cache --network none` (DOCKER_BUILDKIT=1, the CLI sends the context through its BuildKit session). ' +
    'A fresh copy of the context per round, order alternated, after a warm-up round; ratio of the medians. Details: the time to produce the archive alone (drained into memory, no engine), and the time of the same build posted with that archive already in memory (dockerode, BuildKit), i.e. the engine side of a tar upload.',
  async run({ quick, repoRoot, log }) {
    const env = requireTestEnv();
    await requireDocker(env);
    let builder: ImageBuilder;
    let docker: Docker;
    // dockerode reads DOCKER_HOST like the CLI does; point both at the test engine.
    process.env.DOCKER_HOST ??= env.dockerHost;
    try {
      const engine = await openDockerEngine();
      docker = engine.docker;
      builder = createDockerImageBuilder(engine);
    } catch (error) {
      throw new SkipCase(`the adapter cannot open the engine: ${error instanceof Error ? error.message : String(error)}`);
    }
    const sink = { info: () => undefined, warning: (line: string) => log(`  adapter warning: ${line}`) };
    const viaAdapter = async (context: string): Promise<number> => {
      const started = performance.now();
      const { imageId } = await builder.buildImage(
        { context, dockerfile: 'Dockerfile', buildArgs: {}, buildSecrets: [], target: undefined, labels: {}, noCache: true, network: 'none' },
        sink,
      );
      const ms = performance.now() - started;
      await removeImage(env, imageId);
      return ms;
    };
    const viaCli = (context: string): Promise<number> => timeCliBuild(env, context);

    const rounds = quick ? 1 : 4;
    const ours: number[] = [];
    const cli: number[] = [];
    let archive: Awaited<ReturnType<typeof archiveOnly>> | undefined;
    const archiveTimes: number[] = [];
    const readyTar: number[] = [];
    log(`  1 warm-up round, ${rounds} measured (fresh context each)`);
    for (let i = -1; i < rounds; i++) {
      const temp = makeTempDir('csg-bench-context-');
      try {
        writeContext(temp.dir, repoRoot, env);
        const first = i % 2 === 0 ? viaCli : viaAdapter;
        const second = first === viaCli ? viaAdapter : viaCli;
        const a = await first(temp.dir);
        const b = await second(temp.dir);
        archive = await archiveOnly(temp.dir);
        const engineOnly = await engineWithReadyTar(docker, archive.tar);
        await removeImage(env, TAR_TAG);
        if (i < 0) continue;
        readyTar.push(engineOnly);
        (first === viaCli ? cli : ours).push(a);
        (second === viaCli ? cli : ours).push(b);
        archiveTimes.push(archive.ms);
      } finally {
        temp.cleanup();
      }
    }
    const oursMs = median(ours);
    const cliMs = median(cli);
    return {
      measurements: [
        measurement('adapter ÷ docker CLI, whole build', round(oursMs / cliMs), 'ratio', { kind: 'ratio', limit: 1.1, description: 'within 1.1× of docker build' }, {
          adapterMs: round(oursMs, 0),
          dockerCliMs: round(cliMs, 0),
          archiveOnlyMs: round(median(archiveTimes), 0),
          archiveEntries: archive?.entries ?? 0,
          archiveMiB: round((archive?.tar.length ?? 0) / 2 ** 20, 2),
          engineWithReadyTarMs: round(median(readyTar), 0),
          rounds,
        }),
      ],
    };
  },
};
