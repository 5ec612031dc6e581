import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, safeUrl } from '../../src/domain/render/html-report/escape.js';
import { contentSecurityPolicy, renderHtmlReport, STATIC_ROWS } from '../../src/domain/render/html-report/html-report.js';
import { epssOf, findingRows, kevOf, platformOf } from '../../src/domain/render/html-report/rows.js';
import { CONTEXT, decide, hugeDecision, LEAKED_VALUE, report, scenarios, vuln } from '../support/render-fixtures.js';

const decisions = scenarios();

function inline(html: string, tag: 'script' | 'style'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
}

describe('renderHtmlReport', () => {
  it.each(Object.keys(decisions))('%s: one self-contained page, verdict first, nothing external', (name) => {
    const html = renderHtmlReport(decisions[name]!, CONTEXT);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.indexOf('id="verdict"')).toBeLessThan(html.indexOf('id="findings"'));
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<script\s+src|url\(|@import/i);
    expect(html).not.toContain(LEAKED_VALUE);
  });

  it('allows exactly its own script and stylesheet by hash, and no network', () => {
    const html = renderHtmlReport(decisions.vulnerable!, CONTEXT);
    const csp = contentSecurityPolicy();
    expect(html).toContain(`content="${csp}"`);
    const [script] = inline(html, 'script');
    const [style] = inline(html, 'style');
    const hash = (text: string) => createHash('sha256').update(text).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash(script!)}'`);
    expect(csp).toContain(`style-src 'sha256-${hash(style!)}'`);
    expect(csp).toMatch(/^default-src 'none'/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/i);
  });

  it('escapes every string from the report: markup and </script> stay text', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const decision = decide({ image: report({ kind: 'image', os: [{ ...vuln('CVE-2024-1', 'HIGH', hostile), Title: 'x </script><script>alert(2)</script>', PrimaryURL: 'javascript:alert(3)' }] }) });
    const html = renderHtmlReport(decision, { ...CONTEXT, image: 'ghcr.io/acme/<b>app</b>' });
    expect(html).not.toContain(hostile);
    expect(html).not.toContain('<b>app</b>');
    expect(html).not.toContain('javascript:');
    // Only the page's own two <script> elements (the data block and the client script).
    expect(html.match(/<script[\s>]/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const data = /<script type="application\/json" id="findings-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(data).s).toContain(hostile);
  });

  it('masks secret values case-insensitively, in the markup and in the embedded rows', () => {
    const decision = decide({ image: report({ kind: 'image', os: [vuln('CVE-2024-1', 'HIGH', 'pkg-S3cretValue')] }) });
    const html = renderHtmlReport(decision, { ...CONTEXT, secrets: ['s3cretvalue'] });
    expect(html.toLowerCase()).not.toContain('s3cretvalue');
    expect(html).toContain('pkg-***');
  });

  it('server-renders the first rows and says how many are not shown; embeds all of them', () => {
    const html = renderHtmlReport(hugeDecision(1000), CONTEXT);
    const body = /<tbody id="findings-body">([\s\S]*?)<\/tbody>/.exec(html)![1]!;
    expect(body.match(/<tr/g)).toHaveLength(STATIC_ROWS);
    expect(html).toContain(`${1000 - STATIC_ROWS} more are not shown here`);
    const data = JSON.parse(/id="findings-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(data.r).toHaveLength(1000);
  });

  it('shows KEV, EPSS, platform and suppressed findings when the data has them, without depending on their types', () => {
    const base = decisions.vulnerable!;
    const withExtras = {
      ...base,
      findings: base.findings.map((e, i) => ({ ...e, finding: { ...e.finding, ...(i === 0 && { kev: true, epss: 0.9731, platform: { os: 'linux', architecture: 'arm64' } }) } })),
      suppressed: [{ finding: { ...base.findings[0]!.finding, id: 'CVE-2099-0001' }, suppression: { type: 'ignore-file' as const, source: '.trivyignore', status: 'ignored', statement: undefined, justification: undefined } }],
    };
    const rows = findingRows(withExtras, CONTEXT);
    expect(rows[0]).toMatchObject({ kev: true, epss: 0.9731, platform: 'linux/arm64' });
    expect(rows.at(-1)).toMatchObject({ id: 'CVE-2099-0001', status: 'suppressed', statusDetail: '.trivyignore · ignored' });
    const html = renderHtmlReport(withExtras, CONTEXT);
    expect(html).toContain('data-sort="kev"');
    expect(html).toContain('data-sort="epss"');
    expect(html).toContain('data-sort="platform"');
    expect(html).toContain('97.3%');
    expect(html).toContain('<option value="suppressed">suppressed</option>');
    const plain = renderHtmlReport(base, CONTEXT);
    expect(plain).not.toContain('data-sort="kev"');
    expect(plain).not.toContain('data-sort="platform"');
  });

  it.each<[string, object, boolean | undefined, number | undefined, string]>([
    ['nothing', {}, undefined, undefined, ''],
    ['flat fields', { kev: false, epss: 0.5, platform: 'linux/amd64' }, false, 0.5, 'linux/amd64'],
    ['nested exploit data', { exploit: { kev: { dateAdded: '2024-01-01' }, epss: { score: 0.25, percentile: 0.9 } } }, true, 0.25, ''],
    ['out-of-range EPSS', { epss: 7 }, undefined, undefined, ''],
    ['platform with variant', { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }, undefined, undefined, 'linux/arm/v7'],
  ])('optional fields: %s', (_name, finding, kev, epss, platform) => {
    expect(kevOf(finding)).toBe(kev);
    expect(epssOf(finding)).toBe(epss);
    expect(platformOf(finding)).toBe(platform);
  });
});

describe('escaping', () => {
  it('escapes HTML, and JSON for a script element', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const json = jsonForScript({ s: '</script><!-- \u2028' });
    expect(json).not.toMatch(/<|>|\u2028/);
    expect(JSON.parse(json)).toEqual({ s: '</script><!-- \u2028' });
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('https://avd.aquasec.com/nvd/cve-2024-1')).toBe('https://avd.aquasec.com/nvd/cve-2024-1');
  });
});
