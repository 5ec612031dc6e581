// Fault injection at the Trivy download: the bundled action installs Trivy from a release
// mirror on 127.0.0.1 that answers 404, 500, a cut-off transfer, a damaged archive or a wrong
// checksum. Every one is `error` / `trivy-install`, nothing is built or pushed, and no secret
// is printed. One release-shaped archive that wraps the real Trivy proves the path end to end.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { trivyReleaseIdentity } from '../../src/adapters/trivy/sigstore-bundle.js';
import { loadTestEnv, registryTags, type TestEnv } from '../env/test-env.js';
import { expectOutcome, fixtureContext, gateInputs, cleanUpRuns, runTracked, uniqueRepository } from '../support/fault-run.js';
import { startReleaseServer, tarGz, type ReleaseRoute, type ReleaseServer } from '../support/fault-servers.js';
import type { ActionRun } from '../support/run-action.js';
import { createSigstoreWorld, type SigstoreWorld } from '../support/sigstore-fixtures.js';

// Not the pinned 0.74.0: the action carries no checksum for it, so the mirror's checksums file is
// used; and older than v0.68.1, so there is no Sigstore bundle to check (see the bundle cases below).
const VERSION = '0.67.2';
const ARCHIVE = `trivy_${VERSION}_Linux-64bit.tar.gz`;
const CHECKSUMS = `trivy_${VERSION}_checksums.txt`;
const ARCHIVE_PATH = `/v${VERSION}/${ARCHIVE}`;
const CHECKSUMS_PATH = `/v${VERSION}/${CHECKSUMS}`;

let env: TestEnv;
let archive: Buffer;
let server: ReleaseServer | undefined;

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function checksumsFile(entries: Record<string, string>): string {
  return `${Object.entries(entries)
    .map(([name, hash]) => `${hash}  ${name}`)
    .join('\n')}\n`;
}

beforeAll(async () => {
  env = loadTestEnv();
  // Release-shaped: `trivy` at the top level, next to the files goreleaser ships. The binary is
  // a wrapper that reports the requested version and lets the real test Trivy do the scanning.
  const wrapper = `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Version: ${VERSION}"; exit 0; fi\nexec '${env.trivyPath}' "$@"\n`;
  archive = await tarGz([
    { name: 'LICENSE', content: 'Apache License 2.0\n' },
    { name: 'README.md', content: '# Trivy\n' },
    { name: 'trivy', content: wrapper, mode: 0o755 },
  ]);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  cleanUpRuns();
});

afterAll(() => cleanUpRuns());

async function runWithMirror(routes: Record<string, ReleaseRoute>, label: string, version = VERSION, toolCache?: string): Promise<{ run: ActionRun; repository: string }> {
  server = await startReleaseServer(routes);
  const repository = uniqueRepository(label);
  const context = fixtureContext(env, 'clean');
  const run = await runTracked({
    inputs: {
      ...gateInputs(env, context, `${env.registry}/${repository}`),
      'trivy-path': '',
      'trivy-version': version,
      'trivy-download-url': server.url,
      tags: 'e2e',
    },
    ...(toolCache !== undefined && { env: { RUNNER_TOOL_CACHE: toolCache } }),
  });
  return { run, repository };
}

describe('Trivy download faults', () => {
  it.each<{ fault: string; routes: () => Record<string, ReleaseRoute>; says: RegExp; requests?: number }>([
    {
      fault: 'the archive is missing (404)',
      routes: () => ({ [CHECKSUMS_PATH]: { body: checksumsFile({ [ARCHIVE]: sha256(archive) }) }, [ARCHIVE_PATH]: { status: 404 } }),
      says: /returned HTTP 404.*has no release asset trivy_0\.67\.2_Linux-64bit\.tar\.gz/,
      // checksums once, archive once: a 404 is not retried
      requests: 2,
    },
    {
      fault: 'the mirror fails with 500 on every try',
      routes: () => ({ [CHECKSUMS_PATH]: { body: checksumsFile({ [ARCHIVE]: sha256(archive) }) }, [ARCHIVE_PATH]: { status: 500 } }),
      says: /could not download trivy_0\.67\.2_Linux-64bit\.tar\.gz: .*HTTP 500.*\(after 3 attempts\)/,
      requests: 4,
    },
    {
      fault: 'the transfer is cut off half way',
      routes: () => ({
        [CHECKSUMS_PATH]: { body: checksumsFile({ [ARCHIVE]: sha256(archive) }) },
        [ARCHIVE_PATH]: { body: archive, cutAfterBytes: Math.floor(archive.length / 2) },
      }),
      says: /could not download trivy_0\.67\.2_Linux-64bit\.tar\.gz: .*\(after 3 attempts\)/,
      requests: 4,
    },
    {
      fault: 'the archive itself is truncated (and its checksum matches the damaged file)',
      routes: () => {
        const truncated = archive.subarray(0, Math.floor(archive.length / 2));
        return { [CHECKSUMS_PATH]: { body: checksumsFile({ [ARCHIVE]: sha256(truncated) }) }, [ARCHIVE_PATH]: { body: truncated } };
      },
      says: /could not be extracted \(truncated or corrupt archive\)/,
    },
    {
      fault: 'the checksum does not match',
      routes: () => ({ [CHECKSUMS_PATH]: { body: checksumsFile({ [ARCHIVE]: sha256(Buffer.from('another file')) }) }, [ARCHIVE_PATH]: { body: archive } }),
      says: /failed SHA-256 verification: expected [0-9a-f]{64} \(trivy_0\.67\.2_checksums\.txt\), got [0-9a-f]{64}/,
    },
    {
      fault: 'the checksums file is missing (404)',
      routes: () => ({ [ARCHIVE_PATH]: { body: archive } }),
      says: /has no trivy_0\.67\.2_checksums\.txt, so the download cannot be verified/,
      // the archive is never fetched without a checksum to check it against
      requests: 1,
    },
  ])('$fault → error, trivy-install', async ({ routes, says, requests }) => {
    const { run, repository } = await runWithMirror(routes(), 'trivy-install');

    await expectOutcome(env, run, { verdict: 'error', reason: 'trivy-install', repository });
    expect(run.stdout).toMatch(says);
    // Nothing after the install ran: no build, no scan.
    expect(run.stdout).not.toMatch(/^::group::Build /m);
    expect(run.outputs['image-id']).toBe('');
    if (requests !== undefined) expect(server!.requests).toHaveLength(requests);
  });

  it('a verified release-shaped archive is installed and its trivy does the scanning → pass, pushed', async () => {
    const { run, repository } = await runWithMirror(
      { [CHECKSUMS_PATH]: { body: checksumsFile({ [ARCHIVE]: sha256(archive), [`trivy_${VERSION}_macOS-64bit.tar.gz`]: sha256(Buffer.from('mac')) }) }, [ARCHIVE_PATH]: { body: archive } },
      'trivy-download',
    );

    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed', repository });
    expect(run.stdout).toContain(`${ARCHIVE} matches SHA-256 ${sha256(archive)} (${CHECKSUMS})`);
    expect(run.stdout).toMatch(/Trivy 0\.67\.2: installed in the tool cache \(.*tool-cache\/trivy\/0\.67\.2\/x64\/trivy_0\.67\.2_Linux-64bit\.tar\.gz\)/);
    // The installed wrapper ran the real scans (their command lines are logged).
    expect(run.stdout).toMatch(/trivy fs --format json/);
    // A push to a new repository: the image scan reads the verified export that is uploaded.
    expect(run.stdout).toMatch(/trivy image --format json .* --input sha256:[0-9a-f]{64}\n/);
    expect(server!.requests).toEqual([CHECKSUMS_PATH, ARCHIVE_PATH]);
    expect(await registryTags(env, repository)).toEqual(['e2e']);
    expect(run.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

// The tool cache may be shared with other jobs: what one run cached, the next verifies again.
describe('a shared tool cache', () => {
  it('an archive changed in the tool cache between two runs → the second run is error, trivy-install, and runs nothing', async () => {
    const toolCache = mkdtempSync(join(tmpdir(), 'csg-i13b-toolcache-'));
    try {
      const good = { [CHECKSUMS_PATH]: { body: checksumsFile({ [ARCHIVE]: sha256(archive) }) }, [ARCHIVE_PATH]: { body: archive } };
      const first = await runWithMirror(good, 'trivy-cache-first', VERSION, toolCache);
      await expectOutcome(env, first.run, { verdict: 'pass', reason: 'passed' });
      await server!.close();

      const cached = join(toolCache, 'trivy', VERSION, 'x64', ARCHIVE);
      const marker = join(toolCache, 'evil-ran');
      const evil = await tarGz([{ name: 'trivy', content: `#!/bin/sh\ntouch '${marker}'\necho "Version: ${VERSION}"\n`, mode: 0o755 }]);
      writeFileSync(cached, evil);
      const second = await runWithMirror(good, 'trivy-cache-second', VERSION, toolCache);
      await expectOutcome(env, second.run, { verdict: 'error', reason: 'trivy-install', repository: second.repository });
      expect(second.run.stdout).toContain(`the tool cache copy of ${ARCHIVE} (${cached}) failed SHA-256 verification`);
      expect(second.run.stdout).not.toMatch(/^::group::Build /m);
      expect(existsSync(marker)).toBe(false);
      // Only the checksums file was fetched: the cached archive was not silently replaced.
      expect(server!.requests).toEqual([CHECKSUMS_PATH]);
    } finally {
      rmSync(toolCache, { recursive: true, force: true });
    }
  });
});

// v0.68.1 and later: the archive must also carry a Sigstore bundle from Trivy's release workflow
// that verifies against the public-good root in the bundle. A mirror can serve a consistent
// archive + checksums file, but not such a signature: here a test CA signs it, and is refused.
describe('Trivy releases with Sigstore bundles, through the bundled action', () => {
  const SIGNED = '0.70.0';
  const SIGNED_ARCHIVE = `trivy_${SIGNED}_Linux-64bit.tar.gz`;
  let world: SigstoreWorld;
  let signedArchive: Buffer;
  beforeAll(async () => {
    world = createSigstoreWorld();
    const wrapper = `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Version: ${SIGNED}"; exit 0; fi\nexec '${env.trivyPath}' "$@"\n`;
    signedArchive = await tarGz([{ name: 'trivy', content: wrapper, mode: 0o755 }]);
  });
  afterAll(() => world.dispose());

  const routes = (bundle: string | undefined): Record<string, ReleaseRoute> => ({
    [`/v${SIGNED}/trivy_${SIGNED}_checksums.txt`]: { body: checksumsFile({ [SIGNED_ARCHIVE]: sha256(signedArchive) }) },
    [`/v${SIGNED}/${SIGNED_ARCHIVE}`]: { body: signedArchive },
    ...(bundle !== undefined && { [`/v${SIGNED}/${SIGNED_ARCHIVE}.sigstore.json`]: { body: bundle } }),
  });

  it('a bundle that does not chain to the carried Sigstore root → error, trivy-install, nothing run', async () => {
    const bundle = world.bundle(signedArchive, world.issueCertificate(trivyReleaseIdentity(SIGNED)));
    const { run, repository } = await runWithMirror(routes(bundle), 'trivy-sigstore', SIGNED);
    await expectOutcome(env, run, { verdict: 'error', reason: 'trivy-install', repository });
    expect(run.stdout).toContain(`${SIGNED_ARCHIVE} failed Sigstore verification`);
    expect(run.stdout).not.toMatch(/^::group::Build /m);
  });

  it('no bundle beside the archive → error, trivy-install, the archive is never fetched', async () => {
    const { run, repository } = await runWithMirror(routes(undefined), 'trivy-sigstore-missing', SIGNED);
    await expectOutcome(env, run, { verdict: 'error', reason: 'trivy-install', repository });
    expect(run.stdout).toContain(`has no ${SIGNED_ARCHIVE}.sigstore.json, so the download cannot be verified`);
    expect(server!.requests).not.toContain(`/v${SIGNED}/${SIGNED_ARCHIVE}`);
  });
});
