import * as core from '@actions/core';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AttachmentRegistry } from './adapters/attest/attach.js';
import { createKeySigner } from './adapters/attest/key-signer.js';
import type { AttestationSigner } from './adapters/attest/signer.js';
import { writeCycloneDxSbom } from './adapters/attest/sbom.js';
import type { AttestPort } from './attest-phase.js';
import { runContextFrom } from './domain/attest/verdict-predicate.js';
import type { Inputs } from './inputs.js';
import { buildOpenVex } from './domain/vex/openvex.js';
import { ACTION_VERSION } from './version.js';

/** The attest phase's real world: the key or Sigstore, Trivy for the SBOM, the Trivy DB metadata, the registry. */
export function createLiveAttestPort(
  inputs: Inputs,
  registry: AttachmentRegistry,
  runDir: string,
  /** The SHA-256 the installer recorded for the Trivy it verified: `trivy convert` is checked against it before it runs, like every scan. */
  trivySha256: () => string | undefined,
  env: Record<string, string | undefined> = process.env,
): AttestPort {
  return {
    hasOidcToken: Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL),
    openSigner: (mode) =>
      mode === 'key'
        ? createKeySigner(inputs.attestKey, inputs.attestKeyPassword)
        : lazyKeylessSigner(env, inputs.timeoutSeconds * 1000),
    registry,
    async writeSbom(report, trivyPath, platform) {
      // The run's own directory: two jobs sharing RUNNER_TEMP must never read each other's SBOM.
      const path = platform === undefined ? join(runDir, 'sbom.cdx.json') : join(runDir, 'sbom', `${platform.replaceAll('/', '-')}.cdx.json`);
      if (platform !== undefined) await mkdir(dirname(path), { recursive: true });
      return { path, bytes: await writeCycloneDxSbom({ trivyPath, trivySha256: trivySha256(), report, outputFile: path, timeoutSeconds: inputs.timeoutSeconds }) };
    },
    async trivyDatabase() {
      try {
        const metadata = JSON.parse(await readFile(join(inputs.trivyCacheDir, 'db', 'metadata.json'), 'utf8')) as { UpdatedAt?: unknown; Version?: unknown };
        return {
          updatedAt: typeof metadata.UpdatedAt === 'string' ? metadata.UpdatedAt : undefined,
          version: typeof metadata.Version === 'number' ? metadata.Version : undefined,
        };
      } catch {
        // Trivy server mode has no local DB: the predicate records null rather than guessing.
        return undefined;
      }
    },
    // The policy file's exceptions as OpenVEX about this very digest, signed like the other statements.
    async openVex({ decision, subject }) {
      const registryHost = subject.name.slice(0, subject.name.length - subject.repository.length - 1);
      const { document } = buildOpenVex({
        decision,
        product: { kind: 'pushed', registry: registryHost, repository: subject.repository, digest: subject.digest },
        author: `container-security-gate policy file ${inputs.policyFile}`,
        tooling: `container-security-gate ${ACTION_VERSION}`,
      });
      return document;
    },
    run: runContextFrom(env),
    runId: env.GITHUB_RUN_ID,
    notice: (line) => core.notice(line),
    info: (line) => core.info(line),
  };
}

/** sigstore-js loads only when a keyless run signs: other runs never pay for it. */
function lazyKeylessSigner(env: Record<string, string | undefined>, timeoutMs: number): AttestationSigner {
  let signer: Promise<AttestationSigner> | undefined;
  return {
    mode: 'keyless',
    async sign(statement) {
      signer ??= import('./adapters/attest/keyless-signer.js').then(({ createKeylessSigner }) =>
        createKeylessSigner({ env, onSecret: (value) => core.setSecret(value), timeoutMs }),
      );
      return (await signer).sign(statement);
    },
  };
}
