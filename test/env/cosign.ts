// The real cosign the attestation tests verify with, built by test/env/cosign.sh (run from
// up.sh) into ~/.cache/container-security-gate/cosign/<version>/cosign.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENV_DIR = path.dirname(fileURLToPath(import.meta.url));

export function cosignVersion(): string {
  const match = /^COSIGN_VERSION=([^\s#]+)/m.exec(readFileSync(path.join(ENV_DIR, 'versions.env'), 'utf8'));
  if (!match) throw new Error('COSIGN_VERSION missing from test/env/versions.env');
  return match[1]!;
}

/** Path of the cosign binary; throws with the command that builds it when it is missing. */
export function cosignPath(): string {
  const root = process.env.CSG_CACHE_ROOT ?? path.join(homedir(), '.cache', 'container-security-gate');
  const binary = path.join(root, 'cosign', cosignVersion(), 'cosign');
  if (!existsSync(binary)) throw new Error(`cosign is not built at ${binary}: run \`npm run test:env\` (test/env/cosign.sh)`);
  return binary;
}

export interface CosignRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs cosign with a private environment: no TUF, no network defaults, the given DOCKER_CONFIG. */
export function runCosign(args: string[], options: { dockerConfig: string; env?: Record<string, string>; cwd?: string }): CosignRun {
  const result = spawnSync(cosignPath(), args, {
    encoding: 'utf8',
    cwd: options.cwd,
    timeout: 120_000,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.dockerConfig,
      DOCKER_CONFIG: options.dockerConfig,
      TUF_ROOT: path.join(options.dockerConfig, 'tuf'),
      SIGSTORE_NO_CACHE: 'true',
      ...options.env,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
