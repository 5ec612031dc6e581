// The shortcuts that keep the whole action quick on a 50,000-finding report (bench case
// whole-action) must give exactly what the plain computation gives: each is checked here
// against that plain computation, written out in the test, on generated input.
import { describe, expect, test } from 'vitest';
import type { Decision, FindingEvaluation } from '../../src/domain/policy/decision.js';
import { safeUrl } from '../../src/domain/render/html-report/escape.js';
import { distinctCounts, distinctCountsBySeverity, encodeRows, renderHtmlReport } from '../../src/domain/render/html-report/html-report.js';
import { comparePlainIds, plainIdForms } from '../../src/domain/policy/id-order.js';
import { canonicalCheckId, mergeByIdentity, packageIdentity } from '../../src/domain/finding-identity.js';
import type { Finding } from '../../src/domain/findings.js';
import { auditRecord, findingFingerprint } from '../../src/domain/audit-log.js';
import { fitBlocks, lazyRows, table } from '../../src/domain/render/fit-blocks.js';
import { code, escapedCode, escapedText, tableHeader, tableRow, text } from '../../src/domain/render/markdown.js';
import type { FindingRow } from '../../src/domain/render/html-report/rows.js';
import { StringTable } from '../../src/domain/render/html-report/string-table.js';
import { renderSarif, SARIF_MAX_RESULTS, type SarifOptions } from '../../src/domain/render/sarif.js';
import { severityRank } from '../../src/domain/severity.js';
import { prng } from '../support/prng.js';
import { CONTEXT, decide, exceptionFor, NOW, report, vuln } from '../support/render-fixtures.js';

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

describe('safeUrl: the unparsed URLs are those the URL parser leaves as they are', () => {
  /** What safeUrl always returned: the parser's spelling of an http(s) URL. */
  function parsed(url: string): string | undefined {
    try {
      const u = new URL(url);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
    } catch {
      return undefined;
    }
  }

  test('agrees with the URL parser on 200,000 URLs built from the parts it normalises', () => {
    const random = prng(19);
    // Labels and segments the parser rewrites or rejects: IPv4 numbers, IDNA, case, dot segments, escapes…
    const labels = ['a', 'ab', 'z9', '0', '1', '255', '0x1', '0X', 'xn--a', 'xn--', '-', 'a-b', 'A', 'é', 'com', '9a', '', 'a_b', 'a%41'];
    const segments = ['.', '..', '%2e', '%2E.', '.a', 'a.', '...', 'a', 'A', "a'b", ':', '@', '~', '', '!$&', '(x)', '*+,;=', '_', 'cve-2019-1', 'a b', 'a\\b', '?q', '#f', '[x]', '|', '^', '`', '{', '"', '<', 'é', '\t'];
    const schemes = ['https://', 'http://', 'HTTPS://', 'https:/', 'ftp://', 'https://user@', 'https://u:p@'];
    let unparsed = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const host = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, labels)).join('.');
      const port = random() < 0.05 ? ':443' : '';
      const path = Array.from({ length: Math.floor(random() * 4) }, () => `/${pick(random, segments)}`).join('');
      const url = `${pick(random, schemes)}${host}${port}${path}${random() < 0.2 ? '/' : ''}`;
      const safe = safeUrl(url);
      if (safe !== parsed(url)) disagreements.push(url);
      if (safe === url) unparsed++;
    }
    expect(disagreements).toEqual([]);
    // The generator reaches the shortcut often, so the comparison above means something.
    expect(unparsed).toBeGreaterThan(10_000);
  });

  test('advisory links, as Trivy writes them, are returned as given', () => {
    for (const url of ['https://avd.aquasec.com/nvd/cve-2024-1234', 'https://github.com/advisories/GHSA-abcd-1234-efgh', 'http://a.example/x//y']) {
      expect(safeUrl(url)).toBe(url);
    }
  });
});

describe('StringTable: each distinct string numbered once, in order of first use', () => {
  /** The plain way: a Map. */
  function numbered(values: readonly string[]): { strings: string[]; numbers: number[] } {
    const index = new Map<string, number>();
    const strings: string[] = [];
    const numbers = values.map((v) => {
      let i = index.get(v);
      if (i === undefined) index.set(v, (i = strings.push(v) - 1));
      return i;
    });
    return { strings, numbers };
  }

  test.each([
    ['its own hash', undefined],
    ['a hash under which every string collides', () => 7],
    ['a hash of the length only', (v: string) => v.length],
  ])('as a Map numbers them, with %s, across several regrowths', (_name, hash) => {
    const random = prng(3);
    const values = Array.from({ length: hash === undefined ? 20_000 : 3_000 }, () => {
      const n = Math.floor(random() * 6);
      return Array.from({ length: n }, () => pick(random, ['a', 'b', 'C', 'é', '\u{1F600}', '-', '0'])).join('');
    });
    const table = new StringTable(hash);
    const numbers = values.map((v) => table.indexOf(v));
    expect({ strings: table.strings, numbers }).toEqual(numbered(values));
  });
});

describe('encodeRows: each distinct value redacted once', () => {
  /** The table as it was built before: every cell redacted, then looked up by its redacted text. */
  function plainEncoding(rows: readonly FindingRow[], redact: (value: string) => string): { s: string[]; r: number[][] } {
    const strings: string[] = [];
    const index = new Map<string, number>();
    const ref = (value: string | undefined): number => {
      if (value === undefined || value === '') return -1;
      const v = redact(value);
      let i = index.get(v);
      if (i === undefined) {
        i = strings.length;
        strings.push(v);
        index.set(v, i);
      }
      return i;
    };
    const r = rows.map((row) => [
      ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].indexOf(row.severity),
      ref(row.judgedAs),
      ref(row.id),
      ref(row.url),
      ref(row.kind),
      ref(row.pkg),
      ref(row.installed),
      ref(row.fixed),
      ref(row.title),
      ref(row.location),
      ref(row.locationUrl),
      ref(row.scope),
      ref(row.platform),
      ref(row.status),
      ref(row.statusDetail),
      row.isNew ? 1 : 0,
      row.kev === undefined ? -1 : row.kev ? 1 : 0,
      row.epss === undefined ? -1 : Math.round(row.epss * 1e5) / 1e5,
    ]);
    return { s: strings, r };
  }

  const SECRET = 'S3cretValue';
  const redact = (value: string): string => value.replace(/s3cretvalue/gi, '***');

  function rows(seed: number, n: number): FindingRow[] {
    const random = prng(seed);
    // Values that differ only in the secret's letter case redact to one text; some are the redacted text already.
    const values = ['a', 'b', `x-${SECRET}`, `x-${SECRET.toLowerCase()}`, `x-${SECRET.toUpperCase()}`, 'x-***', SECRET, 'CVE-2024-1', ''];
    const v = (): string => pick(random, values);
    return Array.from({ length: n }, () => ({
      severity: pick(random, ['CRITICAL', 'HIGH', 'LOW'] as const),
      judgedAs: pick(random, ['', 'HIGH']),
      id: v(),
      url: random() < 0.5 ? undefined : `https://example.com/${v()}`,
      kind: 'vulnerability' as const,
      pkg: v(),
      installed: v(),
      fixed: v(),
      title: v(),
      location: v(),
      locationUrl: undefined,
      scope: pick(random, ['image', 'filesystem'] as const),
      platform: v(),
      status: pick(random, ['blocking', 'reported'] as const),
      statusDetail: v(),
      isNew: random() < 0.5,
      kev: pick(random, [undefined, true, false]),
      epss: random() < 0.5 ? undefined : random(),
    }));
  }

  test.each([1, 2, 3, 4, 5])('seed %i: the same strings and indexes as redacting every cell', (seed) => {
    const sample = rows(seed, 400);
    const encoded = encodeRows(sample, redact);
    expect(encoded).toEqual(plainEncoding(sample, redact));
    expect(encoded.s.join('\n').toLowerCase()).not.toContain(SECRET.toLowerCase());
  });

  test('without a secret in any value, the table is the values in order of first use', () => {
    const sample = rows(9, 200).map((row) => ({ ...row, pkg: 'pkg', title: 'title' }));
    expect(encodeRows(sample, (value) => value)).toEqual(plainEncoding(sample, (value) => value));
  });

  test('report.html: a canary in any letter case is masked, in the rows and in the markup', () => {
    const decision = decide({
      image: report({ kind: 'image', os: [vuln('CVE-2024-1', 'HIGH', `lib-${SECRET}`), vuln('CVE-2024-2', 'HIGH', `lib-${SECRET.toUpperCase()}`), vuln('CVE-2024-3', 'LOW', 'lib-plain')] }),
    });
    const html = renderHtmlReport(decision, { ...CONTEXT, secrets: [SECRET.toLowerCase()] });
    expect(html.toLowerCase()).not.toContain(SECRET.toLowerCase());
    const data = JSON.parse(/<script type="application\/json" id="findings-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { s: string[] };
    // Both spellings became one entry.
    expect(data.s.filter((s) => s === 'lib-***')).toHaveLength(1);
  });
});

describe('evaluateGate: findings of one status and severity by ID, then identity key', () => {
  test('the order is a stable localeCompare sort of IDs and keys, whatever the IDs look like', () => {
    const random = prng(7);
    const ids = ['CVE-2024-1', 'CVE-2024-10', 'CVE-2024-2', 'GHSA-abcd-efgh-ijkl', 'GHSA-ABCD-efgh-ijkl', 'ghsa-abcd-efgh-ijkl', 'DS-0002', 'Ä-1', 'a-1', 'A-1', 'ZZ', 'é', 'CVE-2023-99999'];
    const os = Array.from({ length: 600 }, (_, i) => vuln(pick(random, ids), 'LOW', `pkg-${Math.floor(random() * 40)}`, undefined, `1.${i % 7}`));
    const decision = decide({ image: report({ kind: 'image', os }) });
    const findings = decision.findings.map((e) => e.finding);
    const expected = [...findings].sort((x, y) => (x.id === y.id ? 0 : x.id.localeCompare(y.id)) || x.key.localeCompare(y.key));
    expect(findings.map((f) => f.key)).toEqual(expected.map((f) => f.key));
    expect(new Set(findings.map((f) => f.key)).size).toBeGreaterThan(300);
  });
});

describe('SARIF: which findings are kept past SARIF_MAX_RESULTS', () => {
  test('the first SARIF_MAX_RESULTS by (blocking, reported, other; severity; report order), listed in decision order', () => {
    const random = prng(11);
    const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
    const n = SARIF_MAX_RESULTS + 1500;
    const os = Array.from({ length: n }, (_, i) => vuln(`CVE-2024-${10000 + i}`, pick(random, severities), `pkg-${i}`, random() < 0.7 ? '9.9.9' : undefined));
    // Excepted findings rank with the rest; ignore-unfixed makes a third status.
    const decision = decide({ image: report({ kind: 'image', os }), policy: { ignoreUnfixed: true, issueOn: ['CRITICAL', 'HIGH', 'MEDIUM'] }, exceptions: [exceptionFor('CVE-2024-10001')] });
    const listed = decision.findings.filter((e) => e.status !== 'not-failed');
    const priority = (e: FindingEvaluation): number => (e.status === 'blocking' ? 0 : e.status === 'counted' || e.status === 'reported' ? 1 : 2);
    const order = listed.map((e, index) => ({ index, rank: priority(e) * 10 - severityRank(e.effectiveSeverity) })).sort((a, b) => a.rank - b.rank || a.index - b.index);
    const kept = order.slice(0, SARIF_MAX_RESULTS).map((o) => o.index).sort((a, b) => a - b).map((i) => listed[i]!);
    // The cut falls inside one rank, so "the earliest of the cut-off rank" is what is tested.
    const cut = order[SARIF_MAX_RESULTS - 1]!.rank;
    expect(order[SARIF_MAX_RESULTS]!.rank).toBe(cut);

    const options: SarifOptions = { contextPath: '.', imageName: 'ghcr.io/acme/app', toolVersion: '1.0.0' };
    const results = renderSarif(decision, options).runs[0]!.results;
    expect(results.map((r) => r.partialFingerprints['containerSecurityGate/v1'])).toEqual(kept.map((e) => `image:${e.finding.key}`));
  });
});

describe('plain IDs: ordered without collating, as localeCompare orders them', () => {
  const sign = (n: number): number => Math.sign(n);

  test('agrees with localeCompare on 100,000 pairs of IDs of letters, digits and `-` in any case', () => {
    const random = prng(23);
    // Shapes scanners write, and the pairs that test the rules: case ties, prefixes, `-` against digits and letters.
    const stems = ['CVE-2024-', 'cve-2024-', 'GHSA-', 'ghsa-', 'DS-', 'DS', 'AVD-DS-', 'RUSTSEC-', 'a', 'A', 'aa', 'Aa', 'aA', 'z', 'Z', '-', '', 'ch', 'll', 'ij'];
    const tails = ['1', '10', '2', '0', '9', 'abcd-efgh', 'ABCD-efgh', 'aBcD', '-1', '1-', 'x', 'X', 'zz', '', '-', '00', 'a-b', 'ab'];
    const id = (): string => `${pick(random, stems)}${pick(random, tails)}${random() < 0.3 ? pick(random, tails) : ''}`;
    const ids = Array.from({ length: 4_000 }, id);
    const forms = plainIdForms(ids);
    expect(forms).toBeDefined();
    const disagreements: string[] = [];
    for (let n = 0; n < 100_000; n++) {
      const a = Math.floor(random() * ids.length);
      const b = Math.floor(random() * ids.length);
      if (sign(comparePlainIds(ids[a]!, ids[b]!, forms![a]!, forms![b]!)) !== sign(ids[a]!.localeCompare(ids[b]!))) disagreements.push(`${ids[a]} ${ids[b]}`);
    }
    expect(disagreements).toEqual([]);
    // And as a sort: the same order as a localeCompare sort.
    const sorted = [...ids].sort((x, y) => x.localeCompare(y));
    const order = ids.map((_, i) => i).sort((a, b) => comparePlainIds(ids[a]!, ids[b]!, forms![a]!, forms![b]!));
    expect(order.map((i) => ids[i])).toEqual(sorted);
  });

  test('IDs outside that alphabet are left to localeCompare', () => {
    expect(plainIdForms(['CVE-2024-1', 'Ä-1'])).toBeUndefined();
    expect(plainIdForms(['CVE-2024-1', 'a_b'])).toBeUndefined();
    expect(plainIdForms(['CVE-2024-1', 'a b'])).toBeUndefined();
    expect(plainIdForms(['CVE-2024-1', 'GHSA-abcd'])).toEqual(['CVE-2024-1', 'GHSA-ABCD']);
  });

  test('a decision of plain IDs is sorted as the localeCompare sort of IDs and keys', () => {
    const random = prng(29);
    const ids = ['CVE-2024-1', 'CVE-2024-10', 'CVE-2024-2', 'GHSA-abcd-efgh-ijkl', 'GHSA-ABCD-efgh-ijkl', 'ghsa-abcd-efgh-ijkl', 'DS-0002', 'a-1', 'A-1', 'ZZ', 'CVE-2023-99999', 'aa', 'z'];
    const os = Array.from({ length: 600 }, (_, i) => vuln(pick(random, ids), pick(random, ['LOW', 'HIGH'] as const), `pkg-${Math.floor(random() * 40)}`, undefined, `1.${i % 7}`));
    const decision = decide({ image: report({ kind: 'image', os }) });
    const findings = decision.findings.map((e) => e.finding);
    const bySeverity = (f: { severity: string }): number => (f.severity === 'HIGH' ? 0 : 1);
    const expected = [...findings].sort((x, y) => bySeverity(x) - bySeverity(y) || (x.id === y.id ? 0 : x.id.localeCompare(y.id)) || x.key.localeCompare(y.key));
    expect(findings.map((f) => f.key)).toEqual(expected.map((f) => f.key));
  });
});

describe('report.html distinct counts: one set of keys while no key repeats', () => {
  test.each([
    ['no key repeats', 0],
    ['a key repeats at another severity', 1],
    ['a key repeats at the same severity', 2],
  ])('%s: the counts of one set of keys per severity', (_name, variant) => {
    const random = prng(31 + variant);
    const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
    const os = Array.from({ length: 300 }, (_, i) => vuln(`CVE-2024-${i}`, pick(random, severities), `pkg-${i % 17}`));
    const decision = decide({ image: report({ kind: 'image', os }) });
    const findings = [...decision.findings];
    if (variant > 0) {
      // Keys seldom repeat after the merge; a decision built another way may still repeat one.
      const copy = findings[150]!;
      const severity = variant === 1 ? (copy.finding.severity === 'LOW' ? 'HIGH' : 'LOW') : copy.finding.severity;
      findings.push({ ...copy, finding: { ...copy.finding, severity } });
    }
    const counts = distinctCounts({ ...decision, findings });
    expect(counts).toEqual(distinctCountsBySeverity({ ...decision, findings }));
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(variant === 1 ? 301 : 300);
  });
});

describe('fitBlocks: rows rendered only while they could still fit', () => {
  /** fitBlocks as it was: every row rendered first, then rows dropped from the end of the highest drop priority first. */
  function eagerFit(blocks: readonly (string | { title: string | undefined; columns: string[]; rows: string[]; total: number; dropPriority: number })[], limit: number, note: (n: number) => string): string {
    const tables = blocks.filter((b) => typeof b !== 'string');
    const shown = new Map(tables.map((t) => [t, t.rows.length]));
    const fixedLength = blocks.reduce((sum, block) => {
      if (typeof block === 'string') return sum + block.length + 2;
      return sum + (block.title ? block.title.length + 2 : 0) + tableHeader(block.columns).length + 1 + 2;
    }, 0);
    let total = fixedLength + tables.reduce((sum, t) => sum + t.rows.reduce((s, row) => s + row.length + 1, 0) + (t.rows.length < t.total ? 240 : 0), 0);
    for (const block of [...tables].sort((a, b) => b.dropPriority - a.dropPriority)) {
      let count = shown.get(block)!;
      while (total > limit && count > 0) {
        if (count === block.total) total += 240;
        count -= 1;
        total -= block.rows[count]!.length + 1;
      }
      shown.set(block, count);
      if (total <= limit) break;
    }
    const rendered = blocks
      .map((block) => {
        if (typeof block === 'string') return block;
        const n = shown.get(block)!;
        const parts: string[] = [];
        if (block.title) parts.push(block.title);
        if (n > 0) parts.push(`${tableHeader(block.columns)}\n${block.rows.slice(0, n).join('\n')}`);
        if (n < block.total) parts.push(note(block.total - n));
        return parts.join('\n\n');
      })
      .filter((part) => part.length > 0)
      .join('\n\n');
    if (rendered.length <= limit) return rendered;
    const cut = rendered.lastIndexOf('\n', Math.max(0, limit - `\n\n${note(0)}`.length));
    return `${rendered.slice(0, Math.max(0, cut))}\n\n${note(0)}`.slice(0, limit);
  }

  test('the same text as rendering every row first, on 3,000 generated documents', () => {
    const random = prng(37);
    const note = (n: number): string => (n > 0 ? `_${n} more not shown._` : '_cut._');
    let partial = 0;
    let unread = 0;
    for (let doc = 0; doc < 3_000; doc++) {
      const blocks: (string | { title: string | undefined; columns: string[]; rows: string[]; total: number; dropPriority: number })[] = [];
      for (let b = Math.floor(random() * 6); b >= 0; b--) {
        if (random() < 0.35) blocks.push('x'.repeat(Math.floor(random() * 400)));
        else {
          const rows = Array.from({ length: Math.floor(random() * 40) }, (_, i) => tableRow([`r${i}`, 'y'.repeat(Math.floor(random() * (random() < 0.1 ? 900 : 120)))]));
          const total = rows.length + (random() < 0.3 ? Math.floor(random() * 50) : 0);
          blocks.push({ title: random() < 0.8 ? `## T${b}` : undefined, columns: ['k', 'v'], rows, total, dropPriority: Math.floor(random() * 4) });
        }
      }
      const limit = Math.floor(random() * 8_000) + 50;
      let reads = 0;
      const lazy = blocks.map((block) =>
        typeof block === 'string'
          ? block
          : table(block.title, block.columns, lazyRows(block.rows.length, (i) => (reads++, block.rows[i]!)), { total: block.total, dropPriority: block.dropPriority }),
      );
      expect(fitBlocks(lazy, limit, note)).toBe(eagerFit(blocks, limit, note));
      const rowCount = blocks.reduce((n, block) => n + (typeof block === 'string' ? 0 : block.rows.length), 0);
      if (reads < rowCount) unread++;
      if (eagerFit(blocks, limit, note).includes('more not shown')) partial++;
    }
    // The generator reaches documents cut short and documents whose rows are not all rendered.
    expect(partial).toBeGreaterThan(300);
    expect(unread).toBeGreaterThan(300);
  });

  test('an issue body of a big decision renders a few hundred rows, not every listed one', () => {
    let reads = 0;
    const rows = lazyRows(2_000, (i) => (reads++, tableRow([`CVE-2024-${i}`, 'z'.repeat(200)])));
    const out = fitBlocks(['# Findings', table('### Blocking (40000)', ['ID', 'What'], rows, { total: 40_000 })], 65_000, (n) => `${n} more`);
    expect(out.length).toBeLessThanOrEqual(65_000);
    expect(reads).toBeLessThan(400);
  });
});

describe('markdown text and code spans: values with nothing to escape are returned as they are', () => {
  // Every character and sequence the full escapers act on, among plain ones.
  const pieces = ['a', 'Z', '0', '9', ' ', '.', ')', ':', '/', '//', '-', '+', '=', '#', '#1', '@', '@a', 'GH-1', 'gh-', 'www.', 'WWW.x', 'http://', 'x://y', '\\', '`', '``', '*', '_', '[', ']', '<', '>', '|', '~', '&', '$', '\n', '\r', '\t', '\u0000', '\u0085', '\u009F', '\u202E', '\u2066', 'é', '\u{1F600}', '\uD800', '1.', '12)', 'CVE-2024-1', 'openssl: problem'];

  function generated(seed: number, n: number): string[] {
    const random = prng(seed);
    return Array.from({ length: n }, () => {
      const parts = Array.from({ length: Math.floor(random() * 8) }, () => pick(random, pieces));
      // Long values go past the caps.
      if (random() < 0.02) parts.push('x'.repeat(Math.floor(random() * 1200)));
      return parts.join('');
    });
  }

  test('text: the same as the full escaper on 200,000 generated values', () => {
    const values = generated(41, 200_000);
    const disagreements = values.filter((v) => text(v) !== escapedText(v));
    expect(disagreements).toEqual([]);
    // The shortcut is taken often, so the comparison means something.
    expect(values.filter((v) => text(v) === v).length).toBeGreaterThan(20_000);
  });

  test('code: the same as the full renderer on 200,000 generated values', () => {
    const values = generated(43, 200_000);
    const disagreements = values.filter((v) => code(v) !== escapedCode(v));
    expect(disagreements).toEqual([]);
    expect(values.filter((v) => code(v) === `\`${v}\``).length).toBeGreaterThan(20_000);
  });
});

describe('mergeByIdentity: one item per group without a list per lone finding', () => {
  /** The grouping as it was first written: a list per group, file findings matched by path. */
  function plainGroups(items: readonly Finding[]): Finding[][] {
    const join = (...parts: (string | number)[]): string => parts.join('\u0000');
    const strip = (path: string): string => path.replace(/\\/g, '/').replace(/^\/+/, '');
    const fileId = (f: Finding, path: string): string =>
      join('file', f.kind, f.kind === 'misconfiguration' ? canonicalCheckId(f.id) : f.id, f.namespace ?? '', path, f.startLine ?? '', f.endLine ?? '');
    const groups: Finding[][] = [];
    const byIdentity = new Map<string, Finding[]>();
    const contextFiles = new Map<string, Finding[]>();
    const pending: Finding[] = [];
    const add = (identity: string, item: Finding, index: Map<string, Finding[]>): void => {
      let group = index.get(identity);
      if (group === undefined) {
        index.set(identity, (group = []));
        groups.push(group);
      }
      group.push(item);
    };
    for (const f of items) {
      const identity = packageIdentity(f);
      if (identity !== undefined) add(identity, f, byIdentity);
      else if (f.scope === 'filesystem') add(fileId(f, strip(f.target)), f, contextFiles);
      else pending.push(f);
    }
    for (const f of pending) {
      const segments = strip(f.target).split('/');
      let group: Finding[] | undefined;
      for (let i = 0; i < segments.length && group === undefined; i++) group = contextFiles.get(fileId(f, segments.slice(i).join('/')));
      if (group !== undefined) group.push(f);
      else add(join('image', fileId(f, strip(f.target))), f, byIdentity);
    }
    return groups;
  }

  test('the groups of the plain grouping, on 20 generated sets of 2,000 findings', () => {
    for (let seed = 0; seed < 20; seed++) {
      const random = prng(100 + seed);
      const findings = Array.from({ length: 2_000 }, (_, n): Finding => {
        const kind = pick(random, ['vulnerability', 'vulnerability', 'secret', 'misconfiguration', 'license'] as const);
        const fileLike = kind === 'secret' || kind === 'misconfiguration';
        return {
          kind,
          id: pick(random, ['CVE-2024-1', 'CVE-2024-2', 'DS002', 'DS-0002', 'AVD-DS-0002', 'aws-access-key-id', 'MIT']),
          aliases: [],
          severity: pick(random, ['HIGH', 'LOW'] as const),
          scope: pick(random, ['filesystem', 'image'] as const),
          target: pick(random, ['Dockerfile', 'app/Dockerfile', '/app/Dockerfile', 'srv/app/Dockerfile', 'package-lock.json', 'app/.env', '.env']),
          targetClass: fileLike ? pick(random, ['config', 'secret']) : pick(random, ['os-pkgs', 'lang-pkgs']),
          targetType: pick(random, ['npm', 'pip', 'debian', 'dockerfile']),
          title: `t${n}`,
          key: 'k',
          ...(fileLike || random() < 0.1 ? {} : { packageName: pick(random, ['Werkzeug', 'werkzeug', 'openssl', 'Flask_Cors']), installedVersion: pick(random, ['1.0', '2.0']) }),
          ...(fileLike ? { startLine: pick(random, [1, 2]), endLine: pick(random, [1, 2, 3]) } : {}),
        };
      });
      // Each finding has its own title, so the merged titles name every group's members, in order.
      const merge = (group: readonly Finding[]): Finding => ({ ...group[0]!, title: `merged ${group.map((f) => f.title).join(',')}` });
      const expected = plainGroups(findings).map((group) => (group.length === 1 ? group[0]! : merge(group)));
      const merged = mergeByIdentity(findings, (f) => f, merge);
      expect(merged).toEqual(expected);
      // Lone findings are returned as they are, not copies.
      expect(merged.filter((f) => findings.includes(f)).length).toBe(expected.filter((f) => !f.title.startsWith('merged')).length);
      // Both lone findings and merged groups occur.
      expect(expected.filter((f) => f.title.startsWith('merged')).length).toBeGreaterThan(10);
      expect(expected.filter((f) => !f.title.startsWith('merged')).length).toBeGreaterThan(10);
    }
  });
});

describe('audit log fingerprints: no set of strings unless a digest repeats', () => {
  /** The plain way: every fingerprint through one set, first kept. */
  const plain = (decision: Decision): string[] => [...new Set(decision.findings.filter((e) => e.status !== 'not-failed').map((e) => findingFingerprint(e.finding)))];

  test.each([
    ['no fingerprint repeats', 0],
    ['a finding listed twice (the same fingerprint)', 1],
    ['one key at two severities (the same digest, two fingerprints)', 2],
  ])('%s: the plain list', (_name, variant) => {
    const random = prng(47 + variant);
    const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
    const os = Array.from({ length: 400 }, (_, i) => vuln(`CVE-2024-${i % 350}`, pick(random, severities), `pkg-${i % 23}`));
    const decision = decide({ image: report({ kind: 'image', os }) });
    const findings = [...decision.findings];
    if (variant > 0) {
      const copy = findings[200]!;
      const severity = variant === 1 ? copy.finding.severity : copy.finding.severity === 'LOW' ? 'HIGH' : 'LOW';
      findings.splice(50, 0, { ...copy, finding: { ...copy.finding, severity } });
    }
    const changed = { ...decision, findings };
    const listed = auditRecord(changed, { time: NOW, image: 'ghcr.io/acme/app' }).findings;
    expect(listed).toEqual(plain(changed));
    expect(listed).toHaveLength(variant === 1 ? 400 : variant === 2 ? 401 : 400);
  });
});
