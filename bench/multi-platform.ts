// Two platforms against one, end to end: the example app's site, built, scanned, gated and
// pushed (real Trivy, the engine through the project's adapter, the real registry) once for
// the engine's platform (runGate, as without `platforms`) and once for linux/amd64 and
// linux/arm64 (runPlatformsGate: two builds, two image scans, one shared context scan, two
// manifests and an index). Target ≤ 2.2×: the context scan is shared.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDockerEngine } from '../src/adapters/docker/docker-engine.js';
import { exportImage } from '../src/adapters/docker/image-export.js';
import { createDockerImageBuilder } from '../src/adapters/docker/image-builder.js';
import { createImagePublisher } from '../src/adapters/registry/image-publisher.js';
import type { GithubEventContext } from '../src/domain/github-event.js';
import { readInputs } from '../src/inputs.js';
import { runGate, type RunResult } from '../src/pipeline.js';
import { runPlatformsGate } from '../src/platforms-gate.js';
import { planRun } from '../src/plan.js';
import { arm64BusyboxPath } from '../test/env/arm64-busybox.js';
import type { TestEnv } from '../test/env/test-env.js';
import { makeTempDir } from './bench-context.js';
import { createBenchPorts } from './bench-pipeline-ports.js';
import { privateTrivyCache, removeImage, requireDocker, requireTestEnv } from './engine-prerequisites.js';
import { measurement, median, round, SkipCase, type BenchCase } from './harness.js';

// The example app without its RUN step: this machine cannot run arm64 binaries (no binfmt_misc).
const DOCKERFILE = `FROM scratch
ARG TARGETARCH
COPY busybox-\${TARGETARCH} /bin/busybox
COPY site/ /srv/www/
USER 65534:65534
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
ENTRYPOINT ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/srv/www"]
`;

const EVENT: GithubEventContext = {
  eventName: 'push',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  defaultBranch: 'main',
  repository: 'acme/app',
  serverUrl: 'https://github.com',
};

export const multiPlatform: BenchCase = {
  id: 'multi-platform',
  title: 'Two platforms against one, end to end',
  method:
    'fixtures/example-app (its site; FROM scratch + busybox per TARGETARCH, no RUN step). One run = install → context scan ∥ build → image scan → inspect → decide → push to the local registry (real Trivy CLI offline on a private fixture DB copy, BuildKit without cache, the project\'s registry publisher). ' +
    'One platform: runGate (no `platforms`). Two: runPlatformsGate with linux/amd64,linux/arm64. One warm-up each, then alternating measured runs; median(two) ÷ median(one).',
  async run({ quick, repoRoot, log }) {
    const env: TestEnv = requireTestEnv();
    await requireDocker(env);
    let arm64: string;
    try {
      arm64 = arm64BusyboxPath();
    } catch (error) {
      throw new SkipCase((error as Error).message);
    }
    const temp = makeTempDir('csg-bench-platforms-');
    process.env.DOCKER_HOST ??= env.dockerHost;
    const engine = await openDockerEngine();
    const builder = createDockerImageBuilder(engine);
    const built = new Set<string>();
    try {
      const context = path.join(temp.dir, 'context');
      mkdirSync(context);
      cpSync(path.join(repoRoot, 'fixtures', 'example-app', 'site'), path.join(context, 'site'), { recursive: true });
      cpSync(env.busybox, path.join(context, 'busybox-amd64'));
      cpSync(arm64, path.join(context, 'busybox-arm64'));
      writeFileSync(path.join(context, 'Dockerfile'), DOCKERFILE);
      const cache = privateTrivyCache(env, temp.dir);
      const workDir = path.join(temp.dir, 'work');
      mkdirSync(workDir);

      const once = async (platforms: string): Promise<number> => {
        const values: Record<string, string> = {
          image: `${env.registry}/csg-i17/bench-platforms`,
          tags: 'bench',
          network: 'none',
          'no-cache': 'true',
          push: 'true',
          platforms,
          'registry-username': env.registryUser,
          'registry-password': env.registryPassword,
        };
        const inputs = readInputs((name) => values[name] ?? '', { repository: 'acme/app', actor: 'octocat', runnerTemp: workDir, env: {} });
        const plan = planRun(inputs, EVENT, { workspace: context, now: new Date() });
        const ports = {
          ...createBenchPorts({ env, cacheDir: cache, workDir, builder, serialise: false }),
          registry: createImagePublisher({
            registry: env.registry,
            credentials: { username: env.registryUser, password: env.registryPassword },
            exportImage: (imageId, dir) => exportImage(engine, imageId, dir),
            tempRoot: tmpdir(),
            log: { info: () => undefined, warning: () => undefined },
          }),
        };
        const started = performance.now();
        const result: RunResult = platforms === '' ? await runGate(inputs, plan, ports) : await runPlatformsGate(inputs, plan, ports);
        const ms = performance.now() - started;
        if (result.imageId) built.add(result.imageId);
        for (const p of result.platforms ?? []) built.add(p.imageId);
        if (result.decision.verdict !== 'pass' || !result.pushed) throw new Error(`the ${platforms || 'single'} run did not pass and push: ${result.decision.summary}`);
        return ms;
      };

      const two = 'linux/amd64,linux/arm64';
      await once('');
      await once(two);
      const rounds = quick ? 1 : 3;
      log(`  1 warm-up each, ${rounds} measured each`);
      const single: number[] = [];
      const double: number[] = [];
      for (let i = 0; i < rounds; i++) {
        if (i % 2 === 0) {
          single.push(await once(''));
          double.push(await once(two));
        } else {
          double.push(await once(two));
          single.push(await once(''));
        }
      }
      const singleMs = median(single);
      const doubleMs = median(double);
      return {
        measurements: [
          measurement('linux/amd64 + linux/arm64 ÷ one platform, end to end with push', round(doubleMs / singleMs), 'ratio', { kind: 'ratio', limit: 2.2, description: 'issue 17: two platforms ≤ 2.2× one' }, {
            oneMs: round(singleMs, 0),
            twoMs: round(doubleMs, 0),
            rounds,
          }),
        ],
        notes: ['The builds run one after another; the context scan runs once, overlapping the first build.'],
      };
    } finally {
      for (const id of built) await removeImage(env, id);
      temp.cleanup();
    }
  },
};
