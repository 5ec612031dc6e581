// The registry client's reads for attaching, against the real registries: whether a registry
// serves the OCI 1.1 referrers API (distribution 2.8 does not; go-containerregistry's does), the
// referrers it lists, and a manifest that is not there.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../../src/adapters/registry/registry-client.js';
import { startReferrersRegistry, type ReferrersRegistry } from '../env/referrers-registry.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { testRegistry } from '../support/oci-test-registry.js';

const REPOSITORY = `csg-j15/referrers-client-${randomBytes(4).toString('hex')}`;
const USER = 'csg-j15';
const PASSWORD = `csg-j15-client-canary-${randomBytes(4).toString('hex')}`;
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
let env: TestEnv;
let server: ReferrersRegistry;

beforeAll(async () => {
  env = loadTestEnv();
  server = await startReferrersRegistry({ username: USER, password: PASSWORD });
});
afterAll(async () => {
  await server?.close();
});

describe('registry client: referrers', () => {
  it('distribution 2.8 has no referrers API', async () => {
    const registry = testRegistry(env.registry, env.registryUser, env.registryPassword);
    const digest = await registry.pushImageByDigest(REPOSITORY, `subject ${REPOSITORY}`);
    try {
      const listed = await createRegistryClient().listReferrers({ registry: env.registry, repository: REPOSITORY, credentials: { username: env.registryUser, password: env.registryPassword } }, digest);
      expect(listed).toBeUndefined();
    } finally {
      await registry.deleteManifest(REPOSITORY, digest);
    }
  });

  it('a registry with the API lists the manifests whose subject is the digest (after the Basic challenge)', async () => {
    const registry = testRegistry(server.address, USER, PASSWORD);
    const subject = await registry.pushImageByDigest(REPOSITORY, 'subject');
    const client = createRegistryClient();
    const location = { registry: server.address, repository: REPOSITORY, credentials: { username: USER, password: PASSWORD } };
    expect(await client.listReferrers(location, subject)).toEqual([]);

    const empty = Buffer.from('{}');
    const { digest: emptyDigest } = await registry.putBlob(REPOSITORY, empty, 'application/vnd.oci.empty.v1+json');
    const referrer = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: 'application/vnd.example+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: emptyDigest, size: 2 },
      layers: [{ mediaType: 'application/vnd.oci.empty.v1+json', digest: emptyDigest, size: 2 }],
      subject: { mediaType: OCI_MANIFEST, digest: subject, size: (await registry.getManifest(REPOSITORY, subject))!.length },
    }));
    const referrerDigest = `sha256:${createHash('sha256').update(referrer).digest('hex')}`;
    await registry.putManifest(REPOSITORY, referrerDigest, referrer, OCI_MANIFEST);
    const listed = await client.listReferrers(location, subject);
    expect(listed?.map((d) => d.digest)).toEqual([referrerDigest]);
  });

  it('a refused referrers request counts as no API (wrong credentials fail the pushes, not this probe)', async () => {
    const registry = testRegistry(server.address, USER, PASSWORD);
    const subject = await registry.pushImageByDigest(REPOSITORY, 'refused');
    const listed = await createRegistryClient().listReferrers({ registry: server.address, repository: REPOSITORY, credentials: { username: USER, password: 'wrong' } }, subject);
    expect(listed).toBeUndefined();
  });

  it('findManifest: undefined for a manifest that is not there, the bytes for one that is', async () => {
    const registry = testRegistry(server.address, USER, PASSWORD);
    const subject = await registry.pushImageByDigest(REPOSITORY, 'found');
    const client = createRegistryClient();
    const location = { registry: server.address, repository: REPOSITORY, credentials: { username: USER, password: PASSWORD } };
    expect(await client.findManifest({ ...location, reference: 'sha256-nothing.att' })).toBeUndefined();
    const found = await client.findManifest({ ...location, reference: subject });
    expect(found?.digest).toBe(subject);
  });
});
