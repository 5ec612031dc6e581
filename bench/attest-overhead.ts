// Attest: what signing and attaching the SBOM and attestations adds to a gate run, as a ratio
// to the same run without it (attest: off), on the example app.
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createKeySigner } from '../src/adapters/attest/key-signer.js';
import { writeCycloneDxSbom } from '../src/adapters/attest/sbom.js';
import { openDockerEngine } from '../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder } from '../src/adapters/docker/image-builder.js';
import { attestPushedImage, type AttestPort } from '../src/attest-phase.js';
import type { GithubEventContext } from '../src/domain/github-event.js';
import { readInputs } from '../src/inputs.js';
import { runGate } from '../src/pipeline.js';
import { planRun } from '../src/plan.js';
import { runContextFrom } from '../src/domain/attest/verdict-predicate.js';
import type { TestEnv } from '../test/env/test-env.js';
import { testRegistry } from '../test/support/oci-test-registry.js';
import { makeTempDir } from './bench-context.js';
import { createBenchPorts } from './bench-pipeline-ports.js';
import { privateTrivyCache, removeImage, requireDocker, requireTestEnv } from './engine-prerequisites.js';
import { measurement, median, round, type BenchCase } from './harness.js';

const EVENT: GithubEventContext = {
  eventName: 'push',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  defaultBranch: 'main',
  repository: 'acme/app',
  serverUrl: 'https://github.com',
};

export const attestOverhead: BenchCase = {
  id: 'attest-overhead',
  title: 'Attesting (SBOM + vuln + verdict, key mode) on top of a gate run',
  method:
    'fixtures/example-app. attest: off = runGate (install → context scan ∥ build → image scan → inspect → decide) with the real Trivy CLI (offline, private fixture DB) and the project\'s Docker adapter (BuildKit, network none). ' +
    'attest: key = the same run followed by the attest phase on its result: `trivy convert` of the image report to CycloneDX, three DSSE signatures (ECDSA P-256) and the `.att`/`.sbom` uploads to the local registry next to a manifest pushed by digest. ' +
    'Rounds alternate which runs first; median(run + attest) ÷ median(run). The push itself is left out of both sides (it is the same with or without attesting), which makes the ratio an upper bound.',
  async run({ quick, repoRoot, log }) {
    const env: TestEnv = requireTestEnv();
    await requireDocker(env);
    const temp = makeTempDir('csg-bench-attest-');
    try {
      const context = path.join(temp.dir, 'context');
      cpSync(path.join(repoRoot, 'fixtures', 'example-app'), context, { recursive: true });
      cpSync(env.busybox, path.join(context, 'busybox'));
      const cache = privateTrivyCache(env, temp.dir);
      const workDir = path.join(temp.dir, 'work');
      mkdirSync(workDir);
      process.env.DOCKER_HOST ??= env.dockerHost;
      const builder = createDockerImageBuilder(await openDockerEngine());
      const values: Record<string, string> = { image: 'csg-bench/attest', network: 'none', push: 'false', 'fail-on': 'CRITICAL', 'require-non-root': 'off' };
      const inputs = readInputs((name) => values[name] ?? '', { repository: 'acme/app', actor: 'octocat', runnerTemp: workDir, env: {} });
      const plan = planRun(inputs, EVENT, { workspace: context, now: new Date() });
      const registry = testRegistry(env.registry, env.registryUser, env.registryPassword);
      const repository = `csg-i15/bench-attest`;
      const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const port: AttestPort = {
        hasOidcToken: false,
        openSigner: () => createKeySigner(pem, ''),
        registry,
        writeSbom: async (report, trivyPath) => {
          const file = path.join(workDir, 'sbom.cdx.json');
          return { path: file, bytes: await writeCycloneDxSbom({ trivyPath, report, outputFile: file, timeoutSeconds: 120 }) };
        },
        trivyDatabase: async () => ({ updatedAt: undefined, version: undefined }),
        run: runContextFrom({}),
        runId: undefined,
        notice: () => undefined,
        info: () => undefined,
      };

      const gate = async (): Promise<{ ms: number; result: Awaited<ReturnType<typeof runGate>> }> => {
        const ports = createBenchPorts({ env, cacheDir: cache, workDir, builder, serialise: false });
        const started = performance.now();
        const result = await runGate(inputs, plan, ports);
        const ms = performance.now() - started;
        if (result.decision.verdict !== 'pass') throw new Error(`the example app did not pass: ${result.decision.summary}`);
        return { ms, result };
      };
      let round_ = 0;
      const attest = async (result: Awaited<ReturnType<typeof runGate>>): Promise<number> => {
        const digest = await registry.pushImageByDigest(repository, `bench subject ${Date.now()} ${round_++}`);
        const started = performance.now();
        await attestPushedImage({
          session: { mode: 'key', signer: port.openSigner('key') },
          port,
          inputs,
          decision: result.decision,
          report: result.reports.image!,
          trivy: { path: env.trivyPath, version: env.trivyVersion },
          subject: { name: `${env.registry}/${repository}`, repository, digest, imageId: result.imageId! },
          now: new Date(),
        });
        const ms = performance.now() - started;
        await registry.deleteManifest(repository, digest);
        return ms;
      };

      const rounds = quick ? 2 : 5;
      log(`  1 warm-up, ${rounds} measured rounds of each`);
      const warm = await gate();
      await attest(warm.result);
      if (warm.result.imageId) await removeImage(env, warm.result.imageId);
      const off: number[] = [];
      const on: number[] = [];
      const attestOnly: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const pair = async (withAttest: boolean): Promise<void> => {
          const { ms, result } = await gate();
          if (withAttest) {
            const extra = await attest(result);
            attestOnly.push(extra);
            on.push(ms + extra);
          } else off.push(ms);
          if (result.imageId) await removeImage(env, result.imageId);
        };
        if (i % 2 === 0) {
          await pair(false);
          await pair(true);
        } else {
          await pair(true);
          await pair(false);
        }
      }
      const offMs = median(off);
      const onMs = median(on);
      return {
        measurements: [
          measurement('gate run with attest: key ÷ attest: off', round(onMs / offMs), 'ratio', { kind: 'ratio', limit: 1.1, description: '≤ 1.1× (issue: attested verdict and SBOM)' }, {
            offMs: round(offMs, 0),
            onMs: round(onMs, 0),
            attestPhaseMs: round(median(attestOnly), 0),
            rounds,
          }),
        ],
        notes: ['Keyless signing adds the round trips to Fulcio and Rekor (not measurable offline).'],
      };
    } finally {
      temp.cleanup();
    }
  },
};
