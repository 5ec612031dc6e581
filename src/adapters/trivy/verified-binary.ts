import { createHash } from 'node:crypto';
import { constants, createReadStream, createWriteStream, type BigIntStats } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { GateError } from '../../domain/gate-error.js';

/**
 * The Trivy the gate runs, and the SHA-256 its bytes must have every time it runs.
 *
 * Why a private copy: the tool cache (and RUNNER_TEMP) may be shared with other jobs, so a file
 * there can change between our hash and our exec. The installer writes the verified bytes into
 * this run's own work directory (mkdtemp, mode 0700, unguessable name); only this job's user
 * can change them, and they are checked again right before each execution.
 *
 * That check does not re-read 250 MB every time: a file is hashed through one open
 * descriptor, with its identity (device, inode, size, modification and change times in
 * nanoseconds) read before and after; while the path still shows that identity, its bytes
 * are the ones hashed. Any write or replacement changes the inode or the change time, which
 * only the kernel sets (not even the file's owner can put it back), and then the file is
 * hashed in full again before it may run.
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

type FileIdentity = string;
const identityOf = (stats: BigIntStats): FileIdentity => [stats.dev, stats.ino, stats.size, stats.mtimeNs, stats.ctimeNs].join(':');
/** path → what it hashed to, and the identity it had while it was hashed. */
const hashedFiles = new Map<string, { sha256: string; identity: FileIdentity }>();

/** SHA-256 (hex) of a file, read through one descriptor that did not change while it was read. */
export async function sha256OfFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const before = identityOf(await handle.stat({ bigint: true }));
    const sha256 = await hashContents(handle);
    const after = identityOf(await handle.stat({ bigint: true }));
    if (before === after) hashedFiles.set(path, { sha256, identity: after });
    else hashedFiles.delete(path);
    return sha256;
  } finally {
    await handle.close();
  }
}

/** Bytes read at a time: large reads, since a 250 MB binary in 64 KiB chunks cost almost twice the time of the hash itself. */
const HASH_READ_BYTES = 4 * 1024 * 1024;

/**
 * SHA-256 (hex) of an open file. The next read is in flight while a block is hashed: a read
 * stream piped into the hash reads, then hashes, one after the other, and on a warm run that
 * wait sits before the first Trivy command (measured 215–245 ms against ~145 ms for 250 MB).
 */
async function hashContents(handle: FileHandle): Promise<string> {
  const hash = createHash('sha256');
  const blocks = [Buffer.allocUnsafe(HASH_READ_BYTES), Buffer.allocUnsafe(HASH_READ_BYTES)];
  let block = 0;
  let position = 0;
  let reading = handle.read(blocks[block]!, 0, HASH_READ_BYTES, position);
  for (;;) {
    const { bytesRead } = await reading;
    if (bytesRead === 0) return hash.digest('hex');
    position += bytesRead;
    const filled = blocks[block]!;
    // The other block: the one just filled is hashed while this read runs.
    block ^= 1;
    reading = handle.read(blocks[block]!, 0, HASH_READ_BYTES, position);
    hash.update(filled.subarray(0, bytesRead));
  }
}

/** Whether `path` still has the identity it had when it was hashed to `sha256`. */
async function unchangedSinceHashed(path: string, sha256: string): Promise<boolean> {
  const hashed = hashedFiles.get(path);
  if (hashed === undefined || hashed.sha256 !== sha256) return false;
  const now = await lstat(path, { bigint: true }).catch(() => undefined);
  return now !== undefined && now.isFile() && identityOf(now) === hashed.identity;
}

/** Before each use: the binary still has the bytes that were verified, or the gate stops. */
export async function requireUnchangedTrivy(binary: VerifiedTrivyBinary): Promise<void> {
  if (await unchangedSinceHashed(binary.path, binary.sha256)) return;
  let actual: string;
  try {
    actual = await sha256OfFile(binary.path);
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
