import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachmentRegistry } from './adapters/attest/attach.js';
import { createKeySigner } from './adapters/attest/key-signer.js';
import type { AttestationSigner } from './adapters/attest/signer.js';
import { writeCycloneDxSbom } from './adapters/attest/sbom.js';
import type { AttestPort } from './attest-phase.js';
import { runContextFrom } from './domain/attest/verdict-predicate.js';
import type { Inputs } from './inputs.js';
import { runFilesDir } from './plan.js';

/** The attest phase's real world: the key or Sigstore, Trivy for the SBOM, the Trivy DB metadata, the registry. */
export function createLiveAttestPort(inputs: Inputs, registry: AttachmentRegistry, env: Record<string, string | undefined> = process.env): AttestPort {
  return {
    hasOidcToken: Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL),
    openSigner: (mode) =>
      mode === 'key'
        ? createKeySigner(inputs.attestKey, inputs.attestKeyPassword)
        : lazyKeylessSigner(env, inputs.timeoutSeconds * 1000),
    registry,
    async writeSbom(report, trivyPath) {
      const path = join(runFilesDir(env.RUNNER_TEMP ?? '/tmp'), 'sbom.cdx.json');
      return { path, bytes: await writeCycloneDxSbom({ trivyPath, report, outputFile: path, timeoutSeconds: inputs.timeoutSeconds }) };
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
