// The real parts the integration tests drive (Docker engine, registry, Trivy with a
// fixture vulnerability DB), as described by `npm run test:env` (test/env/up.sh).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TestEnv {
  /** Docker Engine endpoint, e.g. unix:///var/run/docker.sock */
  dockerHost: string;
  /** Docker CLI matching the engine (Debian 20.10), e.g. /usr/bin/docker */
  dockerCli: string;
  /** host:port of the local registry (htpasswd auth, delete enabled) */
  registry: string;
  registryUser: string;
  /** Canary value: it must never appear in any output, log or report. */
  registryPassword: string;
  trivyPath: string;
  trivyVersion: string;
  /** Trivy --cache-dir holding only the fixture DB built from fixtures/advisories. */
  trivyCacheDir: string;
  /** Static busybox to copy into fixture build contexts. */
  busybox: string;
  /** Where up.sh keeps logs, pid files and registry storage. */
  stateDir: string;
}

/** Image fixtures under fixtures/images/. */
/** fixtures/images/<name>, or the demo's fixtures/example-app. */
export type FixtureImage = 'clean' | 'vulnerable' | 'secret' | 'example-app';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Flags that keep Trivy fully offline and quiet when scanning with `trivyCacheDir`. */
export const TRIVY_OFFLINE_FLAGS: readonly string[] = [
  '--skip-db-update',
  '--skip-java-db-update',
  '--skip-check-update',
  '--offline-scan',
  '--skip-version-check',
  '--disable-telemetry',
  '--no-progress',
  '--quiet',
];

export function testEnvPath(): string {
  return process.env.CSG_TEST_ENV ?? path.join(homedir(), '.cache', 'container-security-gate', 'test-env.json');
}

const REQUIRED_KEYS = [
  'dockerHost',
  'dockerCli',
  'registry',
  'registryUser',
  'registryPassword',
  'trivyPath',
  'trivyVersion',
  'trivyCacheDir',
  'busybox',
  'stateDir',
] as const satisfies readonly (keyof TestEnv)[];

export function loadTestEnv(): TestEnv {
  const file = testEnvPath();
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`test environment description ${file} is missing: run \`npm run test:env\` first`, {
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`test environment description ${file} is not JSON: run \`npm run test:env\` again`, {
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new Error(`test environment description ${file} is not an object: run \`npm run test:env\` again`);
  }
  const record = parsed as Record<string, unknown>;
  const missing = REQUIRED_KEYS.filter((key) => typeof record[key] !== 'string' || record[key] === '');
  if (missing.length > 0) {
    throw new Error(
      `test environment description ${file} lacks ${missing.join(', ')}: run \`npm run test:env\` again`,
    );
  }
  return Object.fromEntries(REQUIRED_KEYS.map((key) => [key, record[key]])) as unknown as TestEnv;
}

function basicAuth(env: TestEnv): string {
  return `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}`;
}

async function registryGet(env: TestEnv, pathAndQuery: string): Promise<Response> {
  return fetch(`http://${env.registry}${pathAndQuery}`, {
    headers: { authorization: basicAuth(env), accept: 'application/json' },
  });
}

/** Repository names the registry knows (a repository can outlive its deleted tags). */
export async function registryCatalog(env: TestEnv): Promise<string[]> {
  // The registry caps a page at 1000 entries and links the next page in a Link header.
  const repositories: string[] = [];
  let next: string | undefined = '/v2/_catalog?n=1000';
  while (next !== undefined) {
    const response = await registryGet(env, next);
    if (response.status !== 200) {
      throw new Error(`registry catalog: HTTP ${response.status} from ${env.registry}`);
    }
    const body = (await response.json()) as { repositories?: string[] | null };
    repositories.push(...(body.repositories ?? []));
    next = /^<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return repositories;
}

/** Tags of `repository`; [] when the registry holds nothing under that name. */
export async function registryTags(env: TestEnv, repository: string): Promise<string[]> {
  const response = await registryGet(env, `/v2/${repository}/tags/list`);
  if (response.status === 404) {
    await response.body?.cancel();
    return [];
  }
  if (response.status !== 200) {
    throw new Error(`registry tags of ${repository}: HTTP ${response.status} from ${env.registry}`);
  }
  const body = (await response.json()) as { tags?: string[] | null };
  return body.tags ?? [];
}

/**
 * Copy fixtures/images/<name> into a fresh temp dir and add the host's static
 * busybox as ./busybox (the Dockerfiles COPY it; the binary is never committed).
 * Returns the context dir and a cleanup function.
 */
export function copyFixtureContext(env: TestEnv, name: FixtureImage): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `csg-fixture-${name}-`));
  const source = name === 'example-app' ? path.join(REPO_ROOT, 'fixtures', 'example-app') : path.join(REPO_ROOT, 'fixtures', 'images', name);
  cpSync(source, dir, { recursive: true });
  cpSync(env.busybox, path.join(dir, 'busybox'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
