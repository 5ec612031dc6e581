// Build context: a large context (thousands of files, most excluded by .dockerignore) streamed
// by the project's own archive (src/adapters/docker) to the engine's build endpoint, against
// `/usr/bin/docker build` of the same context.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createContextArchive } from '../src/adapters/docker/build-context-archive.js';
import { openDockerEngine } from '../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder, type ImageBuilder } from '../src/adapters/docker/image-builder.js';
import type { TestEnv } from '../test/env/test-env.js';
import { addAppAndBusybox, addSourceFiles, fillerText, makeTempDir } from './bench-context.js';
import { dockerEnv, requireDocker, requireTestEnv } from './engine-prerequisites.js';
import { measurement, median, round, runCommand, runCommandOk, SkipCase, type BenchCase } from './harness.js';

const OURS = 'csg-bench-context:adapter';
const CLI = 'csg-bench-context:cli';

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
function writeContext(dir: string, repoRoot: string, env: TestEnv): void {
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

async function archiveOnly(context: string): Promise<{ ms: number; entries: number; bytes: number }> {
  const started = performance.now();
  const archive = await createContextArchive({ context, dockerfile: 'Dockerfile' });
  let bytes = 0;
  await pipeline(
    archive.stream,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback();
      },
    }),
  );
  const summary = await archive.done;
  return { ms: performance.now() - started, entries: summary.entries, bytes };
}

export const buildContext: BenchCase = {
  id: 'build-context',
  title: 'Build context streamed to the engine',
  method:
    `A context of ${(SHAPE.included + SHAPE.nodeModules + SHAPE.git + SHAPE.dist + SHAPE.coverage + SHAPE.logs).toLocaleString('en-US')} generated files plus the fixture app and busybox, of which ${SHAPE.included} sources, the app, busybox and one re-included file are sent; ` +
    'the rest (.git, node_modules, dist, coverage, *.log) is excluded by .dockerignore. ' +
    'The adapter (createDockerImageBuilder → createContextArchive streamed to POST /build, BuildKit, no cache, network none) against `/usr/bin/docker build --no-cache --network none` (DOCKER_BUILDKIT=1, the CLI sends the context through its BuildKit session). ' +
    'A fresh copy of the context per round, order alternated, after a warm-up round; ratio of the medians. Time to produce the archive alone (drained, no engine) is shown as a detail.',
  async run({ quick, repoRoot, log }) {
    const env = requireTestEnv();
    await requireDocker(env);
    let builder: ImageBuilder;
    // dockerode reads DOCKER_HOST like the CLI does; point both at the test engine.
    process.env.DOCKER_HOST ??= env.dockerHost;
    try {
      builder = createDockerImageBuilder(await openDockerEngine());
    } catch (error) {
      throw new SkipCase(`the adapter cannot open the engine: ${error instanceof Error ? error.message : String(error)}`);
    }
    const sink = { info: () => undefined, warning: (line: string) => log(`  adapter warning: ${line}`) };
    const viaAdapter = async (context: string): Promise<number> => {
      const started = performance.now();
      await builder.buildImage(
        { context, dockerfile: 'Dockerfile', buildArgs: {}, buildSecrets: [], target: undefined, labels: {}, noCache: true, network: 'none', localTags: [OURS] },
        sink,
      );
      return performance.now() - started;
    };
    const viaCli = async (context: string): Promise<number> =>
      (await runCommandOk(env.dockerCli, ['build', '--network', 'none', '--no-cache', '--quiet', '--tag', CLI, context], { env: dockerEnv(env) })).ms;

    const rounds = quick ? 1 : 4;
    const ours: number[] = [];
    const cli: number[] = [];
    let archive: Awaited<ReturnType<typeof archiveOnly>> | undefined;
    const archiveTimes: number[] = [];
    log(`  1 warm-up round, ${rounds} measured (fresh context each)`);
    try {
      for (let i = -1; i < rounds; i++) {
        const temp = makeTempDir('csg-bench-context-');
        try {
          writeContext(temp.dir, repoRoot, env);
          const first = i % 2 === 0 ? viaCli : viaAdapter;
          const second = first === viaCli ? viaAdapter : viaCli;
          const a = await first(temp.dir);
          const b = await second(temp.dir);
          archive = await archiveOnly(temp.dir);
          if (i < 0) continue;
          (first === viaCli ? cli : ours).push(a);
          (second === viaCli ? cli : ours).push(b);
          archiveTimes.push(archive.ms);
        } finally {
          temp.cleanup();
        }
      }
    } finally {
      await runCommand(env.dockerCli, ['image', 'rm', '--force', OURS, CLI], { env: dockerEnv(env), timeoutMs: 60_000 }).catch(() => undefined);
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
          archiveMiB: round((archive?.bytes ?? 0) / 2 ** 20, 2),
          rounds,
        }),
      ],
    };
  },
};
