import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { lstat, readFile, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import {
  decideContextEntry,
  dockerignoreWithOutsideDockerfile,
  locateDockerfile,
  outsideDockerfileName,
  planContext,
  type ContextEntryDecision,
} from '../../domain/build-context.js';
import { DockerignorePatternError, type ParentMatches } from '../../domain/dockerignore.js';
import { GateError } from '../../domain/gate-error.js';

type EntryHeader = Parameters<tar.Pack['entry']>[0];

/*
 * The build context as the Docker CLI sends it (TarWithOptions with the .dockerignore
 * patterns, uid/gid 0, no user/group names), produced while the engine reads it: one
 * directory listing and one file are open at a time, whatever the size of the context.
 * Entries come in byte order of their names, depth first, like Go's filepath.WalkDir.
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
  // tar-stream's wording for a file that ended before the size its header announced.
  const explained = detail === 'Size mismatch' ? 'it changed size while being read' : detail;
  return new GateError('input-error', code ? `${message} (${code})` : explained ? `${message}: ${explained}` : message, { cause, remedy });
}

async function readOptionalText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw contextError(`cannot read ${file}`, error, 'Make .dockerignore a readable file, or remove it.');
  }
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
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

/** Files up to this size are read in one go; larger ones are streamed. */
const SMALL_FILE_BYTES = 256 * 1024;
/** Entries prepared ahead per directory level, and the largest file read ahead (memory stays bounded). */
const LOOKAHEAD = 16;
const PREFETCH_FILE_BYTES = 64 * 1024;

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
  let outside: { name: string; content: Buffer } | undefined;
  if (location.kind === 'outside') {
    const content = await readFile(location.absolutePath);
    outside = { name: outsideDockerfileName(createHash('sha256').update(content).digest('hex')), content };
  }

  const dockerignore = await readOptionalText(path.join(root, '.dockerignore'));
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

  const pack = tar.pack();
  const fixedMtime = options.mtimeEpochSeconds === undefined ? undefined : new Date(options.mtimeEpochSeconds * 1000);
  const mtimeOf = (stats: Stats): Date => fixedMtime ?? new Date(Math.floor(stats.mtimeMs / 1000) * 1000);
  const hardlinks = new Map<string, string>();
  const summary: ContextArchiveSummary = { entries: 0, fileBytes: 0 };

  const writeBuffer = (header: EntryHeader, content: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      pack.entry({ ...header, size: content.length }, content, (error) => (error ? reject(error) : resolve()));
    });

  const addEntry = async (absolute: string, name: string, stats: Stats, kind: EntryKind, prefetched: Promise<Buffer> | undefined): Promise<void> => {
    const header: EntryHeader = {
      name: kind === 'directory' ? `${name}/` : name,
      type: kind,
      // Permission, setuid/setgid and sticky bits; the file type travels in `type`.
      mode: stats.mode & 0o7777,
      uid: 0,
      gid: 0,
      mtime: mtimeOf(stats),
    };
    summary.entries++;
    if (kind === 'symlink') {
      await writeBuffer({ ...header, linkname: await readlink(absolute) }, Buffer.alloc(0));
      return;
    }
    if (kind === 'character-device' || kind === 'block-device') {
      await writeBuffer({ ...header, ...deviceNumbers(stats.rdev) }, Buffer.alloc(0));
      return;
    }
    if (kind !== 'file') {
      await writeBuffer(header, Buffer.alloc(0));
      return;
    }
    if (stats.nlink > 1) {
      const inode = `${stats.dev}:${stats.ino}`;
      const first = hardlinks.get(inode);
      if (first !== undefined) {
        await writeBuffer({ ...header, type: 'link', linkname: first }, Buffer.alloc(0));
        return;
      }
      hardlinks.set(inode, name);
    }
    if (outside && name === '.dockerignore') {
      await writeBuffer(header, Buffer.from(dockerignoreWithOutsideDockerfile(dockerignore, outside.name)));
      return;
    }
    summary.fileBytes += stats.size;
    if (stats.size <= SMALL_FILE_BYTES) {
      // One read beats setting up a stream for the many small files of a typical context.
      const content = await (prefetched ?? readFile(absolute));
      if (content.length !== stats.size) throw Object.assign(new Error(`changed size while being read (${stats.size} → ${content.length} bytes)`), { code: 'ECHANGED' });
      await writeBuffer(header, content);
      return;
    }
    let finished: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    const written = new Promise<void>((resolve, reject) => {
      finished = resolve;
      failed = reject;
    });
    written.catch(() => undefined); // the pipeline reports the same failure first
    const entry = pack.entry({ ...header, size: stats.size }, (error) => (error ? failed(error) : finished()));
    // Never read past the size announced in the header, even if the file grows meanwhile;
    // a file that shrinks fails the archive ("Size mismatch") instead of corrupting it.
    await pipeline(createReadStream(absolute, { start: 0, end: stats.size - 1 }), entry as unknown as NodeJS.WritableStream);
    await written;
  };

  interface Prepared {
    relative: string;
    absolute: string;
    stats: Stats;
    kind: EntryKind | undefined;
    decision: ContextEntryDecision;
    content: Promise<Buffer> | undefined;
  }

  // Looks at the next few entries of a directory (lstat, and reads small files) while the
  // current one is being written: the walk is I/O-latency bound, not CPU bound.
  const prepare = async (directory: string, prefix: string, name: string, parent: ParentMatches | undefined): Promise<Prepared | undefined> => {
    const relative = prefix === '' ? name : `${prefix}/${name}`;
    const absolute = path.join(directory, name);
    let stats: Stats;
    try {
      stats = await lstat(absolute);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined; // removed while we walk
      throw contextError(`build context: cannot read ${relative}`, error, 'Make it readable by the runner user, or exclude it in .dockerignore.');
    }
    const kind = entryKind(stats);
    const decision = decideContextEntry(plan.matcher, relative, kind === 'directory', parent);
    let content: Promise<Buffer> | undefined;
    if (decision.include && kind === 'file' && stats.size <= PREFETCH_FILE_BYTES) {
      content = readFile(absolute);
      content.catch(() => undefined); // surfaced when the entry is written
    }
    return { relative, absolute, stats, kind, decision, content };
  };

  const walk = async (directory: string, prefix: string, parent: ParentMatches | undefined): Promise<void> => {
    const names = (await readdir(directory)).sort(byteOrder);
    const ahead: Promise<Prepared | undefined>[] = [];
    let next = 0;
    const fill = (): void => {
      while (ahead.length < LOOKAHEAD && next < names.length) {
        const pending = prepare(directory, prefix, names[next++]!, parent);
        pending.catch(() => undefined);
        ahead.push(pending);
      }
    };
    fill();
    while (ahead.length > 0) {
      const entry = await ahead.shift()!;
      fill();
      if (entry === undefined) continue;
      try {
        if (entry.decision.include && entry.kind !== undefined) await addEntry(entry.absolute, entry.relative, entry.stats, entry.kind, entry.content);
        if (entry.decision.descend) await walk(entry.absolute, entry.relative, entry.decision.matches);
      } catch (error) {
        if (error instanceof GateError) throw error;
        throw contextError(`build context: cannot read ${entry.relative}`, error, 'Make it readable by the runner user, or exclude it in .dockerignore.');
      }
    }
  };

  const write = async (): Promise<ContextArchiveSummary> => {
    await walk(root, '', undefined);
    if (outside) {
      const now = fixedMtime ?? new Date(Math.floor(Date.now() / 1000) * 1000);
      const regular = { type: 'file' as const, mode: 0o600, uid: 0, gid: 0, mtime: now };
      if (dockerignore === undefined) {
        await writeBuffer({ ...regular, name: '.dockerignore' }, Buffer.from(dockerignoreWithOutsideDockerfile(undefined, outside.name)));
      }
      await writeBuffer({ ...regular, name: outside.name }, outside.content);
      summary.entries++;
    }
    pack.finalize();
    return summary;
  };

  const done = write().catch((error: unknown) => {
    const failure = error instanceof GateError ? error : contextError('build context: could not be archived', error, 'Check the context directory.');
    pack.destroy(failure);
    throw failure;
  });
  // The consumer learns about failures through the stream; `done` is for whoever awaits it.
  done.catch(() => undefined);
  return { stream: pack as unknown as Readable, dockerfile: plan.dockerfileInArchive, done };
}
