// What a manifest and its config already in the repository teach about layers, and the
// re-check before a layer is compressed for upload.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { compressLayer } from '../../src/adapters/docker/image-export.js';
import { layersByDiffId } from '../../src/adapters/registry/known-layers.js';
import { GateError } from '../../src/domain/gate-error.js';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const DOCKER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const config = (diffIds: unknown): Buffer => json({ rootfs: { type: 'layers', diff_ids: diffIds } });

describe('layersByDiffId', () => {
  it.each([
    {
      name: 'pairs each gzip layer with the diff_id at the same position',
      layers: [{ mediaType: GZIP, digest: digest('a'), size: 10 }, { mediaType: DOCKER_GZIP, digest: digest('b'), size: 20 }],
      diffIds: [digest('1'), digest('2')],
      known: [[digest('1'), { digest: digest('a'), size: 10 }], [digest('2'), { digest: digest('b'), size: 20 }]],
    },
    {
      name: 'skips layers that are not gzip (zstd, uncompressed, foreign)',
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', digest: digest('a'), size: 10 }, { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digest('b'), size: 20 }],
      diffIds: [digest('1'), digest('2')],
      known: [],
    },
    { name: 'learns nothing when the counts differ', layers: [{ mediaType: GZIP, digest: digest('a'), size: 10 }], diffIds: [digest('1'), digest('2')], known: [] },
    { name: 'learns nothing without diff_ids', layers: [{ mediaType: GZIP, digest: digest('a'), size: 10 }], diffIds: undefined, known: [] },
    {
      name: 'skips entries that are not digests or sizes',
      layers: [{ mediaType: GZIP, digest: 'sha256:../../etc', size: 10 }, { mediaType: GZIP, digest: digest('b'), size: '20' }],
      diffIds: [digest('1'), digest('2')],
      known: [],
    },
  ])('$name', ({ layers, diffIds, known }) => {
    expect([...layersByDiffId(json({ schemaVersion: 2, layers }), config(diffIds))]).toEqual(known);
  });

  it('learns nothing from bytes that are not JSON', () => {
    expect(layersByDiffId(Buffer.from('<html>'), config([digest('1')])).size).toBe(0);
    expect(layersByDiffId(json({ layers: [] }), Buffer.from('nope')).size).toBe(0);
  });
});

describe('compressLayer', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'csg-compress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const layerFile = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return { file, diffId: `sha256:${createHash('sha256').update(content).digest('hex')}` };
  };

  it('gzips the layer it was given and reports the blob digest and size', async () => {
    const { file, diffId } = layerFile('good.tar', 'layer bytes'.repeat(1000));
    const blob = await compressLayer(file, { diffId, size: 11_000, offset: 0 }, path.join(dir, 'good.tar.gz'));
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(blob.path);
    expect(blob.digest).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    expect(blob.size).toBe(bytes.length);
    expect(gunzipSync(bytes).toString()).toBe('layer bytes'.repeat(1000));
  });

  it('refuses a layer file changed after the export was verified: push-error', async () => {
    const { file, diffId } = layerFile('changed.tar', 'scanned content');
    writeFileSync(file, 'unscanned content');
    const failure = await compressLayer(file, { diffId, size: 15, offset: 0 }, path.join(dir, 'changed.tar.gz')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).reason).toBe('push-error');
    expect((failure as GateError).message).toMatch(new RegExp(`layer ${diffId} changed in the work directory before it was compressed`));
  });
});
