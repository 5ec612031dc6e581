// Build context: a large context (thousands of files, most excluded by .dockerignore) streamed
// by the project's own archive (src/adapters/docker) to the engine's build endpoint, against
// `/usr/bin/docker build` of the same context.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
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
import { captureCliContext, tarEntryNames } from './cli-context-capture.js';
import { loadAverage, measurement, median, round, runCommand, SkipCase, type BenchCase } from './harness.js';

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

/** The first place where two name lists differ, for the note when the contexts are not the same. */
function firstDifference(ours: readonly string[], theirs: readonly string[]): string {
  const i = ours.findIndex((name, index) => name !== theirs[index]);
  const at = i === -1 ? Math.min(ours.length, theirs.length) : i;
  return `entry ${at}: ours ${JSON.stringify(ours[at] ?? '(end)')}, CLI ${JSON.stringify(theirs[at] ?? '(end)')}`;
}

const FILE_COUNT = SHAPE.included + SHAPE.nodeModules + SHAPE.git + SHAPE.dist + SHAPE.coverage + SHAPE.logs;

export const buildContext: BenchCase = {
  id: 'build-context',
  title: 'Build context streamed to the engine',
  method:
    `A context of ${FILE_COUNT.toLocaleString('en-US')} generated files plus the fixture app and busybox, of which ${SHAPE.included} sources, the app, busybox and one re-included file are sent; ` +
    'the rest (.git, node_modules, dist, coverage, *.log) is excluded by .dockerignore. ' +
    'The adapter (createDockerImageBuilder → createContextArchive streamed to POST /build, BuildKit, network none) against `/usr/bin/docker build --network none` (DOCKER_BUILDKIT=1: the CLI sends the files through its BuildKit session, only those the COPY steps use, which here are exactly the files the .dockerignore leaves). ' +
    'Same engine; engine build cache disabled for both (--no-cache / nocache=true). The context is written once (and flushed with sync) and moved to a new path before every round, so that BuildKit cannot reuse an earlier transfer (it keys the CLI session\'s incremental context transfer by directory); the files are in the page cache for both. ' +
    'Before timing, the context the CLI itself archives (classic builder, captured by a stand-in engine on a private socket) is compared entry by entry with ours. ' +
    'One warm-up round, then rounds in which the adapter, the CLI and a ready-tar post run in rotating order; ratio of the medians (the median of the per-round ratios is shown too). ' +
    'Details: the time to produce the archive alone (drained into memory, no engine), and the time of the same build posted with that archive already in memory (dockerode, BuildKit), i.e. the engine side of a tar upload.',
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
    const notes: string[] = [];
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

    const rounds = quick ? 3 : 15;
    const ours: number[] = [];
    const cli: number[] = [];
    const pairedRatios: number[] = [];
    const archiveTimes: number[] = [];
    const readyTar: number[] = [];
    const loads: number[] = [];
    let archive: Awaited<ReturnType<typeof archiveOnly>> | undefined;
    let cliEntries = 0;
    let sameEntries = 'unchecked';
    log(`  1 warm-up round, ${rounds} measured`);
    const temp = makeTempDir('csg-bench-context-');
    try {
      // One context, moved to a new path before every round: BuildKit keys the CLI's
      // incremental context transfer by directory, so each CLI build sends every file again.
      let context = path.join(temp.dir, 'context-warm-up');
      mkdirSync(context);
      writeContext(context, repoRoot, env);
      // Flush the thousands of files just written, or the first builds compete with their
      // writeback (the engine syncs its snapshots).
      await runCommand('sync', []);
      for (let i = -1; i < rounds; i++) {
        if (i >= 0) {
          const moved = path.join(temp.dir, `context-${i}`);
          renameSync(context, moved);
          context = moved;
        }
        archive = await archiveOnly(context);
        if (i < 0) {
          const sent = await captureCliContext(env, context);
          const names = await tarEntryNames(archive.tar);
          cliEntries = sent.names.length;
          sameEntries = names.length === sent.names.length && names.every((name, index) => name === sent.names[index]) ? 'yes' : 'no';
          notes.push(
            sameEntries === 'yes'
              ? `Same context: the CLI's own archive of it and ours have the same ${cliEntries} entries in the same order (${(sent.bytes / 2 ** 20).toFixed(2)} MiB vs ${(archive.tar.length / 2 ** 20).toFixed(2)} MiB).`
              : `NOT the same context: the CLI archives ${cliEntries} entries, ours ${names.length}; first difference at ${firstDifference(names, sent.names)}.`,
          );
        }
        const tar = archive.tar;
        const here = context;
        const steps: { name: string; run: () => Promise<number> }[] = [
          { name: 'adapter', run: () => viaAdapter(here) },
          { name: 'cli', run: () => viaCli(here) },
          {
            name: 'ready-tar',
            run: async () => {
              const ms = await engineWithReadyTar(docker, tar);
              await removeImage(env, TAR_TAG);
              return ms;
            },
          },
        ];
        const shift = ((i % steps.length) + steps.length) % steps.length;
        const order = [...steps.slice(shift), ...steps.slice(0, shift)];
        const times = new Map<string, number>();
        for (const step of order) times.set(step.name, await step.run());
        if (i < 0) continue;
        loads.push(loadAverage());
        ours.push(times.get('adapter')!);
        cli.push(times.get('cli')!);
        readyTar.push(times.get('ready-tar')!);
        pairedRatios.push(times.get('adapter')! / times.get('cli')!);
        archiveTimes.push(archive.ms);
        log(`  round ${i + 1}: ${order.map((step) => `${step.name} ${round(times.get(step.name)!, 0)} ms`).join(', ')} (load ${loadAverage()})`);
      }
    } finally {
      temp.cleanup();
    }
    const oursMs = median(ours);
    const cliMs = median(cli);
    notes.push(`Per round, adapter ÷ CLI: ${pairedRatios.map((r) => round(r).toFixed(2)).join(', ')}; 1-minute load average during the rounds ${Math.min(...loads)}–${Math.max(...loads)} on ${cpus().length} cores.`);
    return {
      measurements: [
        measurement('adapter ÷ docker CLI, whole build', round(oursMs / cliMs), 'ratio', { kind: 'ratio', limit: 1.1, description: 'within 1.1× of docker build' }, {
          adapterMs: round(oursMs, 0),
          dockerCliMs: round(cliMs, 0),
          pairedRatioMedian: round(median(pairedRatios)),
          adapterRangeMs: `${round(Math.min(...ours), 0)}–${round(Math.max(...ours), 0)}`,
          dockerCliRangeMs: `${round(Math.min(...cli), 0)}–${round(Math.max(...cli), 0)}`,
          archiveOnlyMs: round(median(archiveTimes), 0),
          archiveEntries: archive?.entries ?? 0,
          cliContextEntries: cliEntries,
          sameEntries,
          archiveMiB: round((archive?.tar.length ?? 0) / 2 ** 20, 2),
          engineWithReadyTarMs: round(median(readyTar), 0),
          rounds,
        }),
      ],
      notes,
    };
  },
};
