import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { GateError } from '../../domain/gate-error.js';

/*
 * Files named by inputs live in a pull request's checkout, so any of them may be a symbolic
 * link to somewhere else on the runner (`/proc/self/environ`, ~/.docker/config.json). A file
 * the gate reads must resolve inside the directory it belongs to (the build context for the
 * Dockerfile and .dockerignore, the workspace for everything else); a file it writes must
 * resolve inside the workspace or RUNNER_TEMP. Anything else is refused with an input-error
 * that names the input and the path given — never the link's target, never its content.
 *
 * No window between check and use: the file is opened through its resolved path with
 * O_NOFOLLOW, and the descriptor that was opened is checked again (on Linux through
 * /proc/self/fd, elsewhere by comparing device and inode with the resolved path), then read
 * once. A directory swapped for a link after the check is caught by the second check.
 */

/** What the refusal calls the file's input, e.g. `policy-file`. */
export type InputLabel = string;

export interface Area {
  /** Real (symlink-free) absolute path of the directory. */
  real: string;
  /** How messages name it: `the workspace`, `the build context`. */
  name: string;
}

/** Largest file the gate reads from the workspace (a baseline report can be large; anything beyond is not a report). */
const MAX_READ_BYTES = 256 * 1024 * 1024;

export async function areaOf(directory: string, name: string): Promise<Area> {
  return { real: await realpath(path.resolve(directory)), name };
}

export function isInside(area: Area, real: string, allowRoot = false): boolean {
  const relative = path.relative(area.real, real);
  if (relative === '') return allowRoot;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

export function escapeError(input: InputLabel, given: string, where: string): GateError {
  return new GateError(
    'input-error',
    `input '${input}': ${given} resolves outside ${where} (symbolic links followed); the gate reads and writes nothing outside ${where}`,
    { remedy: `Make ${given} a regular file (or directory) inside ${where}, or point ${input} at one.` },
  );
}

function notAFile(input: InputLabel, given: string): GateError {
  return new GateError('input-error', `input '${input}': ${given} is not a regular file`, {
    remedy: `Point ${input} at a regular file.`,
  });
}

function readFailure(input: InputLabel, given: string, error: unknown): GateError {
  const code = (error as { code?: string }).code;
  return new GateError('input-error', `input '${input}': cannot read ${given}${code ? ` (${code})` : ''}`, {
    remedy: `Check the path in ${input} and that the job can read it.`,
    cause: error,
  });
}

/** The path the descriptor really refers to, when the platform can say (Linux: /proc/self/fd). */
async function openedPath(handle: FileHandle): Promise<string | undefined> {
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    return undefined;
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Resolves `given` (relative to `base`) and refuses it unless it lies inside one of `areas`.
 * undefined when nothing exists at the path. A dangling link is refused too: where it
 * points is not the gate's to say.
 */
export async function resolveContained(input: InputLabel, given: string, base: string, areas: readonly Area[]): Promise<string | undefined> {
  const absolute = path.resolve(base, given);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw readFailure(input, given, error);
    const link = await lstat(absolute).catch(() => undefined);
    if (link?.isSymbolicLink()) throw escapeError(input, given, areas.map((a) => a.name).join(' or '));
    return undefined;
  }
  if (!areas.some((area) => isInside(area, real))) throw escapeError(input, given, areas.map((a) => a.name).join(' or '));
  return real;
}

/**
 * Reads a file that must resolve inside `area`: the bytes, read once through a descriptor
 * whose identity was checked; undefined when the file does not exist.
 */
export async function readContainedFile(input: InputLabel, given: string, base: string, area: Area): Promise<Buffer | undefined> {
  const real = await resolveContained(input, given, base, [area]);
  if (real === undefined) return undefined;
  let handle: FileHandle;
  try {
    // O_NONBLOCK: a FIFO planted at the path must not hang the run (it is refused below).
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // ELOOP: the last component became a link after realpath looked.
    if (code === 'ELOOP') throw escapeError(input, given, area.name);
    if (code === 'ENOENT') return undefined;
    throw readFailure(input, given, error);
  }
  try {
    const opened = await handle.stat();
    const through = await openedPath(handle);
    const inside = through !== undefined ? isInside(area, through) : sameFile(opened, await stat(real));
    if (!inside) throw escapeError(input, given, area.name);
    if (!opened.isFile()) throw notAFile(input, given);
    if (opened.size > MAX_READ_BYTES) {
      throw new GateError('input-error', `input '${input}': ${given} is larger than ${MAX_READ_BYTES / 1024 / 1024} MiB`, {
        remedy: `Point ${input} at the file it is meant to name.`,
      });
    }
    return await handle.readFile();
  } catch (error) {
    if (error instanceof GateError) throw error;
    throw readFailure(input, given, error);
  } finally {
    await handle.close();
  }
}

/**
 * Where the gate may write a file named by an input: its directory is created and must resolve
 * inside one of `areas`, and the file itself must not be a link. The returned path is the
 * resolved one; open it with O_NOFOLLOW (`writeFlags`) so a link planted after this check is
 * refused rather than followed.
 */
export async function containedWritePath(input: InputLabel, given: string, base: string, areas: readonly Area[]): Promise<string> {
  const absolute = path.resolve(base, given);
  const where = areas.map((a) => a.name).join(' or ');
  // Refuse before creating anything: an existing ancestor that leads outside is a link.
  let ancestor = path.dirname(absolute);
  for (;;) {
    const real = await realpath(ancestor).catch(() => undefined);
    if (real !== undefined) {
      if (!areas.some((area) => isInside(area, real, true))) throw escapeError(input, given, where);
      break;
    }
    const parent = path.dirname(ancestor);
    if (parent === ancestor) break;
    ancestor = parent;
  }
  await mkdir(path.dirname(absolute), { recursive: true });
  const directory = await realpath(path.dirname(absolute));
  if (!areas.some((area) => isInside(area, directory, true))) throw escapeError(input, given, where);
  const target = path.join(directory, path.basename(absolute));
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isSymbolicLink()) throw escapeError(input, given, where);
  if (existing !== undefined && !existing.isFile()) throw notAFile(input, given);
  return target;
}

/** Open flags for writing a path from containedWritePath: never through a link. */
export function writeFlags(append: boolean): number {
  return constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (append ? constants.O_APPEND : constants.O_TRUNC);
}
