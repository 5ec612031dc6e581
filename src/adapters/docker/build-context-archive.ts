import { createHash } from 'node:crypto';
import { close, constants, lstat, open, read, readlink, type Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  dockerignoreWithOutsideDockerfile,
  locateDockerfile,
  outsideDockerfileName,
  planContext,
} from '../../domain/build-context.js';
import { DockerignorePatternError } from '../../domain/dockerignore.js';
import { GateError } from '../../domain/gate-error.js';
import { readContainedFile } from '../files/contained-file.js';
import { ArchiveOutput, ArchiveStreamClosed } from './archive-output.js';
import { ContextWalk, listDirectory } from './context-walk.js';
import { blockPadding, encodeTarHeader, END_OF_ARCHIVE, type TarHeader } from './tar-header.js';

/*
 * The build context as the Docker CLI sends it (TarWithOptions with the .dockerignore
 * patterns, uid/gid 0, no user/group names), produced while the engine reads it. Entries
 * come in byte order of their names, depth first, like Go's filepath.WalkDir; the next few
 * are prepared concurrently while one is written, and what is written goes out in large
 * chunks. Memory stays bounded whatever the size of the context: a window of entries, the
 * small files read ahead (READ_AHEAD_BYTES at most) and the output buffer.
 */

export interface ContextArchiveOptions {
  /** The context directory. */
  context: string;
  /** The Dockerfile, relative to the context (it may lie outside it, e.g. `../Dockerfile`). */
  dockerfile: string;
  /**
   * Seconds since the epoch to stamp on every entry (e.g. SOURCE_DATE_EPOCH), so that the
   * same sources give the same COPY layers on every checkout. Default: each file's own
   * modification time, as `docker build` does.
   */
  mtimeEpochSeconds?: number | undefined;
}

export interface ContextArchiveSummary {
  entries: number;
  fileBytes: number;
}

export interface ContextArchive {
  /** The tar stream; read it exactly once. */
  stream: Readable;
  /** The `dockerfile` parameter for the engine: the Dockerfile's name inside the archive. */
  dockerfile: string;
  /** Settles when the archive is complete; rejects with a GateError when a file cannot be read. */
  done: Promise<ContextArchiveSummary>;
}

function contextError(message: string, cause: unknown, remedy: string): GateError {
  const code = (cause as { code?: string } | undefined)?.code;
  const detail = cause instanceof Error ? cause.message : '';
  return new GateError('input-error', code ? `${message} (${code})` : detail ? `${message}: ${detail}` : message, { cause, remedy });
}

function isWithin(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** The context's .dockerignore, read once and only if it resolves inside the context. */
async function readDockerignore(root: string): Promise<string | undefined> {
  const bytes = await readContainedFile('context', '.dockerignore', root, { real: root, name: 'the build context' });
  return bytes?.toString('utf8');
}

/** Linux dev_t → (major, minor), as glibc's gnu_dev_major/minor. */
function deviceNumbers(rdev: number): { devmajor: number; devminor: number } {
  const high = Math.floor(rdev / 2 ** 32);
  const low = rdev % 2 ** 32;
  return {
    devmajor: ((low >>> 8) & 0xfff) | ((high & 0xfffff000) >>> 0),
    devminor: (low & 0xff) | ((low >>> 12) & 0xfff00),
  };
}

/** Files up to this size are read in one go (and may be read ahead); larger ones are streamed in chunks. */
const WHOLE_FILE_BYTES = 512 * 1024;
const STREAM_CHUNK_BYTES = 512 * 1024;
/** Entries prepared ahead of the one being written, and the most file content held for them. */
const WINDOW_ENTRIES = 64;
const READ_AHEAD_BYTES = 8 * 1024 * 1024;
/** Bytes per chunk on the wire, and how far the archive may run ahead of its reader. */
const BATCH_BYTES = 256 * 1024;
const BUFFER_BYTES = 2 * 1024 * 1024;

/** An entry lstat saw as a file is never opened through a link that replaced it since. */
const READ_NO_FOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW;

const UNREADABLE_REMEDY = 'Make it readable by the runner user, or exclude it in .dockerignore.';

type EntryKind = 'file' | 'directory' | 'symlink' | 'fifo' | 'character-device' | 'block-device';

function entryKind(stats: Stats): EntryKind | undefined {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isCharacterDevice()) return 'character-device';
  if (stats.isBlockDevice()) return 'block-device';
  // Sockets: Go's archive/tar refuses them and the CLI leaves them out.
  return undefined;
}

interface Prepared {
  stats: Stats;
  /** Undefined for sockets: Go's archive/tar refuses them and the CLI leaves them out. */
  kind: EntryKind | undefined;
  linkname: string | undefined;
  /** A small file's content, read ahead. */
  content: Buffer | undefined;
  /** Bytes of READ_AHEAD_BYTES this entry holds. */
  reserved: number;
}

function changedSize(expected: number, actual: number): Error {
  return Object.assign(new Error(`changed size while being read (${expected} → ${actual} bytes)`), { code: 'ECHANGED' });
}

/**
 * Reads a whole small file with one read (open, read, close: fewer round trips to the thread
 * pool than readFile). It asks for one byte more than lstat reported, so that a file that grew
 * since shows up as well as one that shrank.
 */
function readWholeFile(file: string, size: number, callback: (error: Error | null, content?: Buffer) => void): void {
  open(file, READ_NO_FOLLOW, (openError, fd) => {
    if (openError) {
      callback(openError);
      return;
    }
    const buffer = Buffer.allocUnsafe(size + 1);
    let filled = 0;
    const finish = (error: Error | null, content?: Buffer): void => {
      close(fd, () => undefined);
      callback(error, content);
    };
    const next = (): void => {
      read(fd, buffer, filled, buffer.length - filled, filled, (readError, bytes) => {
        if (readError) return finish(readError);
        filled += bytes;
        if (filled > size) return finish(changedSize(size, filled));
        if (filled === size) return finish(null, buffer.subarray(0, size));
        if (bytes === 0) return finish(changedSize(size, filled));
        next();
      });
    };
    next();
  });
}

function readWholeFileAsync(file: string, size: number): Promise<Buffer> {
  return new Promise((resolve, reject) => readWholeFile(file, size, (error, content) => (error ? reject(error) : resolve(content!))));
}

function openForReading(file: string): Promise<number> {
  return new Promise((resolve, reject) => open(file, READ_NO_FOLLOW, (error, fd) => (error ? reject(error) : resolve(fd))));
}

function readChunk(fd: number, position: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const buffer = Buffer.allocUnsafe(length);
    read(fd, buffer, 0, length, position, (error, bytes) => (error ? reject(error) : resolve(bytes === length ? buffer : buffer.subarray(0, bytes))));
  });
}

/** Prepares the archive (checks the Dockerfile and .dockerignore) and starts writing it. */
export async function createContextArchive(options: ContextArchiveOptions): Promise<ContextArchive> {
  let root: string;
  try {
    root = await realpath(path.resolve(options.context));
    if (!(await stat(root)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (error) {
    throw contextError(`input 'context': ${options.context} is not a readable directory`, error, 'for example: context: . (relative to the workspace)');
  }

  let dockerfileReal: string;
  try {
    dockerfileReal = await realpath(path.resolve(root, options.dockerfile));
    if (!(await stat(dockerfileReal)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (error) {
    throw contextError(`input 'dockerfile': cannot locate ${options.dockerfile} in ${options.context}`, error, 'for example: dockerfile: Dockerfile (relative to the context)');
  }

  const location = locateDockerfile(root, dockerfileReal);
  // A Dockerfile named inside the context that resolves outside it is a link out of the
  // context (e.g. to /proc/self/environ, which the engine would quote in its parse error).
  // BuildKit refuses it; so do we. Only a path given as outside (`../Dockerfile`) is sent.
  if (location.kind === 'outside' && isWithin(root, path.resolve(root, options.dockerfile))) {
    throw new GateError('input-error', `input 'dockerfile': ${options.dockerfile} resolves outside the build context (symbolic links followed); the gate does not follow links out of the context`, {
      remedy: 'Make the Dockerfile a regular file inside the context.',
    });
  }
  let outside: { name: string; content: Buffer } | undefined;
  if (location.kind === 'outside') {
    const content = await readFile(location.absolutePath);
    outside = { name: outsideDockerfileName(createHash('sha256').update(content).digest('hex')), content };
  }

  const dockerignore = await readDockerignore(root);
  let plan;
  try {
    plan = planContext(dockerignore, location, outside?.name);
  } catch (error) {
    if (error instanceof DockerignorePatternError) {
      throw new GateError('input-error', `${path.join(options.context, '.dockerignore')}: ${error.message}`, {
        remedy: 'Fix the pattern; the syntax is Go filepath.Match plus ** and ! (https://docs.docker.com/build/concepts/context/#dockerignore-files).',
      });
    }
    throw error;
  }

  const fixedMtimeMs = options.mtimeEpochSeconds === undefined ? undefined : new Date(options.mtimeEpochSeconds * 1000).getTime();
  const mtimeOf = (stats: Stats): number => fixedMtimeMs ?? Math.floor(stats.mtimeMs / 1000) * 1000;
  const hardlinks = new Map<string, string>();
  const summary: ContextArchiveSummary = { entries: 0, fileBytes: 0 };
  const output = new ArchiveOutput({ batchBytes: BATCH_BYTES, bufferBytes: BUFFER_BYTES });
  let readAheadBytes = 0;

  const writeWhole = (header: TarHeader, content: Buffer): void => {
    output.write(encodeTarHeader({ ...header, size: content.length }));
    output.write(content);
    output.write(blockPadding(content.length));
  };

  // The next entries are looked at (lstat, link targets, the content of small files) while
  // earlier ones are written: the walk is bound by I/O latency, not by CPU.
  const prepare = (absolute: string): Promise<Prepared | undefined> =>
    new Promise((resolve, reject) => {
      lstat(absolute, (error, stats) => {
        if (error) {
          if (error.code === 'ENOENT') resolve(undefined); // removed while we walk
          else reject(error);
          return;
        }
        const kind = entryKind(stats);
        if (kind === 'symlink') {
          readlink(absolute, (linkError, linkname) => (linkError ? reject(linkError) : resolve({ stats, kind, linkname, content: undefined, reserved: 0 })));
          return;
        }
        if (kind !== 'file' || stats.size > WHOLE_FILE_BYTES || readAheadBytes + stats.size > READ_AHEAD_BYTES) {
          resolve({ stats, kind, linkname: undefined, content: undefined, reserved: 0 });
          return;
        }
        readAheadBytes += stats.size;
        readWholeFile(absolute, stats.size, (readError, content) => {
          if (content !== undefined) {
            resolve({ stats, kind, linkname: undefined, content, reserved: stats.size });
            return;
          }
          // Reported only if the content is needed (a second hard link to it is not): the
          // entry then reads the file again and fails with that error.
          readAheadBytes -= stats.size;
          resolve({ stats, kind, linkname: undefined, content: undefined, reserved: 0 });
        });
      });
    });

  const streamFile = async (absolute: string, size: number): Promise<void> => {
    const fd = await openForReading(absolute);
    let inFlight: Promise<Buffer> | undefined;
    try {
      let position = 0;
      let next = readChunk(fd, position, Math.min(STREAM_CHUNK_BYTES, size));
      inFlight = next;
      while (position < size) {
        const chunk = await next;
        inFlight = undefined;
        // Never read past the size announced in the header, even if the file grows meanwhile;
        // a file that shrinks fails the archive instead of corrupting it.
        if (chunk.length === 0) throw new Error('it changed size while being read');
        position += chunk.length;
        if (position < size) {
          // Read the next chunk while this one is handed on.
          next = readChunk(fd, position, Math.min(STREAM_CHUNK_BYTES, size - position));
          next.catch(() => undefined); // awaited next round, or before closing
          inFlight = next;
        }
        output.writeChunk(chunk);
        if (output.mustWait) await output.room();
      }
    } finally {
      // A read still in flight must finish before its descriptor is closed (and reused).
      await inFlight?.catch(() => undefined);
      close(fd, () => undefined);
    }
  };

  const addEntry = async (name: string, absolute: string, prepared: Prepared, kind: EntryKind): Promise<void> => {
    const { stats } = prepared;
    const mode = stats.mode & 0o7777;
    const header: TarHeader = {
      name: kind === 'directory' ? `${name}/` : name,
      type: kind,
      // Permission, setuid/setgid and sticky bits; the file type travels in `type`. A mode of
      // 0 becomes 0644/0755, as tar-stream (which wrote these archives before) did.
      mode: mode || (kind === 'directory' ? 0o755 : 0o644),
      size: 0,
      mtimeMs: mtimeOf(stats),
    };
    summary.entries++;
    if (kind === 'symlink') {
      output.write(encodeTarHeader({ ...header, linkname: prepared.linkname }));
      return;
    }
    if (kind === 'character-device' || kind === 'block-device') {
      output.write(encodeTarHeader({ ...header, ...deviceNumbers(stats.rdev) }));
      return;
    }
    if (kind !== 'file') {
      output.write(encodeTarHeader(header));
      return;
    }
    if (stats.nlink > 1) {
      const inode = `${stats.dev}:${stats.ino}`;
      const first = hardlinks.get(inode);
      if (first !== undefined) {
        output.write(encodeTarHeader({ ...header, type: 'link', linkname: first }));
        return;
      }
      hardlinks.set(inode, name);
    }
    if (outside && name === '.dockerignore') {
      writeWhole(header, Buffer.from(dockerignoreWithOutsideDockerfile(dockerignore, outside.name)));
      return;
    }
    summary.fileBytes += stats.size;
    if (stats.size <= WHOLE_FILE_BYTES) {
      writeWhole(header, prepared.content ?? (await readWholeFileAsync(absolute, stats.size)));
      return;
    }
    output.write(encodeTarHeader({ ...header, size: stats.size }));
    await streamFile(absolute, stats.size);
    output.write(blockPadding(stats.size));
  };

  const write = async (): Promise<ContextArchiveSummary> => {
    const walk = new ContextWalk(root, await listDirectory(root), plan.matcher, prepare, WINDOW_ENTRIES);
    for (;;) {
      const item = await walk.next();
      if (item === undefined) break;
      if ('failure' in item) throw contextError(`build context: cannot read ${item.relative}`, item.failure, UNREADABLE_REMEDY);
      try {
        const prepared = await item.prepared;
        if (prepared !== undefined) {
          readAheadBytes -= prepared.reserved;
          if (prepared.kind !== undefined) await addEntry(item.relative, item.absolute, prepared, prepared.kind);
        }
      } catch (error) {
        if (error instanceof GateError || error instanceof ArchiveStreamClosed) throw error;
        throw contextError(`build context: cannot read ${item.relative}`, error, UNREADABLE_REMEDY);
      }
      if (output.mustWait) await output.room();
    }
    if (outside) {
      const now = fixedMtimeMs ?? Math.floor(Date.now() / 1000) * 1000;
      const regular = { type: 'file' as const, mode: 0o600, size: 0, mtimeMs: now };
      if (dockerignore === undefined) {
        writeWhole({ ...regular, name: '.dockerignore' }, Buffer.from(dockerignoreWithOutsideDockerfile(undefined, outside.name)));
      }
      writeWhole({ ...regular, name: outside.name }, outside.content);
      summary.entries++;
    }
    output.write(END_OF_ARCHIVE);
    output.end();
    return summary;
  };

  const done = write().catch((error: unknown) => {
    const failure = error instanceof GateError ? error : contextError('build context: could not be archived', error, 'Check the context directory.');
    output.stream.destroy(failure);
    throw failure;
  });
  // The consumer learns about failures through the stream; `done` is for whoever awaits it.
  done.catch(() => undefined);
  return { stream: output.stream, dockerfile: plan.dockerfileInArchive, done };
}
