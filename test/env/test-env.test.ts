// The contract the other integration tests build on: what `npm run test:env` set up
// really answers, and every fixture image yields exactly the findings they expect.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFixtureContext,
  type FixtureImage,
  loadTestEnv,
  registryCatalog,
  registryTags,
  type TestEnv,
  testEnvPath,
  TRIVY_OFFLINE_FLAGS,
} from './test-env.js';

const run = promisify(execFile);

interface TrivyReport {
  Results?: {
    Target: string;
    Vulnerabilities?: { VulnerabilityID: string; PkgName: string; Severity: string }[];
    Secrets?: { RuleID: string; Severity: string }[];
    Misconfigurations?: { ID: string; Status: string }[];
  }[];
}

/** "vuln:CRITICAL:CVE-…:pkg" / "secret:CRITICAL:rule" / "misconfig:ID", sorted. */
function findings(report: TrivyReport): string[] {
  return (report.Results ?? [])
    .flatMap((result) => [
      ...(result.Vulnerabilities ?? []).map((v) => `vuln:${v.Severity}:${v.VulnerabilityID}:${v.PkgName}`),
      ...(result.Secrets ?? []).map((s) => `secret:${s.Severity}:${s.RuleID}`),
      ...(result.Misconfigurations ?? []).filter((m) => m.Status === 'FAIL').map((m) => `misconfig:${m.ID}`),
    ])
    .sort();
}

async function trivy(env: TestEnv, args: string[]): Promise<TrivyReport> {
  const { stdout } = await run(env.trivyPath, args, { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as TrivyReport;
}

const VULNERABLE = [
  'vuln:CRITICAL:CVE-2021-44906:minimist',
  'vuln:HIGH:CVE-2021-23337:lodash',
  'vuln:LOW:CVE-2024-47764:cookie',
  'vuln:MEDIUM:CVE-2020-28500:lodash',
];
const FIXTURES: { name: FixtureImage; image: string[]; context: string[] }[] = [
  { name: 'clean', image: [], context: [] },
  { name: 'vulnerable', image: VULNERABLE, context: VULNERABLE },
  { name: 'secret', image: ['secret:CRITICAL:github-pat'], context: ['secret:CRITICAL:github-pat'] },
];

describe('test environment', () => {
  const env = loadTestEnv();
  const tags = new Map<FixtureImage, string>();
  const contexts: { dir: string; cleanup: () => void }[] = [];

  beforeAll(async () => {
    for (const { name } of FIXTURES) {
      const context = copyFixtureContext(env, name);
      contexts.push(context);
      const tag = `csg-env-selftest-${name}:${process.pid}`;
      await run(env.dockerCli, ['build', '--network', 'none', '-q', '-t', tag, context.dir], {
        env: { ...process.env, DOCKER_HOST: env.dockerHost, DOCKER_BUILDKIT: '1' },
      });
      tags.set(name, tag);
    }
  });

  afterAll(async () => {
    contexts.forEach((context) => context.cleanup());
    if (tags.size > 0) {
      await run(env.dockerCli, ['rmi', '-f', ...tags.values()], {
        env: { ...process.env, DOCKER_HOST: env.dockerHost },
      });
    }
  });

  it('copies an executable busybox into fixture contexts', () => {
    const mode = statSync(path.join(contexts[0]!.dir, 'busybox')).mode;
    expect(mode & 0o111).not.toBe(0);
  });

  it.each(FIXTURES)('image scan of $name yields exactly the expected findings', async ({ name, image }) => {
    const report = await trivy(env, [
      'image',
      '--image-src',
      'docker',
      '--cache-dir',
      env.trivyCacheDir,
      '--cache-backend',
      'memory',
      ...TRIVY_OFFLINE_FLAGS,
      '--format',
      'json',
      tags.get(name)!,
    ]);
    expect(findings(report)).toEqual(image);
  });

  it.each(FIXTURES)('filesystem scan of the $name context yields exactly the expected findings', async ({ name, context }) => {
    const dir = contexts[FIXTURES.findIndex((f) => f.name === name)]!.dir;
    const report = await trivy(env, [
      'fs',
      '--cache-dir',
      env.trivyCacheDir,
      '--cache-backend',
      'memory',
      ...TRIVY_OFFLINE_FLAGS,
      '--scanners',
      'vuln,secret,misconfig',
      '--format',
      'json',
      dir,
    ]);
    expect(findings(report)).toEqual(context);
  });

  it('trivy fails without a vulnerability DB instead of passing silently', async () => {
    const emptyCache = mkdtempSync(path.join(tmpdir(), 'csg-empty-cache-'));
    try {
      const result = run(env.trivyPath, [
        'image',
        '--image-src',
        'docker',
        '--cache-dir',
        emptyCache,
        ...TRIVY_OFFLINE_FLAGS,
        '--format',
        'json',
        tags.get('clean')!,
      ]);
      await expect(result).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('--skip-db-update cannot be specified on the first run'),
      });
    } finally {
      rmSync(emptyCache, { recursive: true, force: true });
    }
  });

  it('registry demands credentials and accepts only the generated ones', async () => {
    const anonymous = await fetch(`http://${env.registry}/v2/`);
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`http://${env.registry}/v2/`, {
      headers: { authorization: `Basic ${Buffer.from(`${env.registryUser}:not-the-password`).toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    expect(env.registryPassword).toMatch(/^csg-canary-[0-9a-f]{24}$/);
    expect(Array.isArray(await registryCatalog(env))).toBe(true);
  });

  it('registryTags reports nothing for a repository that was never pushed', async () => {
    expect(await registryTags(env, `csg-never-pushed-${process.pid}`)).toEqual([]);
  });

  it('keeps the env description (it holds the password) private to its owner', () => {
    expect(statSync(testEnvPath()).mode & 0o077).toBe(0);
  });
});
