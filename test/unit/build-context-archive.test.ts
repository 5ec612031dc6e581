import { createHash } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createContextArchive } from '../../src/adapters/docker/build-context-archive.js';
import { GateError } from '../../src/domain/gate-error.js';

interface Entry {
  name: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  linkname: string | null;
  content: string;
}

async function entriesOf(stream: Readable): Promise<Entry[]> {
  const extract = tar.extract();
  const entries: Entry[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => chunks.push(c as Buffer));
      body.on('end', () => {
        entries.push({
          name: header.name,
          type: header.type,
          mode: header.mode,
          uid: header.uid,
          gid: header.gid,
          mtime: Math.floor(header.mtime.getTime() / 1000),
          linkname: header.linkname ?? null,
          content: Buffer.concat(chunks).toString('utf8'),
        });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  await done;
  return entries;
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function context(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'csg-context-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    if (name.endsWith('/')) mkdirSync(path.join(dir, name), { recursive: true });
    else writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function archiveNames(files: Record<string, string>, dockerfile = 'Dockerfile'): Promise<string[]> {
  const archive = await createContextArchive({ context: context(files), dockerfile });
  const entries = await entriesOf(archive.stream);
  await archive.done;
  return entries.map((e) => e.name);
}

describe('build context archive', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['no .dockerignore: everything, dirs with a slash, byte order', { Dockerfile: 'x', 'b.txt': '', 'a/z': '', 'a/B': '', 'A.txt': '' }, ['A.txt', 'Dockerfile', 'a/', 'a/B', 'a/z', 'b.txt']],
    ['ignored file and directory', { Dockerfile: 'x', '.dockerignore': 'secret.txt\nnode_modules\n', 'secret.txt': '', 'node_modules/x/y': '', 'app.js': '' }, ['.dockerignore', 'Dockerfile', 'app.js']],
    ['! re-includes a file inside an ignored directory (the directory entry itself stays out)', { Dockerfile: 'x', '.dockerignore': 'docs\n!docs/README.md\n', 'docs/README.md': '', 'docs/other.md': '' }, ['.dockerignore', 'Dockerfile', 'docs/README.md']],
    ['a ! with ** does not make the walk enter an excluded directory (CLI quirk)', { Dockerfile: 'x', '.dockerignore': 'node_modules\n!**/keep.txt\n', 'node_modules/keep.txt': '', 'src/keep.txt': '' }, ['.dockerignore', 'Dockerfile', 'src/', 'src/keep.txt']],
    ['** matches at any depth', { Dockerfile: 'x', '.dockerignore': '**/*.log\n', 'a.log': '', 'x/y/b.log': '', 'x/y/c.txt': '' }, ['.dockerignore', 'Dockerfile', 'x/', 'x/y/', 'x/y/c.txt']],
    ['a leading / anchors at the root only', { Dockerfile: 'x', '.dockerignore': '/tmp\n', 'tmp/a': '', 'src/tmp/b': '' }, ['.dockerignore', 'Dockerfile', 'src/', 'src/tmp/', 'src/tmp/b']],
    ['Dockerfile and .dockerignore are sent even when ignored', { Dockerfile: 'x', '.dockerignore': '*\n', 'a.txt': '' }, ['.dockerignore', 'Dockerfile']],
    ['a nested Dockerfile in an ignored directory is still sent', { 'build/Dockerfile': 'x', 'build/other': '', '.dockerignore': 'build\n' }, ['.dockerignore', 'build/Dockerfile']],
    ['case-sensitive', { Dockerfile: 'x', '.dockerignore': '*.MD\n', 'README.md': '' }, ['.dockerignore', 'Dockerfile', 'README.md']],
  ])('%s', async (_name, files, expected) => {
    const dockerfile = Object.keys(files).find((f) => f.endsWith('Dockerfile')) ?? 'Dockerfile';
    expect(await archiveNames(files, dockerfile)).toEqual(expected);
  });

  it('writes headers like the Docker CLI: uid/gid 0, modes kept, symlinks and hard links as links', async () => {
    const dir = context({ Dockerfile: 'FROM scratch\n', 'bin/tool': '#!/bin/sh\n', 'data.txt': 'data' });
    chmodSync(path.join(dir, 'bin/tool'), 0o4755);
    symlinkSync('../data.txt', path.join(dir, 'bin/link'));
    linkSync(path.join(dir, 'data.txt'), path.join(dir, 'hard.txt'));
    const archive = await createContextArchive({ context: dir, dockerfile: 'Dockerfile' });
    const entries = await entriesOf(archive.stream);
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(entries.every((e) => e.uid === 0 && e.gid === 0)).toBe(true);
    expect(byName.get('bin/tool')).toMatchObject({ type: 'file', mode: 0o4755, content: '#!/bin/sh\n' });
    expect(byName.get('bin/link')).toMatchObject({ type: 'symlink', linkname: '../data.txt' });
    expect(byName.get('data.txt')).toMatchObject({ type: 'file', content: 'data' });
    expect(byName.get('hard.txt')).toMatchObject({ type: 'link', linkname: 'data.txt' });
    expect(byName.get('bin/')).toMatchObject({ type: 'directory' });
    expect(await archive.done).toEqual({ entries: 6, fileBytes: 'FROM scratch\n'.length + '#!/bin/sh\n'.length + 4 });
  });

  it('keeps file mtimes (to the second) by default and stamps a fixed one when asked', async () => {
    const dir = context({ Dockerfile: 'x', 'a.txt': 'a' });
    utimesSync(path.join(dir, 'a.txt'), 1_600_000_000.7, 1_600_000_000.7);
    const own = await entriesOf((await createContextArchive({ context: dir, dockerfile: 'Dockerfile' })).stream);
    expect(own.find((e) => e.name === 'a.txt')?.mtime).toBe(1_600_000_000);
    const fixed = await entriesOf((await createContextArchive({ context: dir, dockerfile: 'Dockerfile', mtimeEpochSeconds: 1_700_000_000 })).stream);
    expect(new Set(fixed.map((e) => e.mtime))).toEqual(new Set([1_700_000_000]));
  });

  it('is byte-for-byte reproducible with a fixed mtime', async () => {
    const files = { Dockerfile: 'FROM scratch', 'src/a.js': 'a', 'src/b.js': 'b', 'é/ü.txt': 'unicode', [`${'long/'.repeat(30)}name.txt`]: 'deep' };
    const hash = async (): Promise<string> => {
      const archive = await createContextArchive({ context: context(files), dockerfile: 'Dockerfile', mtimeEpochSeconds: 0 });
      const h = createHash('sha256');
      for await (const chunk of archive.stream) h.update(chunk as Buffer);
      return h.digest('hex');
    };
    expect(await hash()).toBe(await hash());
  });

  it('sends a Dockerfile from outside the context under a content-derived name and ignores it for COPY', async () => {
    const parent = context({ 'docker/Dockerfile': 'FROM scratch\n', 'app/main.js': 'x', 'app/.dockerignore': 'tmp\n' });
    const archive = await createContextArchive({ context: path.join(parent, 'app'), dockerfile: '../docker/Dockerfile' });
    const entries = await entriesOf(archive.stream);
    const name = `.dockerfile.${createHash('sha256').update('FROM scratch\n').digest('hex').slice(0, 20)}`;
    expect(archive.dockerfile).toBe(name);
    expect(entries.find((e) => e.name === name)?.content).toBe('FROM scratch\n');
    expect(entries.find((e) => e.name === '.dockerignore')?.content).toBe(`tmp\n\n${name}\n`);
  });

  it.each([
    ['a missing Dockerfile', { 'a.txt': '' }, 'Dockerfile', /cannot locate Dockerfile/],
    ['a Dockerfile that is a directory', { 'Dockerfile/': '' }, 'Dockerfile', /cannot locate Dockerfile/],
    ['a malformed .dockerignore pattern', { Dockerfile: 'x', '.dockerignore': 'ok\n[abc\n' }, 'Dockerfile', /\.dockerignore: .*"\[abc" has a malformed character class/],
  ])('rejects %s as input-error', async (_name, files, dockerfile, message) => {
    const failure = await createContextArchive({ context: context(files), dockerfile }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).reason).toBe('input-error');
    expect((failure as GateError).message).toMatch(message);
  });

  it('fails the archive (input-error) when a file shrinks while it is being sent', async () => {
    const dir = context({ Dockerfile: 'x' });
    writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(8 * 1024 * 1024, 1));
    const archive = await createContextArchive({ context: dir, dockerfile: 'Dockerfile' });
    const outcome = archive.done.then(
      () => 'completed',
      (error: unknown) => error,
    );
    const iterator = archive.stream[Symbol.asyncIterator]();
    await iterator.next(); // the writer is now inside big.bin, held back by backpressure
    truncateSync(path.join(dir, 'big.bin'), 1024);
    const streamFailure = await (async () => {
      for (;;) if ((await iterator.next()).done) return undefined;
    })().catch((error: unknown) => error);
    const failure = await outcome;
    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).reason).toBe('input-error');
    expect((failure as GateError).message).toMatch(/cannot read big\.bin: it changed size while being read/);
    // Whoever reads the stream sees it fail too (the engine then gets a truncated upload).
    expect(streamFailure).toBeInstanceOf(Error);
  });

  it('streams large files without holding them in memory', async () => {
    const dir = context({ Dockerfile: 'x' });
    const size = 768 * 1024 * 1024;
    writeFileSync(path.join(dir, 'big.bin'), '');
    truncateSync(path.join(dir, 'big.bin'), size); // sparse: cheap to create, full size to read
    const archive = await createContextArchive({ context: dir, dockerfile: 'Dockerfile' });
    const before = process.memoryUsage().rss;
    let peak = before;
    let bytes = 0;
    for await (const chunk of archive.stream) {
      bytes += (chunk as Buffer).length;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    await archive.done;
    expect(bytes).toBeGreaterThan(size);
    expect(peak - before).toBeLessThan(128 * 1024 * 1024);
  });
});
