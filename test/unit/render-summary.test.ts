import { describe, expect, test } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import { errorDecision } from '../../src/domain/policy/decision.js';
import { SUMMARY_LIMIT, renderSummary } from '../../src/domain/render/summary.js';
import { CONTEXT, hugeDecision, scenarios } from '../support/render-fixtures.js';

const decisions = scenarios();
const pushed = { ...CONTEXT, pushedReferences: ['ghcr.io/acme/app:main', 'ghcr.io/acme/app:sha-0123456'] };

/** The `### ` headings in order, to check what comes first. */
function headings(markdown: string): string[] {
  return markdown.split('\n').filter((l) => /^#{2,4} /.test(l));
}

describe('renderSummary', () => {
  test.each([
    ['clean', '## ✅ Container security gate: pass'],
    ['vulnerable', '## ❌ Container security gate: fail (vulnerable)'],
    ['regressed', '## ❌ Container security gate: fail (regressed)'],
    ['misconfigured', '## ❌ Container security gate: fail (policy)'],
    ['error', '## ⚠️ Container security gate: error (scan-error)'],
  ])('%s: the verdict comes first', (name, first) => {
    expect(renderSummary(decisions[name]!, CONTEXT).split('\n')[0]).toBe(first);
  });

  test.each([
    ['clean', ['### Findings by severity', '### Hardening', '### Image']],
    ['vulnerable', ['### Findings by severity', '### Blocking findings (3)', '### Other reported findings (1)', '### Hardening', '### Image']],
    ['regressed', ['### Findings by severity', '### Blocking findings (1)', '### Baseline', '### Other reported findings (1)', '### Hardening', '### Image']],
    ['excepted', ['### Findings by severity', '### Blocking findings (1)', '### Exceptions (`.github/container-gate.yml`)', '### Hardening', '### Image']],
    ['error', ['### Findings by severity', '### Image']],
  ])('%s: sections in order', (name, expected) => {
    expect(headings(renderSummary(decisions[name]!, CONTEXT)).slice(1)).toEqual(expected);
  });

  test('counts by severity for the build context and the image', () => {
    const md = renderSummary(decisions.vulnerable!, CONTEXT);
    expect(md).toContain('| Build context (filesystem) | 1 | 0 | 1 | 0 | 0 | 2 |');
    expect(md).toContain('| Image | 0 | 1 | 0 | 1 | 1 | 3 |');
    expect(renderSummary(decisions.regressed!, CONTEXT)).toContain('| Build context (filesystem) | — | — | — | — | — | not scanned |');
  });

  test('blocking findings with links to the advisory and to the file at the commit', () => {
    const md = renderSummary(decisions.vulnerable!, CONTEXT);
    expect(md).toContain('[`CVE-2021-44906`](https://avd.aquasec.com/nvd/cve-2021-44906)');
    expect(md).toContain(
      '[`services/api/package-lock.json`](https://github.com/acme/app/blob/0123456789abcdef0123456789abcdef01234567/services/api/package-lock.json)',
    );
    expect(md).toContain('| ⚪ UNKNOWN → HIGH |');
    expect(md).toContain('**blocks** (unknown-severity)');
  });

  test('exceptions used and expired', () => {
    const md = renderSummary(decisions.excepted!, CONTEXT);
    expect(md).toMatch(/Used:\n\n\| ID .*\n.*\n\| `CVE-2024-0001` \| `openssl` \| any \| 2030-01-01 \| 1 \| accepted: not reachable \|/);
    expect(md).toMatch(/Expired — they no longer apply.*\n\n.*\n.*\n\| `CVE-2024-0005` \| any \| any \| 2026-01-01 \| expired \|/);
  });

  test('hardening results', () => {
    const md = renderSummary(decisions.misconfigured!, CONTEXT);
    expect(md).toMatch(/\| Runs as non-root user \| fail \| ❌ fail \|/);
    expect(md).toMatch(/\| Has a HEALTHCHECK \| warn \| ⚠️ warn \|/);
  });

  test('baseline delta with new and fixed findings', () => {
    const regressed = renderSummary(decisions.regressed!, CONTEXT);
    expect(regressed).toContain('📈 Against the baseline (image scan): **regressed**, 1 → 2 compared vulnerabilities (+1 new, −0 fixed, 1 unchanged)');
    expect(regressed).toMatch(/New \(1\):[\s\S]*CVE-2024-0009/);
    const improved = renderSummary(decisions.improved!, CONTEXT);
    expect(improved).toMatch(/\*\*improved\*\*, 2 → 1/);
    expect(improved).toMatch(/Fixed \(1\):[\s\S]*CVE-2023-0100/);
  });

  test('pushed references and digest', () => {
    const md = renderSummary(decisions.clean!, pushed);
    expect(md).toContain(`- Digest: \`${CONTEXT.digest}\``);
    expect(md).toContain('  - `ghcr.io/acme/app:main`\n  - `ghcr.io/acme/app:sha-0123456`');
    expect(renderSummary(decisions.vulnerable!, CONTEXT)).toContain('- Pushed: nothing (the verdict is fail: only an image that passed is pushed)');
  });

  test('the image that was built and scanned is named even when nothing was pushed', () => {
    const imageId = `sha256:${'e'.repeat(64)}`;
    const { digest: _digest, ...notPushed } = CONTEXT;
    const md = renderSummary(decisions.vulnerable!, { ...notPushed, imageId });
    expect(md).toContain(`- Built and scanned: \`${imageId}\``);
    expect(md).toContain('- Digest: none (nothing was pushed)');
    expect(renderSummary(decisions.vulnerable!, notPushed)).toContain('- Built and scanned: no image was built');
  });

  test('an error shows message, remedy and tool output, with secrets masked', () => {
    const decision = errorDecision(
      new GateError('registry-auth', 'login to ghcr.io failed', { remedy: 'check registry-password', details: ['Error: denied for password hunter2hunter2'] }),
    );
    const md = renderSummary(decision, { ...CONTEXT, secrets: ['hunter2hunter2'] });
    expect(md).toContain('> **Error (registry-auth):** login to ghcr.io failed');
    expect(md).toContain('> check registry-password');
    expect(md).toContain('Error: denied for password ***');
    expect(md).not.toContain('hunter2hunter2');
  });

  test('a huge decision stays under the job summary limit with a note', () => {
    const md = renderSummary(hugeDecision(20_000), CONTEXT);
    expect(md.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(md).toMatch(/more not shown: the job summary is limited in size/);
    expect(md.split('\n')[0]).toBe('## ❌ Container security gate: fail (vulnerable)');
  });
});
