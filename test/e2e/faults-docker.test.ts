// Fault injection at the Docker engine: no engine behind DOCKER_HOST, and a build whose RUN
// step fails. Both are `error` with their own reason; nothing is pushed; no secret is printed.
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { BUILD_SECRET_ID, expectOutcome, fixtureContext, gateInputs, cleanUpRuns, runTracked, uniqueRepository } from '../support/fault-run.js';
import { REPO_ROOT } from '../support/run-action.js';

const REPLAY = join(REPO_ROOT, 'test', 'replay', 'trivy-replay.mjs');
const FAILING_DOCKERFILE = (secretId: string): string =>
  [
    'FROM scratch',
    'COPY busybox /bin/busybox',
    `RUN --mount=type=secret,id=${secretId} ["/bin/busybox", "sh", "-c", "echo csg-step-output: about to fail; test -s /run/secrets/${secretId} && echo csg-step-output: secret mounted; exec /bin/busybox false"]`,
    'USER 65534:65534',
    '',
  ].join('\n');

let env: TestEnv;

beforeAll(() => {
  env = loadTestEnv();
});

afterEach(() => cleanUpRuns());

describe('Docker engine faults', () => {
  it('the engine is unreachable (DOCKER_HOST points at no socket) → error, docker-error', async () => {
    const repository = uniqueRepository('docker-unreachable');
    const run = await runTracked({
      inputs: gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`),
      env: { DOCKER_HOST: 'unix:///tmp/nonexistent.sock' },
    });

    await expectOutcome(env, run, { verdict: 'error', reason: 'docker-error', repository });
    expect(run.stdout).toMatch(/cannot reach the Docker engine at .*\/tmp\/nonexistent\.sock/);
    expect(run.stdout).toMatch(/Start the Docker engine or point DOCKER_HOST at it/);
    expect(run.outputs['image-id']).toBe('');
  });

  it("a RUN step fails → error, build-error, with the step's own output in the log", async () => {
    const repository = uniqueRepository('build-error');
    // The failing step also mounts the build secret: a failed build must not print it either.
    const run = await runTracked({
      inputs: { ...gateInputs(env, fixtureContext(env, 'clean', FAILING_DOCKERFILE(BUILD_SECRET_ID)), `${env.registry}/${repository}`), 'no-cache': 'true' },
    });

    await expectOutcome(env, run, { verdict: 'error', reason: 'build-error', repository });
    expect(run.stdout).toContain('csg-step-output: about to fail');
    expect(run.stdout).toContain('csg-step-output: secret mounted');
    // The failing step and its exit status are named.
    expect(run.stdout).toMatch(/::error::.*verdict error \(build-error\): .*busybox.*false/);
    expect(run.stdout).toMatch(/exit code: 1/);
    expect(run.outputs['image-id']).toBe('');
  });

  // The context scan runs while the image builds. When the build fails the verdict is known,
  // so the scan must be stopped: today it is left running, and the step only ends when that
  // Trivy run ends (up to `timeout` plus a 30 s margin later), logging after the verdict.
  it('a failed build stops the context scan still running beside it, so the step ends at once', async () => {
    const repository = uniqueRepository('build-error-scan');
    const started = Date.now();
    const run = await runTracked({
      inputs: {
        ...gateInputs(env, fixtureContext(env, 'clean', FAILING_DOCKERFILE(BUILD_SECRET_ID)), `${env.registry}/${repository}`),
        'no-cache': 'true',
        'trivy-path': REPLAY,
        timeout: '5m',
      },
      // The replayed context scan never finishes by itself (it gives up after 60 s so it cannot leak).
      env: { CSG_REPLAY_MODE: 'hang', CSG_REPLAY_HANG_MS: '60000' },
      timeoutMs: 20_000,
    });

    await expectOutcome(env, run, { verdict: 'error', reason: 'build-error', repository });
    expect((Date.now() - started) / 1000).toBeLessThan(15);
  });
});
