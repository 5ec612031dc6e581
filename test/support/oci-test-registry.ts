// Plain Distribution API calls against the test registry (Basic auth), for tests that need
// to put or read manifests and blobs by hand: an image pushed by digest only, a tampered
// attestation, a copied tag, the referrers list.
import { createHash } from 'node:crypto';
import type { AttachmentRegistry } from '../../src/adapters/attest/attach.js';
import { parseReferrersIndex } from '../../src/domain/attest/referrers-layout.js';

export interface TestRegistry extends Required<AttachmentRegistry> {
  getBlob(repository: string, digest: string): Promise<Buffer>;
  /** Pushes a tiny single-layer OCI image by digest only (no tag); returns its manifest digest. */
  pushImageByDigest(repository: string, content: string): Promise<string>;
  deleteManifest(repository: string, digest: string): Promise<void>;
  /** Tags on the repository (empty when none). */
  tags(repository: string): Promise<string[]>;
}

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export function testRegistry(registry: string, username: string, password: string): TestRegistry {
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const base = `http://${registry}`;
  const call = async (method: string, path: string, init: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<Response> =>
    fetch(path.startsWith('http') ? path : `${base}${path}`, { method, headers: { authorization, ...init.headers }, ...(init.body && { body: new Uint8Array(init.body) }) });

  const putBlob = async (repository: string, bytes: Buffer): Promise<{ digest: string }> => {
    const digest = sha256(bytes);
    const head = await call('HEAD', `/v2/${repository}/blobs/${digest}`);
    if (head.status === 200) return { digest };
    const start = await call('POST', `/v2/${repository}/blobs/uploads/`);
    if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${await start.text()}`);
    const location = new URL(start.headers.get('location')!, base);
    location.searchParams.set('digest', digest);
    const done = await call('PUT', location.href, { headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    if (done.status !== 201) throw new Error(`blob upload: HTTP ${done.status} ${await done.text()}`);
    return { digest };
  };

  const putManifest = async (repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<{ digest: string }> => {
    const response = await call('PUT', `/v2/${repository}/manifests/${reference}`, { headers: { 'content-type': mediaType }, body: bytes });
    if (response.status !== 201) throw new Error(`manifest put ${reference}: HTTP ${response.status} ${await response.text()}`);
    return { digest: response.headers.get('docker-content-digest') ?? sha256(bytes) };
  };

  return {
    putBlob,
    putManifest,
    async getManifest(repository, reference) {
      const response = await call('GET', `/v2/${repository}/manifests/${reference}`, {
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json' },
      });
      if (response.status === 404) return undefined;
      if (response.status !== 200) throw new Error(`manifest get ${reference}: HTTP ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    },
    async referrers(repository, digest) {
      const response = await call('GET', `/v2/${repository}/referrers/${digest}`, { headers: { accept: 'application/vnd.oci.image.index.v1+json' } });
      const body = Buffer.from(await response.arrayBuffer());
      return response.status === 200 ? parseReferrersIndex(response.headers.get('content-type') ?? undefined, body)?.manifests : undefined;
    },
    async getBlob(repository, digest) {
      const response = await call('GET', `/v2/${repository}/blobs/${digest}`);
      if (response.status !== 200) throw new Error(`blob get ${digest}: HTTP ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    },
    async pushImageByDigest(repository, content) {
      const layer = Buffer.from(content);
      const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }));
      await putBlob(repository, layer);
      await putBlob(repository, config);
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: config.length, digest: sha256(config) },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', size: layer.length, digest: sha256(layer) }],
        }),
      );
      const digest = sha256(manifest);
      await putManifest(repository, digest, manifest, 'application/vnd.oci.image.manifest.v1+json');
      return digest;
    },
    async deleteManifest(repository, digest) {
      await call('DELETE', `/v2/${repository}/manifests/${digest}`);
    },
    async tags(repository) {
      const response = await call('GET', `/v2/${repository}/tags/list`);
      if (response.status === 404) return [];
      const body = (await response.json()) as { tags?: string[] | null };
      return body.tags ?? [];
    },
  };
}
