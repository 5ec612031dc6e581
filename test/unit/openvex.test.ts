import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { parsePolicyFile } from '../../src/domain/policy/policy-file.js';
import { buildOpenVex, ociPurl, OPENVEX_CONTEXT } from '../../src/domain/vex/openvex.js';
import { openVexProblems } from '../support/openvex-schema.js';
import { policy, report, vuln } from './policy-fixtures.js';

const NOW = new Date('2026-11-30T10:00:00Z');
const lodash = (id: string, severity: 'HIGH' | 'MEDIUM', path: string) => ({ ...vuln({ id, severity, pkg: 'lodash', version: '4.17.20', pkgPath: path }), PkgIdentifier: { PURL: 'pkg:npm/lodash@4.17.20' } });
const image = report({
  os: [{ ...vuln({ id: 'CVE-2024-0001', severity: 'HIGH', pkg: 'openssl' }), PkgIdentifier: { PURL: 'pkg:apk/alpine/openssl@1.0.0' } }],
  npm: [
    lodash('CVE-2020-28500', 'MEDIUM', 'app/node_modules/lodash/package.json'),
    lodash('CVE-2021-23337', 'HIGH', 'app/node_modules/lodash/package.json'),
    lodash('CVE-2021-23337', 'HIGH', 'other/node_modules/lodash/package.json'),
  ],
});

function decide(policyYaml: string) {
  return evaluateGate({ policy: policy(), image, policyFile: parsePolicyFile(policyYaml, '.github/container-gate.yml'), now: NOW });
}

const pushed = { kind: 'pushed' as const, registry: 'ghcr.io', repository: 'acme/app', digest: `sha256:${'b'.repeat(64)}` };

describe('VEX out', () => {
  it("is Trivy's Package URL of the image by digest", () => {
    expect(ociPurl(pushed)).toBe(`pkg:oci/app@sha256%3A${'b'.repeat(64)}?repository_url=ghcr.io%2Facme%2Fapp`);
    expect(ociPurl({ ...pushed, registry: 'docker.io', repository: 'library/alpine' })).toMatch(/repository_url=index.docker.io%2Flibrary%2Falpine$/);
  });

  it('turns whole-image and package exceptions into valid statements, never wider than the exception', () => {
    const decision = decide(
      [
        'exceptions:',
        '  - id: CVE-2024-0001',
        '    reason: openssl is not used by the app',
        '    expires: 2030-01-01',
        '  - id: CVE-2020-28500',
        '    package: lodash',
        '    reason: input never reaches the vulnerable function',
        '    justification: vulnerable_code_not_in_execute_path',
        '    expires: 2030-01-01',
        '  - id: CVE-2021-23337',
        '    path: app/node_modules/**',
        '    reason: only the other copy matters',
        '    expires: 2030-01-01',
        '  - id: DS002',
        '    reason: a misconfiguration check is not a vulnerability',
        '    expires: 2030-01-01',
        '  - id: CVE-2019-0001',
        '    reason: not present yet',
        '    expires: 2020-01-01',
      ].join('\n'),
    );
    const { document, omitted } = buildOpenVex({ decision, product: pushed, author: 'acme', tooling: 'container-security-gate test' });
    expect(openVexProblems(document)).toEqual([]);
    expect(document!['@context']).toBe(OPENVEX_CONTEXT);
    expect(document!.timestamp).toBe(NOW.toISOString());
    const [openssl, lodashStatement] = document!.statements;
    expect(openssl).toEqual({
      vulnerability: { name: 'CVE-2024-0001' },
      timestamp: NOW.toISOString(),
      status: 'not_affected',
      products: [{ '@id': ociPurl(pushed) }],
      impact_statement: 'openssl is not used by the app',
      status_notes: 'policy exception (line 2), expires 2030-01-01',
    });
    expect(lodashStatement).toMatchObject({
      vulnerability: { name: 'CVE-2020-28500' },
      justification: 'vulnerable_code_not_in_execute_path',
      products: [{ '@id': ociPurl(pushed), subcomponents: [{ '@id': 'pkg:npm/lodash@4.17.20' }] }],
    });
    expect(lodashStatement).not.toHaveProperty('impact_statement');
    // The path exception covers one of two lodash copies with the same PURL: saying
    // not_affected for that PURL would cover the other copy too, so it is left out, with why.
    expect(document!.statements).toHaveLength(2);
    expect(omitted.map((o) => o.exception.id)).toEqual(['CVE-2021-23337']);
    expect(omitted[0]!.why).toMatch(/path/);
  });

  it('without a push, the product is the scanned image ID; without vulnerability exceptions there is no document', () => {
    const decision = decide('exceptions:\n  - id: CVE-2024-0001\n    reason: r\n    expires: 2030-01-01\n');
    const built = buildOpenVex({ decision, product: { kind: 'built', imageId: `sha256:${'c'.repeat(64)}` }, author: 'a', tooling: 't' });
    expect(openVexProblems(built.document)).toEqual([]);
    expect(built.document!.statements[0]!.products).toEqual([{ '@id': `sha256:${'c'.repeat(64)}`, hashes: { 'sha-256': 'c'.repeat(64) } }]);
    expect(buildOpenVex({ decision: decide('exceptions: []\n'), product: pushed, author: 'a', tooling: 't' }).document).toBeUndefined();
  });

  it('the schema check itself rejects what the OpenVEX schema rejects', () => {
    const valid = buildOpenVex({ decision: decide('exceptions:\n  - id: CVE-2024-0001\n    reason: r\n    expires: 2030-01-01\n'), product: pushed, author: 'a', tooling: 't' }).document!;
    const both = { ...valid, statements: [{ ...valid.statements[0]!, justification: 'component_not_present' }] };
    expect(openVexProblems(both)).not.toEqual([]);
    expect(openVexProblems({ ...valid, statements: [] })).not.toEqual([]);
    expect(openVexProblems({ ...valid, extra: 1 })).not.toEqual([]);
    expect(openVexProblems({ ...valid, timestamp: 'yesterday' })).not.toEqual([]);
  });

  it('an unknown justification in the policy file is an input error naming the line', () => {
    expect(() => decide('exceptions:\n  - id: CVE-2024-0001\n    reason: r\n    justification: trust me\n    expires: 2030-01-01\n')).toThrow(/line 4.*OpenVEX justification/);
  });
});
