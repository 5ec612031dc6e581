import { describe, expect, test } from 'vitest';
import { jsonForScript } from '../../src/domain/render/html-report/escape.js';
import { encodeRows, htmlReportChunks, renderHtmlReport } from '../../src/domain/render/html-report/html-report.js';
import { findingRows, optionalColumns, STATUS_LABEL } from '../../src/domain/render/html-report/rows.js';
import { redactSecrets, redactSecretsInChunks } from '../../src/domain/text-safety.js';
import { CONTEXT, decide, hugeDecision, report, scenarios, vuln } from '../support/render-fixtures.js';
import { prng } from '../support/prng.js';

/*
 * report.html is written as it is rendered, and redacted piece by piece on the way to the file.
 * Both must give exactly the bytes of the one-string versions they replace.
 */


const SECRET = 'ghs_Canary0123456789abcdefXYZ';
const PIECES = [
  'text ',
  SECRET,
  SECRET.toUpperCase(),
  SECRET.toLowerCase(),
  SECRET.slice(0, 12),
  SECRET.slice(12),
  encodeURIComponent(SECRET),
  Buffer.from(SECRET).toString('base64'),
  'ſecret', // U+017F: the `iu` flags match it as "s"
  'K', // U+212A KELVIN SIGN: matches "k"
  '😀',
  '\uD83D',
  'pässwörd',
  'PÄSSWÖRD',
  '"',
  '\n',
];

function randomText(random: () => number, pieces: number): string {
  let out = '';
  for (let i = 0; i < pieces; i++) out += PIECES[Math.floor(random() * PIECES.length)]!;
  return out;
}

function randomChunks(random: () => number, text: string): string[] {
  const chunks: string[] = [];
  let at = 0;
  while (at < text.length) {
    const size = Math.floor(random() * 3) === 0 ? Math.floor(random() * 4) : Math.floor(random() * 120);
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}

describe('redactSecretsInChunks', () => {
  test('gives redactSecrets of the whole text, however the text is cut', () => {
    let masked = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const random = prng(seed);
      const text = randomText(random, 1 + Math.floor(random() * 60));
      const secrets = seed % 4 === 0 ? [SECRET, 'pässwörd', 'kelvins'] : seed % 4 === 1 ? [SECRET.slice(0, 12)] : seed % 4 === 2 ? [SECRET, 'ab'] : [];
      const want = redactSecrets(text, secrets);
      const pieces = [...redactSecretsInChunks(randomChunks(random, text), secrets)];
      expect(pieces.join(''), `seed ${seed}`).toBe(want);
      // Each piece is encoded to UTF-8 on its own: none may end inside a surrogate pair.
      let at = 0;
      for (const piece of pieces.slice(0, -1)) {
        at += piece.length;
        const split = /[\uD800-\uDBFF]/.test(want.charAt(at - 1)) && /[\uDC00-\uDFFF]/.test(want.charAt(at));
        expect(split, `seed ${seed}: a surrogate pair cut at ${at}`).toBe(false);
      }
      if (want.includes('***')) masked += 1;
    }
    // The cases really masked something, across cuts.
    expect(masked).toBeGreaterThan(150);
  });

  test('nothing to redact: the pieces as given', () => {
    expect([...redactSecretsInChunks(['a', SECRET, 'b'], [])]).toEqual(['a', SECRET, 'b']);
    expect([...redactSecretsInChunks(['a', SECRET, 'b'], ['abc'])]).toEqual(['a', SECRET, 'b']);
  });

  test('a secret cut across pieces is still masked', () => {
    const chunks = ['token=', SECRET.slice(0, 5), SECRET.slice(5, 6), SECRET.slice(6).toUpperCase(), ' end'];
    expect([...redactSecretsInChunks(chunks, [SECRET])].join('')).toBe('token=*** end');
  });
});

describe('htmlReportChunks: report.html written in pieces', () => {
  /** The findings data as one jsonForScript call, as the page embedded it before it was written in pieces. */
  function oneShotData(decision: ReturnType<typeof decide>): string {
    const rows = findingRows(decision, CONTEXT);
    const html = renderHtmlReport(decision, CONTEXT);
    const embedded = /<script type="application\/json" id="findings-data">(.*?)<\/script>/s.exec(html)![1]!;
    const statusOrder = (JSON.parse(embedded) as { statusOrder: string[] }).statusOrder;
    expect(embedded).toBe(jsonForScript({ ...encodeRows(rows, (v) => v), o: optionalColumns(rows), statusOrder, statusLabel: STATUS_LABEL }));
    return embedded;
  }

  test.each(Object.entries(scenarios()))('%s: the embedded data is the one-shot JSON, and the pieces join to the page', (_name, decision) => {
    oneShotData(decision);
    expect([...htmlReportChunks(decision, CONTEXT)].join('')).toBe(renderHtmlReport(decision, CONTEXT));
  });

  test('a large run: several pieces of strings and rows, escapes across them', () => {
    const decision = hugeDecision(9000);
    const hostile = decide({ image: report({ kind: 'image', os: [{ ...vuln('CVE-2024-0001', 'HIGH'), Title: '</script><!-- & \u2028 \u2029 >' }] }) });
    for (const d of [decision, hostile]) {
      const data = oneShotData(d);
      expect(data).not.toContain('</script>');
    }
    expect([...htmlReportChunks(decision, CONTEXT)].length).toBeGreaterThan(6);
  });
});
