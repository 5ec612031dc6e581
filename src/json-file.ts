/*
 * Gives `JSON.stringify(value, null, 2) + '\n'`, byte for byte, in chunks, without ever
 * holding that text. A SARIF log of 50,000 findings is a ~140 MB string, then a Buffer of
 * the same size for the write, on top of the decision it was rendered from; here only one
 * element of a big array is in text form at a time.
 */

const CHUNK_CHARS = 1 << 16;
/** Objects this close to the root are written member by member (they hold the big arrays). */
const OBJECT_DEPTH = 5;
/** Arrays this long are written element by element at any depth. */
const LONG_ARRAY = 64;

function skipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

function* pieces(value: unknown, pad: string, depth: number): Generator<string> {
  const inner = `${pad}  `;
  if (Array.isArray(value) && value.length > 0 && (depth < OBJECT_DEPTH || value.length >= LONG_ARRAY)) {
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '[' : ','}\n${inner}`;
      const item: unknown = value[i];
      if (skipped(item)) yield 'null';
      else yield* pieces(item, inner, depth + 1);
    }
    yield `\n${pad}]`;
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !hasToJson(value) && depth < OBJECT_DEPTH) {
    let first = true;
    for (const [key, member] of Object.entries(value)) {
      if (skipped(member)) continue;
      yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
      first = false;
      yield* pieces(member, inner, depth + 1);
    }
    yield first ? '{}' : `\n${pad}}`;
    return;
  }
  const text = JSON.stringify(value, null, 2) ?? 'null';
  yield pad === '' ? text : text.replace(/\n/g, `\n${pad}`);
}

/** `JSON.stringify(value, null, 2) + '\n'` in chunks of about 64 KiB, for writers that take text piece by piece. */
export function* jsonTextChunks(value: unknown): Generator<string> {
  let buffer = '';
  for (const piece of pieces(value, '', 0)) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n`;
}
