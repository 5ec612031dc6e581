import fc from 'fast-check';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { blockPadding, encodeTarHeader, END_OF_ARCHIVE, type TarEntryType, type TarHeader } from '../../src/adapters/docker/tar-header.js';

/*
 * The context archive used to be written by tar-stream; its headers are now encoded by the
 * adapter itself. Differential test: for any header, the bytes are tar-stream's.
 */

/** What tar-stream's pack writes for one entry's header (its content is not written). */
async function tarStreamHeader(header: TarHeader): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  pack.entry({
    name: header.name,
    type: header.type,
    mode: header.mode,
    size: header.size,
    mtime: new Date(header.mtimeMs),
    uid: 0,
    gid: 0,
    ...(header.linkname !== undefined && { linkname: header.linkname }),
    ...(header.devmajor !== undefined && { devmajor: header.devmajor, devminor: header.devminor }),
  });
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  pack.destroy();
  return Buffer.concat(chunks);
}

const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/') && !s.includes('\0')),
  fc.constantFrom('é', 'ü.txt', '日本語', '\u{1F600}', '\uE000', 'x'.repeat(101), 'y'.repeat(156)),
);
const name = fc.array(segment, { minLength: 1, maxLength: 12 }).map((parts) => parts.join('/'));
const mtimeMs = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 33), max: 2 ** 34 })).map((seconds) => seconds * 1000);
const mode = fc.integer({ min: 1, max: 0o7777 });

const header: fc.Arbitrary<TarHeader> = fc.oneof(
  fc.record({ name, type: fc.constant<TarEntryType>('file'), mode, size: fc.oneof(fc.integer({ min: 0, max: 2 ** 33 - 1 }), fc.constantFrom(2 ** 33, 2 ** 40 + 3)), mtimeMs }),
  fc.record({ name: name.map((n) => `${n}/`), type: fc.constant<TarEntryType>('directory'), mode, size: fc.constant(0), mtimeMs }),
  fc.record({ name, type: fc.constantFrom<TarEntryType>('symlink', 'link'), mode, size: fc.constant(0), mtimeMs, linkname: name }),
  fc.record({
    name,
    type: fc.constantFrom<TarEntryType>('character-device', 'block-device'),
    mode,
    size: fc.constant(0),
    mtimeMs,
    devmajor: fc.integer({ min: 0, max: 0xfff }),
    devminor: fc.integer({ min: 0, max: 0xfffff }),
  }),
  fc.record({ name, type: fc.constant<TarEntryType>('fifo'), mode, size: fc.constant(0), mtimeMs }),
);

describe('tar headers of the build context archive', () => {
  it.each<[string, TarHeader]>([
    ['a short file name', { name: 'src/app.js', type: 'file', mode: 0o644, size: 1234, mtimeMs: 1_700_000_000_000 }],
    ['a directory', { name: 'src/', type: 'directory', mode: 0o755, size: 0, mtimeMs: 0 }],
    ['a name split into prefix and name', { name: `${'long/'.repeat(30)}name.txt`, type: 'file', mode: 0o600, size: 4, mtimeMs: 0 }],
    ['a name that needs a PAX record', { name: 'é/ü.txt', type: 'file', mode: 0o644, size: 7, mtimeMs: 5_000 }],
    ['a long link name', { name: 'link', type: 'symlink', mode: 0o777, size: 0, mtimeMs: 0, linkname: `../${'target/'.repeat(20)}x` }],
    ['a size beyond octal (base-256)', { name: 'huge.bin', type: 'file', mode: 0o644, size: 2 ** 34, mtimeMs: 0 }],
    ['an mtime beyond 2038 (tar-stream truncates it to 32 bits)', { name: 'future', type: 'file', mode: 0o644, size: 0, mtimeMs: 2 ** 32 * 1000 }],
    ['a setuid mode', { name: 'bin/tool', type: 'file', mode: 0o4755, size: 10, mtimeMs: 0 }],
    ['a device', { name: 'dev/null', type: 'character-device', mode: 0o666, size: 0, mtimeMs: 0, devmajor: 1, devminor: 3 }],
  ])('%s: the bytes tar-stream writes', async (_name, entry) => {
    expect(encodeTarHeader(entry).toString('hex')).toBe((await tarStreamHeader(entry)).toString('hex'));
  });

  it('any header: the bytes tar-stream writes', async () => {
    await fc.assert(
      fc.asyncProperty(header, async (entry) => {
        expect(encodeTarHeader(entry).toString('hex')).toBe((await tarStreamHeader(entry)).toString('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('any header: tar-stream reads back the name, type, mode, size and link name', async () => {
    await fc.assert(
      fc.asyncProperty(header, async (entry) => {
        const size = entry.type === 'file' ? Math.min(entry.size, 700) : 0;
        const archive = Buffer.concat([encodeTarHeader({ ...entry, size }), Buffer.alloc(size, 1), blockPadding(size), END_OF_ARCHIVE]);
        const extract = tar.extract();
        const read = new Promise<tar.Header>((resolve, reject) => {
          extract.on('entry', (decoded, body, next) => {
            body.resume();
            body.on('end', next);
            resolve(decoded);
          });
          extract.on('error', reject);
        });
        extract.end(archive);
        const decoded = await read;
        expect(decoded).toMatchObject({ name: entry.name, type: entry.type, mode: entry.mode, size });
        if (entry.linkname !== undefined) expect(decoded.linkname).toBe(entry.linkname);
      }),
      { numRuns: 200 },
    );
  });

  it('pads content to whole 512-byte blocks', () => {
    expect([0, 1, 511, 512, 513].map((size) => blockPadding(size).length)).toEqual([0, 511, 1, 0, 511]);
  });
});
