// Attest: what signing and attaching the SBOM and attestations adds to a gate run, as a ratio
// to the same run without it (attest: off), on the example app.
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createKeySigner } from '../src/adapters/attest/key-signer.js';
import { writeCycloneDxSbom } from '../src/adapters/attest/sbom.js';
import { sha256OfFile } from '../src/adapters/trivy/verified-binary.js';
import { openDockerEngine } from '../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder } from '../src/adapters/docker/image-builder.js';
import type { AttestPort } from '../src/attest-phase.js';
import { exportImage } from '../src/adapters/docker/image-export.js';
import { createImagePublisher } from '../src/adapters/registry/image-publisher.js';
import type { GithubEventContext } from '../src/domain/github-event.js';
import { readInputs } from '../src/inputs.js';
import { runGate } from '../src/pipeline.js';
import { planRun } from '../src/plan.js';
import { runContextFrom } from '../src/domain/attest/verdict-predicate.js';
import type { TestEnv } from '../test/env/test-env.js';
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
  title: 'Attesting (SBOM + vuln + verdict, key mode) in a gate run that pushes',
  method:
    'fixtures/example-app, runGate as the action runs it (install → context scan ∥ build → image scan → inspect → decide → publish by digest → [attest] → tag) with the real Trivy CLI (offline, private fixture DB), the project\'s Docker adapter (BuildKit, network none) and the project\'s registry publisher pushing to the local registry. ' +
    'attest: off against attest: key (ECDSA P-256 PKCS#8 key: `trivy convert` to CycloneDX started when the gate passes, three DSSE signatures, `.att` and `.sbom` uploads before the tag). ' +
    'One warm-up each, then rounds alternating which runs first; median(attest: key) ÷ median(attest: off).',
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
      const engine = await openDockerEngine();
      const builder = createDockerImageBuilder(engine);
      const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const image = `${env.registry}/csg-i15/bench-attest`;
      const inputsFor = (attest: 'off' | 'key') => {
        const values: Record<string, string> = {
          image,
          tags: 'bench',
          network: 'none',
          push: 'true',
          'registry-username': env.registryUser,
          'registry-password': env.registryPassword,
          attest,
          'attest-key': attest === 'key' ? pem : '',
        };
        return readInputs((name) => values[name] ?? '', { repository: 'acme/app', actor: 'octocat', runnerTemp: workDir, env: {} });
      };
      const quiet = { info: () => undefined, warning: () => undefined };
      const registry = createImagePublisher({
        registry: env.registry,
        credentials: { username: env.registryUser, password: env.registryPassword },
        exportImage: (imageId, dir) => exportImage(engine, imageId, dir),
        tempRoot: workDir,
        log: quiet,
      });
      // As the action: the SBOM's `trivy convert` is checked against the hash recorded at install.
      const trivySha256 = await sha256OfFile(env.trivyPath);
      const attestPort: AttestPort = {
        hasOidcToken: false,
        openSigner: () => createKeySigner(pem, ''),
        registry,
        writeSbom: async (report, trivyPath) => {
          const file = path.join(workDir, 'sbom.cdx.json');
          return { path: file, bytes: await writeCycloneDxSbom({ trivyPath, trivySha256, report, outputFile: file, timeoutSeconds: 120 }) };
        },
        trivyDatabase: async () => ({ updatedAt: undefined, version: undefined }),
        run: runContextFrom({}),
        runId: undefined,
        notice: () => undefined,
        info: () => undefined,
      };

      const once = async (attest: 'off' | 'key'): Promise<number> => {
        const inputs = inputsFor(attest);
        const plan = planRun(inputs, EVENT, { workspace: context, now: new Date() });
        const ports = { ...createBenchPorts({ env, cacheDir: cache, workDir, builder, serialise: false }), registry, attest: attestPort };
        const started = performance.now();
        const result = await runGate(inputs, plan, ports);
        const ms = performance.now() - started;
        if (result.decision.verdict !== 'pass') throw new Error(`the example app did not pass: ${result.decision.summary}`);
        if ((attest === 'key') !== (result.attested !== undefined)) throw new Error(`attest: ${attest} but attested = ${JSON.stringify(result.attested)}`);
        if (result.imageId) await removeImage(env, result.imageId);
        return ms;
      };

      const rounds = quick ? 2 : 9;
      log(`  1 warm-up each, ${rounds} measured rounds of each`);
      await once('off');
      await once('key');
      const off: number[] = [];
      const on: number[] = [];
      for (let i = 0; i < rounds; i++) {
        if (i % 2 === 0) {
          off.push(await once('off'));
          on.push(await once('key'));
        } else {
          on.push(await once('key'));
          off.push(await once('off'));
        }
      }
      const offMs = median(off);
      const onMs = median(on);
      return {
        measurements: [
          measurement('runGate with push, attest: key ÷ attest: off', round(onMs / offMs), 'ratio', { kind: 'ratio', limit: 1.1, description: '≤ 1.1× (issue: attested verdict and SBOM)' }, {
            offMs: round(offMs, 0),
            onMs: round(onMs, 0),
            rounds,
          }),
        ],
        notes: ['Keyless signing adds the round trips to the OIDC endpoint, Fulcio and Rekor (not measurable offline).'],
      };
    } finally {
      temp.cleanup();
    }
  },
};
