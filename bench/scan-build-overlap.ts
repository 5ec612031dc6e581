// Overlap: the pipeline scans the build context while the image builds. With the real Trivy
// and the real engine, how much of the two steps' sum does running them together save?
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDockerEngine } from '../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder } from '../src/adapters/docker/image-builder.js';
import type { GithubEventContext } from '../src/domain/github-event.js';
import { readInputs } from '../src/inputs.js';
import { runGate } from '../src/pipeline.js';
import { planRun } from '../src/plan.js';
import { TRIVY_OFFLINE_FLAGS, type TestEnv } from '../test/env/test-env.js';
import { addAppAndBusybox, addSourceFiles, makeTempDir } from './bench-context.js';
import { createBenchPorts } from './bench-pipeline-ports.js';
import { privateTrivyCache, removeImage, requireDocker, requireTestEnv, timeCliBuild } from './engine-prerequisites.js';
import { measurement, median, round, runCommandOk, type BenchCase, type Measurement } from './harness.js';

// A build that does real work after copying the context, the way `npm ci && npm run build` would.
const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY app/ /app/
COPY src/ /src/
RUN mkdir -p /out && for i in 1 2 3 4; do tar -cf - /src | gzip -9 > /out/bundle-$i.tar.gz; done
USER 65534:65534
`;

const EVENT: GithubEventContext = {
  eventName: 'push',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  defaultBranch: 'main',
  repository: 'acme/app',
  serverUrl: 'https://github.com',
};

/** The two commands the pipeline overlaps, timed alone and together. */
async function measureCommands(env: TestEnv, context: string, cache: string, workDir: string, rounds: number): Promise<Measurement> {
  const reportFile = path.join(workDir, 'fs.json');
  const scan = () =>
    runCommandOk(env.trivyPath, ['fs', '--cache-dir', cache, '--scanners', 'vuln,secret,misconfig', '--format', 'json', '--output', reportFile, ...TRIVY_OFFLINE_FLAGS, context]);
  const build = () => timeCliBuild(env, context);
  await scan();
  await build();
  const scans: number[] = [];
  const builds: number[] = [];
  const together: number[] = [];
  for (let i = 0; i < rounds; i++) {
    scans.push((await scan()).ms);
    builds.push(await build());
    const started = performance.now();
    await Promise.all([scan(), build()]);
    together.push(performance.now() - started);
  }
  const scanMs = median(scans);
  const buildMs = median(builds);
  const sequentialMs = median(scans.map((s, i) => s + builds[i]!));
  const concurrentMs = median(together);
  return measurement('trivy fs ∥ docker build: together ÷ one after another', round(concurrentMs / sequentialMs), 'ratio', undefined, {
    scanMs: round(scanMs, 0),
    buildMs: round(buildMs, 0),
    sequentialMs: round(sequentialMs, 0),
    concurrentMs: round(concurrentMs, 0),
    idealRatio: round(Math.max(scanMs, buildMs) / (scanMs + buildMs)),
    rounds,
  });
}

/** runGate as the action runs it, against the same pipeline with the build waiting for the context scan. */
async function measureRunGate(env: TestEnv, context: string, cache: string, workDir: string, rounds: number): Promise<Measurement> {
  process.env.DOCKER_HOST ??= env.dockerHost;
  const builder = createDockerImageBuilder(await openDockerEngine());
  const values: Record<string, string> = { image: 'csg-bench/overlap', network: 'none', 'no-cache': 'true', push: 'false' };
  const inputs = readInputs((name) => values[name] ?? '', { repository: 'acme/app', actor: 'octocat', runnerTemp: workDir, env: {} });
  const plan = planRun(inputs, EVENT, { workspace: context, now: new Date() });
  const once = async (serialise: boolean): Promise<number> => {
    const ports = createBenchPorts({ env, cacheDir: cache, workDir, builder, serialise });
    const started = performance.now();
    const result = await runGate(inputs, plan, ports);
    const ms = performance.now() - started;
    if (result.imageId) await removeImage(env, result.imageId);
    if (result.decision.verdict === 'error') throw new Error(`runGate ended in an error: ${result.decision.error?.message ?? result.decision.summary}`);
    return ms;
  };
  await once(false);
  await once(true);
  const overlapped: number[] = [];
  const serial: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first, so neither always runs on the warmer cache.
    if (i % 2 === 0) {
      overlapped.push(await once(false));
      serial.push(await once(true));
    } else {
      serial.push(await once(true));
      overlapped.push(await once(false));
    }
  }
  const overlappedMs = median(overlapped);
  const serialMs = median(serial);
  return measurement('runGate: as shipped ÷ build waiting for the context scan', round(overlappedMs / serialMs), 'ratio', undefined, {
    overlappedMs: round(overlappedMs, 0),
    serialisedMs: round(serialMs, 0),
    rounds,
  });
}

export const scanBuildOverlap: BenchCase = {
  id: 'scan-build-overlap',
  title: 'Context scan overlapping the build',
  method:
    'A FROM scratch context (busybox, the vulnerable fixture app with its package-lock.json, 1,500 generated source files, a build step that tars and gzips the sources). ' +
    '(1) The two commands: `trivy fs --scanners vuln,secret,misconfig` (real Trivy, offline, private copy of the fixture DB) and `/usr/bin/docker build --network none --no-cache` (DOCKER_BUILDKIT=1); each round times the scan alone, the build alone and both started together; after a warm-up round, median of "together" ÷ median of scan + build (ideal: max ÷ sum). ' +
    '(2) The pipeline: runGate (install → context scan ∥ build → image scan → inspect → decide; push off) with ports wired to the real Trivy CLI and the project\'s Docker adapter (BuildKit, no cache, network none), against the same runGate with ports whose build first waits for the context scan; median of alternating runs after one warm-up each.',
  async run({ quick, repoRoot, log }) {
    const env: TestEnv = requireTestEnv();
    await requireDocker(env);
    const temp = makeTempDir('csg-bench-overlap-');
    try {
      const context = path.join(temp.dir, 'context');
      addAppAndBusybox(context, repoRoot, env.busybox);
      addSourceFiles(context, 'src', 1_500, 3_000);
      writeFileSync(path.join(context, 'Dockerfile'), DOCKERFILE);
      const cache = privateTrivyCache(env, temp.dir);
      const workDir = path.join(temp.dir, 'work');
      mkdirSync(workDir);
      const rounds = quick ? 1 : 3;
      log(`  commands: 1 warm-up round, ${rounds} measured`);
      const commands = await measureCommands(env, context, cache, workDir, rounds);
      log(`  runGate: 1 warm-up each, ${rounds} measured each`);
      const pipeline = await measureRunGate(env, context, cache, workDir, rounds);
      return {
        measurements: [commands, pipeline],
        notes: ['No target in the issue: below 1× means the overlap saves time.'],
      };
    } finally {
      temp.cleanup();
    }
  },
};
