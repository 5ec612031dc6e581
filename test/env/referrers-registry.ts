// A registry with the OCI 1.1 referrers API (go-containerregistry's, see
// test/env/referrers-registry/main.go), built by test/env/referrers-registry.sh (run from
// up.sh). Each test file starts its own on a free 127.0.0.1 port and stops it afterwards:
// it keeps everything in memory, so nothing outlives the test file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'referrers-registry');

/** Path of the binary built from the current source; throws with the command that builds it. */
export function referrersRegistryPath(): string {
  const source = Buffer.concat(['main.go', 'go.mod', 'go.sum'].map((file) => readFileSync(path.join(SOURCE_DIR, file))));
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const root = process.env.CSG_CACHE_ROOT ?? path.join(homedir(), '.cache', 'container-security-gate');
  const binary = path.join(root, 'referrers-registry', hash, 'referrers-registry');
  if (!existsSync(binary)) throw new Error(`the referrers registry is not built at ${binary}: run \`npm run test:env\` (test/env/referrers-registry.sh)`);
  return binary;
}

export interface ReferrersRegistry {
  /** `127.0.0.1:<port>`, as in image references. */
  address: string;
  close(): Promise<void>;
}

/** Starts one on a free loopback port; with credentials it answers 401 + Basic challenge without them. */
export async function startReferrersRegistry(credentials?: { username: string; password: string }): Promise<ReferrersRegistry> {
  const child: ChildProcess = spawn(referrersRegistryPath(), ['-port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...(credentials && { REFERRERS_REGISTRY_USER: credentials.username, REFERRERS_REGISTRY_PASSWORD: credentials.password }),
    },
  });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the referrers registry did not start within 10s: ${err}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the referrers registry exited with ${code}: ${err}`));
    });
  });
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
