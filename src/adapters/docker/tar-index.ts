import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/*
 * An image export is kept as the engine streamed it: one tar file, which Trivy can scan with
 * `--input` and from which each layer is read back by offset. This index is built while the
 * bytes pass on their way to that file, so the export is read once: each regular file's
 * offset, size and SHA-256, and the contents of the small ones (manifest.json, the config).
 *
 * tar-stream would hand every entry over as a stream of its own; at hundreds of MB of layers
 * that costs more CPU than dockerd spends producing them. Here a chunk is only hashed and
 * passed on. Headers: ustar (with its name prefix), PAX `path`/`size` records and GNU long
 * names, which is what Go's archive/tar (dockerd, containerd) writes.
 */

export interface TarIndexEntry {
  /** Where the entry's content starts in the stream. */
  offset: number;
  size: number;
  /** `sha256:<hex>` of the content. */
  digest: string;
  /** The content, for entries of at most `keepBytes`. */
  bytes?: Buffer;
}

const BLOCK = 512;

interface Current {
  name: string | undefined;
  kind: 'file' | 'pax' | 'longname' | 'skip';
  offset: number;
  size: number;
  remaining: number;
  hash: Hash | undefined;
  chunks: Buffer[] | undefined;
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, start: number, length: number): number {
  // Base-256 (GNU) for sizes beyond 8 GiB: high bit of the first byte set.
  if ((header[start]! & 0x80) !== 0) {
    let value = header[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + header[i]!;
    return value;
  }
  const text = field(header, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new Error(`tar header field is not octal: ${JSON.stringify(text)}`);
  return parseInt(text, 8);
}

/** PAX extended header records: `<length> <key>=<value>\n`. */
function paxRecords(content: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number(content.subarray(at, space).toString('ascii'));
    if (!Number.isInteger(length) || length <= 0 || at + length > content.length) throw new Error('malformed PAX record in tar stream');
    const record = content.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}

/**
 * A pass-through stream that indexes the tar flowing through it; `entries` is complete once
 * the stream has ended (a stream that ends inside an entry fails).
 */
export class TarIndexer extends Transform {
  readonly entries = new Map<string, TarIndexEntry>();
  private position = 0;
  private header: Buffer = Buffer.alloc(0);
  private current: Current | undefined;
  private padding = 0;
  private paxPath: string | undefined;
  private paxSize: number | undefined;
  private longName: string | undefined;

  constructor(
    private readonly keepBytes: number,
    highWaterMark?: number,
  ) {
    super(highWaterMark === undefined ? {} : { highWaterMark });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.index(chunk);
    } catch (error) {
      done(error as Error);
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.current !== undefined || this.padding > 0 ? new Error('the tar stream ended inside an entry') : null);
  }

  private index(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const current = this.current;
      if (current !== undefined) {
        const n = Math.min(current.remaining, chunk.length - at);
        const piece = chunk.subarray(at, at + n);
        current.hash?.update(piece);
        current.chunks?.push(piece);
        current.remaining -= n;
        at += n;
        if (current.remaining === 0) this.finish(current);
        continue;
      }
      if (this.padding > 0) {
        const n = Math.min(this.padding, chunk.length - at);
        this.padding -= n;
        at += n;
        continue;
      }
      const n = Math.min(BLOCK - this.header.length, chunk.length - at);
      this.header = this.header.length === 0 && n === BLOCK ? chunk.subarray(at, at + n) : Buffer.concat([this.header, chunk.subarray(at, at + n)]);
      at += n;
      if (this.header.length === BLOCK) {
        const header = this.header;
        this.header = Buffer.alloc(0);
        this.startEntry(header, this.position + at);
      }
    }
    this.position += chunk.length;
  }

  private startEntry(header: Buffer, contentOffset: number): void {
    if (header.every((byte) => byte === 0)) return; // end-of-archive blocks
    const type = String.fromCharCode(header[156]!);
    let size = octal(header, 124, 12);
    const kind: Current['kind'] = type === '0' || type === '\0' ? 'file' : type === 'x' ? 'pax' : type === 'L' ? 'longname' : 'skip';
    let name: string | undefined;
    if (kind === 'file') {
      const prefix = field(header, 257, 6) === 'ustar' ? field(header, 345, 155) : '';
      name = this.paxPath ?? this.longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
      size = this.paxSize ?? size;
      this.paxPath = this.paxSize = this.longName = undefined;
    }
    const keep = kind === 'pax' || kind === 'longname' || (kind === 'file' && size <= this.keepBytes);
    const current: Current = {
      name,
      kind,
      offset: contentOffset,
      size,
      remaining: size,
      hash: kind === 'file' ? createHash('sha256') : undefined,
      chunks: keep ? [] : undefined,
    };
    if (size === 0) this.finish(current);
    else this.current = current;
  }

  private finish(current: Current): void {
    this.current = undefined;
    this.padding = (BLOCK - (current.size % BLOCK)) % BLOCK;
    const content = current.chunks ? Buffer.concat(current.chunks) : undefined;
    if (current.kind === 'pax') {
      const records = paxRecords(content!);
      this.paxPath = records.get('path') ?? this.paxPath;
      const size = records.get('size');
      if (size !== undefined) this.paxSize = Number(size);
    } else if (current.kind === 'longname') {
      this.longName = content!.toString('utf8').replace(/\0+$/, '');
    } else if (current.kind === 'file' && current.name !== undefined) {
      const name = current.name.replace(/^\.\//, '');
      this.entries.set(name, {
        offset: current.offset,
        size: current.size,
        digest: `sha256:${current.hash!.digest('hex')}`,
        ...(content && { bytes: content }),
      });
    }
  }
}
