// Fault injection at the Docker engine: no engine behind DOCKER_HOST, and a build whose RUN
// step fails. Both are `error` with their own reason; nothing is pushed; no secret is printed.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { BUILD_SECRET_ID, expectOutcome, fixtureContext, gateInputs, removeContexts, uniqueRepository } from '../support/fault-run.js';
import { runAction } from '../support/run-action.js';

let env: TestEnv;

beforeAll(() => {
  env = loadTestEnv();
});

afterEach(() => removeContexts());

describe('Docker engine faults', () => {
  it('the engine is unreachable (DOCKER_HOST points at no socket) → error, docker-error', async () => {
    const repository = uniqueRepository('docker-unreachable');
    const run = await runAction({
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
    const dockerfile = [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      `RUN --mount=type=secret,id=${BUILD_SECRET_ID} ["/bin/busybox", "sh", "-c", "echo csg-step-output: about to fail; test -s /run/secrets/${BUILD_SECRET_ID} && echo csg-step-output: secret mounted; exec /bin/busybox false"]`,
      'USER 65534:65534',
      '',
    ].join('\n');
    const run = await runAction({
      inputs: { ...gateInputs(env, fixtureContext(env, 'clean', dockerfile), `${env.registry}/${repository}`), 'no-cache': 'true' },
    });

    await expectOutcome(env, run, { verdict: 'error', reason: 'build-error', repository });
    expect(run.stdout).toContain('csg-step-output: about to fail');
    expect(run.stdout).toContain('csg-step-output: secret mounted');
    // The failing step and its exit status are named.
    expect(run.stdout).toMatch(/::error::.*verdict error \(build-error\): .*busybox.*false/);
    expect(run.stdout).toMatch(/exit code: 1/);
    expect(run.outputs['image-id']).toBe('');
  });
});
