// Overlap: the pipeline scans the build context while the image builds. With the real Trivy
// and the real engine, how much of the two steps' sum does running them together save?
import path from 'node:path';
import { TRIVY_OFFLINE_FLAGS, type TestEnv } from '../test/env/test-env.js';
import { addAppAndBusybox, addSourceFiles, makeTempDir } from './bench-context.js';
import { dockerEnv, privateTrivyCache, requireDocker, requireTestEnv } from './engine-prerequisites.js';
import { measurement, median, round, runCommand, runCommandOk, type BenchCase } from './harness.js';
import { writeFileSync } from 'node:fs';

const IMAGE = 'csg-bench-overlap:latest';

// A build that does real work after copying the context, the way `npm ci && npm run build` would.
const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY app/ /app/
COPY src/ /src/
RUN mkdir -p /out && for i in 1 2 3 4; do tar -cf - /src | gzip -9 > /out/bundle-$i.tar.gz; done
USER 65534:65534
`;

export const scanBuildOverlap: BenchCase = {
  id: 'scan-build-overlap',
  title: 'Context scan overlapping the build',
  method:
    'A FROM scratch context (busybox, the vulnerable fixture app with its package-lock.json, 1,500 generated source files) scanned with the real Trivy ' +
    '(`trivy fs --scanners vuln,secret,misconfig`, offline, private copy of the fixture DB) and built with `/usr/bin/docker build --network none --no-cache` (DOCKER_BUILDKIT=1). ' +
    'Each round times the scan alone, the build alone, and both started together; after a warm-up round, the median wall time of "together" is divided by the median of scan + build. ' +
    'These are the two commands the pipeline overlaps (runGate starts the context scan, then builds); the ideal is max(scan, build) ÷ (scan + build).',
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
      const reportFile = path.join(temp.dir, 'fs.json');

      const scan = () =>
        runCommandOk(env.trivyPath, ['fs', '--cache-dir', cache, '--scanners', 'vuln,secret,misconfig', '--format', 'json', '--output', reportFile, ...TRIVY_OFFLINE_FLAGS, context]);
      const build = () => runCommandOk(env.dockerCli, ['build', '--network', 'none', '--no-cache', '--quiet', '--tag', IMAGE, context], { env: dockerEnv(env) });

      const rounds = quick ? 1 : 3;
      log(`  1 warm-up round, ${rounds} measured`);
      await scan();
      await build();
      const scans: number[] = [];
      const builds: number[] = [];
      const together: number[] = [];
      for (let i = 0; i < rounds; i++) {
        scans.push((await scan()).ms);
        builds.push((await build()).ms);
        const started = performance.now();
        await Promise.all([scan(), build()]);
        together.push(performance.now() - started);
      }
      const scanMs = median(scans);
      const buildMs = median(builds);
      const sequentialMs = median(scans.map((s, i) => s + builds[i]!));
      const concurrentMs = median(together);
      const detail = {
        scanMs: round(scanMs, 0),
        buildMs: round(buildMs, 0),
        sequentialMs: round(sequentialMs, 0),
        concurrentMs: round(concurrentMs, 0),
        idealRatio: round(Math.max(scanMs, buildMs) / (scanMs + buildMs)),
        rounds,
      };
      return {
        measurements: [measurement('wall time together ÷ scan + build one after another', round(concurrentMs / sequentialMs), 'ratio', undefined, detail)],
        notes: ['No target in the issue: below 1× means the overlap saves time; the ideal is the longer step alone.'],
      };
    } finally {
      await runCommand(env.dockerCli, ['image', 'rm', '--force', IMAGE], { env: dockerEnv(env), timeoutMs: 60_000 }).catch(() => undefined);
      temp.cleanup();
    }
  },
};
