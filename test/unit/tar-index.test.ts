import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { TarIndexer } from '../../src/adapters/docker/tar-index.js';
import { prng } from '../support/prng.js';

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A tar as tar-stream writes it (ustar, PAX headers for names ustar cannot hold). */
async function tarOf(entries: { name: string; content: Buffer; type?: 'file' | 'directory' }[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const entry of entries) {
    if (entry.type === 'directory') pack.entry({ name: entry.name, type: 'directory' });
    else pack.entry({ name: entry.name }, entry.content);
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** A GNU long-name entry ('L') followed by the file it names, as GNU tar writes names over 100 bytes. */
function gnuLongName(name: string, content: Buffer): Buffer {
  const header = (entryName: string, size: number, type: string): Buffer => {
    const block = Buffer.alloc(512);
    block.write(entryName.slice(0, 99), 0);
    block.write('0000644\0', 100);
    block.write('0000000\0', 108);
    block.write('0000000\0', 116);
    block.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    block.write('00000000000\0', 136);
    block.write(type, 156);
    block.write('ustar  \0', 257);
    block.fill(' ', 148, 156);
    let sum = 0;
    for (const byte of block) sum += byte;
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return block;
  };
  const pad = (bytes: Buffer): Buffer => Buffer.concat([bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512)]);
  const nameBytes = Buffer.from(`${name}\0`);
  return Buffer.concat([header('././@LongLink', nameBytes.length, 'L'), pad(nameBytes), header(name, content.length, '0'), pad(content)]);
}

/** Feeds `bytes` through an indexer in chunks of random sizes, checking every byte passes through unchanged. */
async function index(bytes: Buffer, seed: number, keep = 1024) {
  const random = prng(seed);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(random() * (random() < 0.3 ? 16 : 9000));
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  const indexer = new TarIndexer(keep);
  const passed: Buffer[] = [];
  await pipeline(Readable.from(chunks), indexer, new Writable({ write: (chunk: Buffer, _e, done) => (passed.push(chunk), done()) }));
  expect(Buffer.concat(passed).equals(bytes)).toBe(true);
  return indexer.entries;
}

describe('TarIndexer', () => {
  const random = prng(7);
  const content = (size: number): Buffer => Buffer.from(Array.from({ length: size }, () => Math.floor(random() * 256)));
  const files = [
    { name: 'manifest.json', content: Buffer.from('[{"Config":"abc.json"}]') },
    { name: 'empty', content: Buffer.alloc(0) },
    { name: 'one-block', content: content(512) },
    { name: `${'d'.repeat(64)}/layer.tar`, content: content(70_001) },
    { name: `deep/${'n'.repeat(150)}/file`, content: content(1_500) },
    { name: 'blobs/sha256/' + 'e'.repeat(64), content: content(513) },
    { name: 'p'.repeat(120), content: content(2_000) },
  ];

  it.each([1, 2, 3, 4, 5])('gives each file its offset, size and digest whatever the chunking (seed %i)', async (seed) => {
    const bytes = await tarOf([{ name: 'dir/', content: Buffer.alloc(0), type: 'directory' }, ...files]);
    const entries = await index(bytes, seed);
    expect([...entries.keys()]).toEqual(files.map((f) => f.name));
    for (const file of files) {
      const entry = entries.get(file.name)!;
      expect(entry.size).toBe(file.content.length);
      expect(bytes.subarray(entry.offset, entry.offset + entry.size).equals(file.content)).toBe(true);
      expect(entry.digest).toBe(sha256(file.content));
      // Small entries are kept; large ones only indexed.
      expect(entry.bytes?.equals(file.content) ?? false).toBe(file.content.length <= 1024);
    }
  });

  it('reads GNU long names', async () => {
    const name = `${'x'.repeat(120)}/layer.tar`;
    const body = content(3_000);
    const bytes = Buffer.concat([gnuLongName(name, body), Buffer.alloc(1024)]);
    const entry = (await index(bytes, 9)).get(name)!;
    expect(entry.digest).toBe(sha256(body));
    expect(bytes.subarray(entry.offset, entry.offset + entry.size).equals(body)).toBe(true);
  });

  it('fails on a stream that ends inside an entry', async () => {
    const bytes = await tarOf(files);
    const cut = bytes.subarray(0, (await index(bytes, 1)).get(files[3]!.name)!.offset + 100);
    await expect(index(cut, 1)).rejects.toThrow('the tar stream ended inside an entry');
  });

  it('fails on a header whose size is not a number', async () => {
    const bytes = Buffer.from(await tarOf([files[0]!]));
    bytes.write('zzzzzzzzzzz', 124);
    await expect(index(bytes, 1)).rejects.toThrow(/not octal/);
  });
});
