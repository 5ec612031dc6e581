import { readdir, type Dirent } from 'node:fs';
import path from 'node:path';
import { decideContextEntry } from '../../domain/build-context.js';
import type { IgnoreMatcher, ParentMatches } from '../../domain/dockerignore.js';

/*
 * The build context's entries in the order the Docker CLI archives them (Go's
 * filepath.WalkDir: names in byte order, depth first, a directory before its contents),
 * with the next `window` entries already being prepared (lstat, file content) while the
 * caller writes the current one. Excluded entries cost nothing beyond their directory
 * listing, and excluded directories that no `!` pattern reaches into are never listed.
 */

export interface WalkEntry<Prepared> {
  /** Slash-separated, relative to the context. */
  relative: string;
  absolute: string;
  /** Started when the entry came into the window; rejections are the caller's to report. */
  prepared: Promise<Prepared>;
}

/** A directory that could not be listed: the walk ends here. */
export interface WalkFailure {
  relative: string;
  failure: unknown;
}

interface Frame {
  directory: string;
  prefix: string;
  entries: Dirent[];
  next: number;
  parent: ParentMatches | undefined;
}

// UTF-16 code unit order (JavaScript's) equals UTF-8 byte order (Go's) below U+D800.
const BEYOND_SIMPLE_ORDER = /[\uD800-\uFFFF]/;

function inByteOrder(entries: Dirent[]): Dirent[] {
  if (!entries.some((entry) => BEYOND_SIMPLE_ORDER.test(entry.name))) {
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  const keyed = entries.map((entry) => ({ entry, key: Buffer.from(entry.name, 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map(({ entry }) => entry);
}

/** A directory's entries with their types (so excluded files need no lstat), in byte order. */
export function listDirectory(directory: string): Promise<Dirent[]> {
  return new Promise((resolve, reject) => {
    readdir(directory, { withFileTypes: true }, (error, entries) => (error ? reject(error) : resolve(inByteOrder(entries))));
  });
}

export class ContextWalk<Prepared> {
  private readonly frames: Frame[];
  private readonly ahead: (WalkEntry<Prepared> | WalkFailure)[] = [];
  private planning: Promise<void> | undefined;
  private walked = false;

  constructor(
    root: string,
    rootEntries: Dirent[],
    private readonly matcher: IgnoreMatcher,
    private readonly prepare: (absolute: string) => Promise<Prepared>,
    private readonly window: number,
  ) {
    this.frames = [{ directory: root, prefix: '', entries: rootEntries, next: 0, parent: undefined }];
  }

  /** The next entry to archive (or the failure that ends the walk); undefined when the walk is over. */
  async next(): Promise<WalkEntry<Prepared> | WalkFailure | undefined> {
    for (;;) {
      if (!this.walked && this.ahead.length <= this.window / 2) void this.refill();
      const item = this.ahead.shift();
      if (item !== undefined) return item;
      if (this.walked) return undefined;
      await this.refill();
    }
  }

  /** One planner at a time: a second one would take entries while the first lists a directory. */
  private refill(): Promise<void> {
    this.planning ??= this.plan().finally(() => {
      this.planning = undefined;
    });
    return this.planning;
  }

  private async plan(): Promise<void> {
    let relative = '';
    try {
      while (this.ahead.length < this.window) {
        const frame = this.frames[this.frames.length - 1];
        if (frame === undefined) {
          this.walked = true;
          return;
        }
        const dirent = frame.entries[frame.next++];
        if (dirent === undefined) {
          this.frames.pop();
          continue;
        }
        relative = frame.prefix === '' ? dirent.name : `${frame.prefix}/${dirent.name}`;
        const absolute = path.join(frame.directory, dirent.name);
        const decision = decideContextEntry(this.matcher, relative, dirent.isDirectory(), frame.parent);
        if (decision.include) {
          const prepared = this.prepare(absolute);
          prepared.catch(() => undefined); // reported when the entry is written
          this.ahead.push({ relative, absolute, prepared });
        }
        if (!decision.descend) continue;
        let entries: Dirent[];
        try {
          entries = await listDirectory(absolute);
        } catch (error) {
          if ((error as { code?: string }).code === 'ENOENT') continue; // removed while we walk
          throw error;
        }
        this.frames.push({ directory: absolute, prefix: relative, entries, next: 0, parent: decision.matches });
      }
    } catch (failure) {
      this.ahead.push({ relative, failure });
      this.frames.length = 0;
      this.walked = true;
    }
  }
}
