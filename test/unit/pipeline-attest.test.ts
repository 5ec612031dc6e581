// Where attesting sits in the push, with in-memory ports: after the manifest is published by
// digest, before any tag; a failure to attach leaves no tag; a failed gate attaches nothing.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeySigner } from '../../src/adapters/attest/key-signer.js';
import type { AttestPort } from '../../src/attest-phase.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE } from '../../src/domain/attest/predicate-types.js';
import { runContextFrom } from '../../src/domain/attest/verdict-predicate.js';
import { readInputs, type InputName, type Inputs } from '../../src/inputs.js';
import { runGate, type PipelinePorts } from '../../src/pipeline.js';
import { planRun, type RunPlan } from '../../src/plan.js';
import { facts, report, vuln } from './policy-fixtures.js';

const IMAGE_ID = 'sha256:' + 'b'.repeat(64);
const DIGEST = 'sha256:' + 'c'.repeat(64);
const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function inputs(values: Partial<Record<InputName, string>>): Inputs {
  return readInputs((name) => values[name] ?? '', { repository: 'acme/app', actor: 'octocat', runnerTemp: '/tmp/rt', env: {} });
}

function plan(given: Inputs): RunPlan {
  const event = { eventName: 'push', ref: 'refs/heads/main', sha: '0123456789abcdef0123456789abcdef01234567', defaultBranch: 'main', repository: 'acme/app', serverUrl: 'https://github.com' };
  return planRun(given, event, { workspace: '/work', now: new Date('2026-11-22T00:00:00Z') });
}

/** Like live-ports, the attest port signs with the `attest-key` it was made with. */
function ports(options: { image?: ReturnType<typeof report>; refuseAttachments?: boolean; key?: string } = {}) {
  const calls: string[] = [];
  const attest: AttestPort = {
    hasOidcToken: false,
    openSigner: () => createKeySigner(options.key ?? PEM, ''),
    registry: undefined as never,
    writeSbom: async () => (calls.push('sbom'), { path: '/tmp/rt/sbom.cdx.json', bytes: Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.6"}') }),
    trivyDatabase: async () => ({ updatedAt: '2026-11-22T00:00:00Z', version: 2 }),
    run: runContextFrom({}),
    runId: undefined,
    notice: (line) => calls.push(`notice ${line}`),
    info: () => undefined,
  };
  const registry: PipelinePorts['registry'] = {
    publishManifest: async (imageId, repository) => (
      calls.push(`publish ${imageId} ${repository}`),
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: DIGEST, size: 400, configDigest: imageId, compressedSize: 1234 }
    ),
    putBlob: async (_repository, bytes, mediaType) => ({ mediaType, digest: sha256(bytes), size: bytes.length }),
    putManifest: async (_repository, reference, bytes, mediaType) => {
      if (options.refuseAttachments) throw new Error('HTTP 500: injected');
      calls.push(`put ${reference}`);
      return { mediaType, digest: sha256(bytes), size: bytes.length };
    },
    tag: async (repository, digest, tags) => (calls.push(`tag ${digest} ${tags.join(',')}`), tags.map((t) => `ghcr.io/${repository}:${t}`)),
  };
  attest.registry = registry;
  const all: PipelinePorts = {
    installTrivy: async () => ({ path: '/bin/trivy', version: '0.74.0' }),
    openScanner: () => ({
      prepareDatabase: async () => undefined,
      scanFilesystem: async () => report({ kind: 'filesystem' }),
      scanImage: async () => options.image ?? report(),
      scanPublished: async () => undefined,
    }),
    engine: { build: async () => ({ imageId: IMAGE_ID, scanReference: IMAGE_ID }), inspect: async (id) => facts({ id }) },
    registry,
    attest,
    checkInputFiles: async () => undefined,
    readOptionalFile: async () => undefined,
    now: () => new Date('2026-11-22T00:00:00Z'),
    log: { info: () => undefined, warning: () => undefined, group: (_title, body) => body() },
  };
  return { ports: all, calls };
}

const KEY = { 'registry-password': 'pw', tags: 'v1', attest: 'key', 'attest-key': PEM } as const;

describe('runGate with attest: key', () => {
  it('publishes by digest, attaches the attestations and the SBOM, and only then tags', async () => {
    const given = inputs(KEY);
    const { ports: p, calls } = ports();
    const result = await runGate(given, plan(given), p);
    expect(result.decision.verdict).toBe('pass');
    const order = calls.filter((c) => !c.startsWith('sbom'));
    const att = `put sha256-${'c'.repeat(64)}.att`;
    const sbom = `put sha256-${'c'.repeat(64)}.sbom`;
    expect(order[0]).toBe(`publish ${IMAGE_ID} acme/app`);
    expect(new Set(order.slice(1, 3))).toEqual(new Set([att, sbom]));
    expect(order[3]).toBe(`tag ${DIGEST} v1`);
    expect(Object.keys(result.attested!.attestations).sort()).toEqual([COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE].sort());
    expect(result.attested!.sbomPath).toBe('/tmp/rt/sbom.cdx.json');
  });

  it('a refused attachment is verdict error (attest-error) and no tag is created', async () => {
    const given = inputs(KEY);
    const { ports: p, calls } = ports({ refuseAttachments: true });
    const result = await runGate(given, plan(given), p);
    expect(result.decision.verdict).toBe('error');
    expect(result.decision.reason).toBe('attest-error');
    expect(calls.filter((c) => c.startsWith('tag'))).toEqual([]);
    expect(result.pushed).toBeUndefined();
    expect(result.attested).toBeUndefined();
  });

  it('a failed gate attaches nothing and tags nothing', async () => {
    const given = inputs(KEY);
    const { ports: p, calls } = ports({ image: report({ os: [vuln({ id: 'CVE-1', severity: 'CRITICAL' })] }) });
    const result = await runGate(given, plan(given), p);
    expect(result.decision.verdict).toBe('fail');
    expect(calls).toEqual([]);
    expect(result.attested).toBeUndefined();
  });

  it('attest: off pushes as before; auto without an OIDC token says so and attaches nothing', async () => {
    for (const attest of ['off', 'auto'] as const) {
      const given = inputs({ ...KEY, attest, 'attest-key': '' });
      const { ports: p, calls } = ports();
      const result = await runGate(given, plan(given), p);
      expect(result.decision.verdict).toBe('pass');
      expect(calls.filter((c) => !c.startsWith('notice'))).toEqual([`publish ${IMAGE_ID} acme/app`, `tag ${DIGEST} v1`]);
      expect(calls.some((c) => c.startsWith('notice'))).toBe(attest === 'auto');
      expect(result.attested).toBeUndefined();
    }
  });

  it('an unreadable key fails before anything is built', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----';
    const given = inputs({ ...KEY, 'attest-key': key });
    const { ports: p, calls } = ports({ key });
    const result = await runGate(given, plan(given), p);
    expect(result.decision.reason).toBe('input-error');
    expect(calls).toEqual([]);
    expect(result.imageId).toBeUndefined();
  });
});
