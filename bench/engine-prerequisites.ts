// What the engine-backed cases need from the test environment (`npm run test:env`), checked
// up front so that a missing part skips the case with a reason instead of failing it.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadTestEnv, type TestEnv } from '../test/env/test-env.js';
import { runCommand, runCommandOk, SkipCase } from './harness.js';

export function requireTestEnv(): TestEnv {
  try {
    return loadTestEnv();
  } catch (error) {
    throw new SkipCase(error instanceof Error ? error.message : String(error));
  }
}

export async function requireDocker(env: TestEnv): Promise<void> {
  if (!existsSync(env.dockerCli)) throw new SkipCase(`${env.dockerCli} is missing`);
  const version = await runCommand(env.dockerCli, ['version', '--format', '{{.Server.APIVersion}}'], { env: dockerEnv(env), timeoutMs: 15_000 });
  if (version.code !== 0) throw new SkipCase(`the Docker engine at ${env.dockerHost} does not answer: ${version.stderr.trim().split('\n')[0] ?? ''}`);
}

export function dockerEnv(env: TestEnv): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_HOST: env.dockerHost, DOCKER_BUILDKIT: '1' };
}

/**
 * A private copy of the fixture vulnerability DB: Trivy locks its cache (BoltDB) while it
 * scans, so sharing the test cache with tests running at the same time would serialise them.
 */
export function privateTrivyCache(env: TestEnv, dir: string): string {
  if (!existsSync(env.trivyPath)) throw new SkipCase(`Trivy ${env.trivyPath} is missing (npm run test:env builds it)`);
  const db = path.join(env.trivyCacheDir, 'db');
  if (!existsSync(path.join(db, 'trivy.db'))) throw new SkipCase(`no fixture DB in ${db} (npm run test:env builds it)`);
  const cache = path.join(dir, 'trivy-cache');
  mkdirSync(cache, { recursive: true });
  cpSync(db, path.join(cache, 'db'), { recursive: true });
  return cache;
}

/** Removes an image the benchmark built (by ID, so that no earlier build is left dangling). */
export async function removeImage(env: TestEnv, imageId: string): Promise<void> {
  if (imageId === '') return;
  await runCommand(env.dockerCli, ['image', 'rm', '--force', imageId], { env: dockerEnv(env), timeoutMs: 60_000 });
}

/** `docker build --quiet` prints the image ID and nothing else; builds it, removes it, returns the time. */
export async function timeCliBuild(env: TestEnv, context: string): Promise<number> {
  const result = await runCommandOk(env.dockerCli, ['build', '--network', 'none', '--no-cache', '--quiet', context], { env: dockerEnv(env) });
  await removeImage(env, result.stdout.trim());
  return result.ms;
}
