import { describe, expect, it } from 'vitest';
import { jsonTextChunks } from '../../src/json-file.js';


/** A deterministic pseudo-random JSON-ish value: nesting, long and empty arrays, skipped members. */
function generate(seed: number, depth: number): unknown {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const value = (d: number): unknown => {
    const pick = next();
    if (d > 7 || pick < 0.3) {
      const leaves = [1.5, -0, 0, 'line\nbreak "quoted" \u2028 🔴', '', null, true, false, undefined, new Date(0), 1e21, 'ü'];
      return leaves[Math.floor(next() * leaves.length)];
    }
    // Long arrays (written element by element) only where they stay small: the leaves below them are scalars.
    if (pick < 0.6) return next() < 0.2 ? Array.from({ length: 64 + Math.floor(next() * 40) }, () => value(99)) : Array.from({ length: Math.floor(next() * 4) }, () => value(d + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, (_, i) => [`k${i}-${Math.floor(next() * 9)}`, value(d + 1)]));
  };
  return value(depth);
}

describe('jsonTextChunks', () => {
  it.each(Array.from({ length: 10 }, (_, i) => i + 1))('joins to exactly JSON.stringify(value, null, 2) + newline, in bounded chunks (seed %i)', (seed) => {
    const value = { runs: [{ results: generate(seed, 0) }], big: Array.from({ length: 3000 }, (_, i) => ({ i, s: 'y'.repeat(i % 80) })) };
    const chunks = [...jsonTextChunks(value)];
    expect(chunks.join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(2 * 65536);
  });
});

describe('jsonTextChunks on generated and edge values', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('joins to exactly JSON.stringify(value, null, 2) + newline (seed %i)', (seed) => {
    const value = { runs: [{ results: generate(seed, 0), tool: { driver: { rules: generate(seed * 7, 3) } } }], top: generate(seed * 13, 0) };
    expect([...jsonTextChunks(value)].join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it.each([[[]], [{}], [null], ['text'], [[undefined, () => 1]], [{ a: undefined }], [Array.from({ length: 5000 }, (_, i) => ({ i, s: 'x'.repeat(i % 50) }))]])(
    'edge value %#',
    (value) => {
      expect([...jsonTextChunks(value)].join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
    },
  );
});
