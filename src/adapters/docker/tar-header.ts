/*
 * Tar headers for the build context, byte for byte as tar-stream 3 writes them (ustar, with
 * a PAX record for names that do not fit or are not ASCII). The archive used to go through
 * tar-stream's pack stream; encoding the headers here lets the archive writer gather many
 * small entries into one large chunk, while a test keeps the bytes equal to tar-stream's.
 */

export type TarEntryType = 'file' | 'link' | 'symlink' | 'character-device' | 'block-device' | 'directory' | 'fifo';

export interface TarHeader {
  /** Slash-separated; directories end with `/`. */
  name: string;
  type: TarEntryType;
  /** Permission, setuid/setgid and sticky bits. */
  mode: number;
  /** Content bytes that follow (regular files only; 0 for every other type). */
  size: number;
  /** Milliseconds since the epoch; whole seconds are written. */
  mtimeMs: number;
  linkname?: string | undefined;
  devmajor?: number | undefined;
  devminor?: number | undefined;
}

const BLOCK = 512;
const ZEROS = '0000000000000000000';
const SEVENS = '7777777777777777777';
const TYPEFLAG: Record<TarEntryType | 'pax-header', number> = {
  file: 0,
  link: 1,
  symlink: 2,
  'character-device': 3,
  'block-device': 4,
  directory: 5,
  fifo: 6,
  'pax-header': 72,
};

/** 1024 zero bytes: the end-of-archive marker, and the source of padding. */
export const END_OF_ARCHIVE: Buffer = Buffer.alloc(2 * BLOCK);

/** The zero bytes that pad `size` content bytes to a whole block (empty when none are needed). */
export function blockPadding(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? END_OF_ARCHIVE.subarray(0, 0) : END_OF_ARCHIVE.subarray(0, BLOCK - rest);
}

function octal(value: number, digits: number): string {
  const text = value.toString(8);
  if (text.length > digits) return `${SEVENS.slice(0, digits)} `;
  return `${ZEROS.slice(0, digits - text.length)}${text} `;
}

function writeSize(size: number, block: Buffer, offset: number): void {
  if (size.toString(8).length <= 11) {
    block.write(octal(size, 11), offset);
    return;
  }
  // Base-256 for sizes of 8 GiB and more.
  block[offset] = 0x80;
  let rest = size;
  for (let i = 11; i > 0; i--) {
    block[offset + i] = rest & 0xff;
    rest = Math.floor(rest / 0x100);
  }
}

function checksum(block: Buffer): number {
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += block[i]!;
  for (let i = 156; i < BLOCK; i++) sum += block[i]!;
  return sum;
}

interface BlockFields {
  name: string;
  type: TarEntryType | 'pax-header';
  mode: number;
  size: number;
  mtimeMs: number;
  linkname: string | undefined;
  devmajor: number | undefined;
  devminor: number | undefined;
}

/** One ustar block, or undefined when the name or link name does not fit (a PAX record is needed). */
function ustarBlock(fields: BlockFields): Buffer | undefined {
  let name = fields.name;
  let prefix = '';
  if (Buffer.byteLength(name) !== name.length) return undefined;
  while (name.length > 100) {
    const slash = name.indexOf('/');
    if (slash === -1) return undefined;
    prefix += prefix ? `/${name.slice(0, slash)}` : name.slice(0, slash);
    name = name.slice(slash + 1);
  }
  if (name.length > 100 || prefix.length > 155) return undefined;
  if (fields.linkname && Buffer.byteLength(fields.linkname) > 100) return undefined;
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0);
  block.write(octal(fields.mode & 0o7777, 6), 100);
  block.write(octal(0, 6), 108); // uid
  block.write(octal(0, 6), 116); // gid
  writeSize(fields.size, block, 124);
  block.write(octal((fields.mtimeMs / 1000) | 0, 11), 136);
  block[156] = 0x30 + TYPEFLAG[fields.type];
  if (fields.linkname) block.write(fields.linkname, 157);
  block.write('ustar\u000000', 257, 'latin1');
  block.write(octal(fields.devmajor || 0, 6), 329);
  block.write(octal(fields.devminor || 0, 6), 337);
  if (prefix) block.write(prefix, 345);
  block.write(octal(checksum(block), 6), 148);
  return block;
}

/** A PAX record: "<length> <key>=<value>\n", where the length counts itself. */
function paxRecord(key: string, value: string): string {
  const line = ` ${key}=${value}\n`;
  const length = Buffer.byteLength(line);
  let digits = Math.floor(Math.log(length) / Math.log(10)) + 1;
  if (length + digits >= Math.pow(10, digits)) digits++;
  return `${length + digits}${line}`;
}

/**
 * The bytes before an entry's content: one block, or (long or non-ASCII names and link
 * names) a PAX header block, its records padded to a block, and the entry's own block.
 */
export function encodeTarHeader(header: TarHeader): Buffer {
  const fields: BlockFields = {
    name: header.name,
    type: header.type,
    mode: header.mode,
    size: header.size,
    mtimeMs: header.mtimeMs,
    linkname: header.linkname,
    devmajor: header.devmajor,
    devminor: header.devminor,
  };
  const plain = ustarBlock(fields);
  if (plain) return plain;
  let records = paxRecord('path', header.name);
  if (header.linkname) records += paxRecord('linkpath', header.linkname);
  const pax = Buffer.from(records);
  const linkname = header.linkname && 'PaxHeader';
  const paxBlock = ustarBlock({ ...fields, name: 'PaxHeader', type: 'pax-header', size: pax.length, linkname })!;
  const entryBlock = ustarBlock({ ...fields, name: 'PaxHeader', linkname })!;
  return Buffer.concat([paxBlock, pax, blockPadding(pax.length), entryBlock]);
}
