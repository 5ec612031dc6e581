/*
 * The string table of report.html's embedded rows: each distinct string once, numbered in the
 * order it is first added. On a 50,000-finding report that is ~150,000 strings, most of them
 * seen once (IDs, links, titles). A Map of them was the costliest step of the page: its lookups
 * and its regrowth re-read every key string, scattered over a heap the size of the report. This
 * table keeps each string's hash next to its number, so probing and growing touch a string only
 * when the hashes match.
 */

/** FNV-1a over the UTF-16 code units (and the length). */
function fnv1a(value: string): number {
  let hash = 0x811c9dc5 ^ value.length;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  return hash;
}

export class StringTable {
  /** The strings, by number. */
  readonly strings: string[] = [];
  /** Open addressing, linear probing: number + 1 (0 = empty) and the hash of that string. */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(1024);

  private readonly hash: (value: string) => number;

  /** `hash` only for tests (a constant makes every string collide); equal strings must hash equally. */
  constructor(hash: (value: string) => number = fnv1a) {
    this.hash = hash;
  }

  /** The number of `value`, added at the end when it is not in the table yet. */
  indexOf(value: string): number {
    const hash = this.hash(value);
    const mask = this.slots.length - 1;
    let i = hash & mask;
    for (let slot = this.slots[i]!; slot !== 0; slot = this.slots[i]!) {
      if (this.hashes[i] === hash && this.strings[slot - 1] === value) return slot - 1;
      i = (i + 1) & mask;
    }
    const index = this.strings.length;
    this.strings.push(value);
    this.slots[i] = index + 1;
    this.hashes[i] = hash;
    // At most half full, so probes stay short.
    if (2 * this.strings.length > this.slots.length) this.grow();
    return index;
  }

  private grow(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(2 * slots.length);
    this.hashes = new Int32Array(2 * slots.length);
    const mask = this.slots.length - 1;
    for (let j = 0; j < slots.length; j++) {
      if (slots[j] === 0) continue;
      let i = hashes[j]! & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.slots[i] = slots[j]!;
      this.hashes[i] = hashes[j]!;
    }
  }
}
