import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AttachmentRegistry } from '../../src/adapters/attest/attach.js';
import { createKeySigner } from '../../src/adapters/attest/key-signer.js';
import { attestPushedImage, openAttestSession, type AttestPort } from '../../src/attest-phase.js';
import { attachmentTag } from '../../src/domain/attest/cosign-layout.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE, OPENVEX_PREDICATE_TYPE } from '../../src/domain/attest/predicate-types.js';
import { runContextFrom } from '../../src/domain/attest/verdict-predicate.js';
import { GateError } from '../../src/domain/gate-error.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { secretLines } from '../../src/inputs.js';
import { facts, policy, report, vuln } from './policy-fixtures.js';

const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const DIGEST = `sha256:${'e'.repeat(64)}`;

/** An in-memory registry that records what was put, in order. */
function memoryRegistry(failOn?: (reference: string) => boolean) {
  const puts: string[] = [];
  const manifests = new Map<string, Buffer>();
  const registry: AttachmentRegistry = {
    async getManifest(_repository, reference) {
      return manifests.get(reference);
    },
    async putBlob(_repository, bytes) {
      const { createHash } = await import('node:crypto');
      const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      puts.push(`blob ${digest}`);
      return { digest };
    },
    async putManifest(_repository, reference, bytes) {
      if (failOn?.(reference)) throw new Error(`HTTP 500 from the registry for ${reference}`);
      const { createHash } = await import('node:crypto');
      manifests.set(reference, bytes);
      puts.push(`manifest ${reference}`);
      return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
    },
  };
  return { registry, puts, manifests };
}

function port(registry: AttachmentRegistry, extra: Partial<AttestPort> = {}): AttestPort & { notices: string[] } {
  const notices: string[] = [];
  return {
    hasOidcToken: false,
    openSigner: () => createKeySigner(PEM, ''),
    registry,
    writeSbom: async () => ({ path: '/tmp/sbom.cdx.json', bytes: Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.6"}') }),
    trivyDatabase: async () => ({ updatedAt: '2026-11-30T06:00:00Z', version: 2 }),
    run: runContextFrom({}),
    runId: undefined,
    notice: (line) => notices.push(line),
    info: () => undefined,
    notices,
    ...extra,
  };
}

function passed() {
  const decision = evaluateGate({ policy: policy(), image: report({ os: [vuln({ id: 'CVE-1', severity: 'LOW' })] }), imageFacts: facts(), now: new Date() });
  expect(decision.verdict).toBe('pass');
  return decision;
}

const args = (p: AttestPort) => ({
  session: openAttestSession({ attest: 'key' }, p)!,
  port: p,
  inputs: { scanners: ['vuln' as const], baseline: { kind: 'none' as const } },
  decision: passed(),
  report: report({ os: [vuln({ id: 'CVE-1', severity: 'LOW' })] }),
  trivy: { path: '/usr/bin/trivy', version: '0.74.0' },
  subject: { name: '127.0.0.1:5000/acme/app', repository: 'acme/app', digest: DIGEST, imageId: `sha256:${'a'.repeat(64)}` },
  now: new Date(),
});

describe('attest phase', () => {
  it('attaches the vuln and verdict attestations and the SBOM, blobs before manifests; outputs map predicate types to the .att manifest', async () => {
    const { registry, puts, manifests } = memoryRegistry();
    const attested = await attestPushedImage(args(port(registry)));
    expect(Object.keys(attested.attestations).sort()).toEqual([COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE].sort());
    expect(attested.sbomPath).toBe('/tmp/sbom.cdx.json');
    const manifestPuts = puts.filter((p) => p.startsWith('manifest'));
    expect(manifestPuts.sort()).toEqual([`manifest ${attachmentTag(DIGEST, 'att')}`, `manifest ${attachmentTag(DIGEST, 'sbom')}`]);
    // Every blob a manifest names is in the registry before the manifest.
    for (const [reference, bytes] of manifests) {
      const named = (JSON.parse(bytes.toString()) as { config: { digest: string }; layers: { digest: string }[] });
      for (const digest of [named.config.digest, ...named.layers.map((l) => l.digest)]) {
        expect(puts.indexOf(`blob ${digest}`), `${digest} before ${reference}`).toBeLessThan(puts.indexOf(`manifest ${reference}`));
        expect(puts.indexOf(`blob ${digest}`)).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('attaches an OpenVEX document when the VEX seam supplies one', async () => {
    const { registry } = memoryRegistry();
    const attested = await attestPushedImage(args(port(registry, { openVex: async () => ({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [] }) })));
    expect(Object.keys(attested.attestations)).toContain(OPENVEX_PREDICATE_TYPE);
  });

  it.each([
    ['the .att manifest', (ref: string) => ref.endsWith('.att')],
    ['the .sbom manifest', (ref: string) => ref.endsWith('.sbom')],
  ])('a registry failure on %s is an attest-error (the caller then creates no tag)', async (_what, failOn) => {
    const { registry } = memoryRegistry(failOn);
    await expect(attestPushedImage(args(port(registry)))).rejects.toMatchObject({ reason: 'attest-error' });
  });

  it('an SBOM that cannot be made is an attest-error and nothing is attached', async () => {
    const { registry, puts } = memoryRegistry();
    const p = port(registry, { writeSbom: async () => Promise.reject(new GateError('attest-error', 'trivy convert failed')) });
    await expect(attestPushedImage(args(p))).rejects.toBeInstanceOf(GateError);
    expect(puts).toEqual([]);
  });

  it('auto without an OIDC token attaches nothing and says so; off says nothing; key opens the key at once', () => {
    const { registry } = memoryRegistry();
    const p = port(registry);
    expect(openAttestSession({ attest: 'auto' }, p)).toBeUndefined();
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0]).toContain('id-token: write');
    expect(openAttestSession({ attest: 'off' }, p)).toBeUndefined();
    expect(p.notices).toHaveLength(1);
    expect(openAttestSession({ attest: 'key' }, p)?.mode).toBe('key');
    const bad = port(registry, { openSigner: () => createKeySigner('not a key', '') });
    expect(() => openAttestSession({ attest: 'key' }, bad)).toThrow(/attest-key/);
  });
});

describe('secretLines', () => {
  it('masks a PEM key whole and line by line, never the armour lines', () => {
    const lines = secretLines(PEM);
    expect(lines[0]).toBe(PEM);
    const body = PEM.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const line of body.filter((l) => l.length >= 8)) expect(lines).toContain(line);
    expect(lines.slice(1).some((l) => l.startsWith('-----'))).toBe(false);
    expect(secretLines('  ')).toEqual([]);
  });
});
