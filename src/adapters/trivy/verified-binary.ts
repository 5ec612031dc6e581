import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { GateError } from '../../domain/gate-error.js';
import { sha256File } from './release-download.js';

/**
 * The Trivy the gate runs, and the SHA-256 its bytes must have every time it runs.
 *
 * Why a private copy: the tool cache (and RUNNER_TEMP) may be shared with other jobs, so a file
 * there can change between our hash and our exec. The installer writes the verified bytes into
 * this run's own work directory (mkdtemp, mode 0700, unguessable name); only this job's user
 * can change them, and they are hashed again right before each execution.
 */
export interface VerifiedTrivyBinary {
  path: string;
  /** Recorded from the verification (or, for trivy-path, from the first look): held in memory only. */
  sha256: string;
}

/** Copies `source` into a fresh private directory under `workDir`, hashing exactly the bytes written. */
export async function copyHashed(source: string, workDir: string, name: string): Promise<{ path: string; sha256: string }> {
  await mkdir(workDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(workDir, 'bin-'));
  const path = join(dir, name);
  const hash = createHash('sha256');
  await pipeline(
    createReadStream(source),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    // wx: never write through a file (or link) someone placed there first.
    createWriteStream(path, { flags: 'wx', mode: 0o700 }),
  );
  return { path, sha256: hash.digest('hex') };
}

/** Before each use: the binary still has the bytes that were verified, or the gate stops. */
export async function requireUnchangedTrivy(binary: VerifiedTrivyBinary): Promise<void> {
  let actual: string;
  try {
    actual = await sha256File(binary.path);
  } catch (error) {
    throw new GateError('trivy-install', `the verified Trivy at ${binary.path} can no longer be read: ${(error as Error).message}`, {
      cause: error,
      remedy: 'Something on this runner removed the gate\'s private copy of Trivy during the job; re-run the job on a runner that no other job shares.',
    });
  }
  if (actual !== binary.sha256) {
    throw new GateError('trivy-install', `the Trivy at ${binary.path} changed after it was verified: SHA-256 ${actual}, expected ${binary.sha256}. It was not run.`, {
      remedy: 'Another process on this runner modified the binary during the job. Treat the runner as compromised: take it out of service, then re-run the job on a clean runner.',
    });
  }
}
