import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { GateError } from '../../domain/gate-error.js';
import { engineUnreachable, isConnectionError, type DockerEngine } from './docker-engine.js';
import { engineRequest, readBody } from './engine-http.js';

/*
 * The image, read from the engine by its ID (`GET /images/{id}/get`, what `docker save <id>`
 * streams) and checked before anything leaves the runner: the config must hash to the
 * scanned image ID, and each layer to the diff_id that config names. A tag in the shared
 * engine is never read, so another job retagging `name:tag` changes nothing here.
 *
 * Layers are written to the work directory uncompressed while they stream out of the engine,
 * hashed on the way, and checked against the config's diff_ids. Only the layers the registry
 * does not hold yet are then gzipped (`compressLayer`), which re-hashes the uncompressed bytes
 * it reads and refuses them unless they still equal the diff_id: a file changed in the work
 * directory between the check and the upload fails the push instead of reaching a tag (the
 * registry re-hashes every compressed blob on upload, `?digest=`).
 *
 * gzip is deterministic (zlib, level 6, no name, mtime 0): the same layer gives the same blob
 * digest on every run with this Node, so a later push finds it with HEAD and skips it.
 *
 * Layouts: the classic `docker save` (`manifest.json`, `<config>.json`, `<id>/layer.tar`) and
 * the OCI layout newer engines write (`manifest.json` naming `blobs/sha256/<hex>`), both with
 * uncompressed layers as the classic image store keeps them.
 */

export interface ExportedLayer {
  /** sha256 of the uncompressed tar: the config's rootfs.diff_ids entry. */
  diffId: string;
  /** Bytes of the uncompressed tar. */
  size: number;
  /** The uncompressed tar in the work directory. */
  path: string;
}

/** A layer as it will be uploaded. */
export interface CompressedLayer {
  /** sha256 of the gzipped blob. */
  digest: string;
  size: number;
  /** The gzipped blob in the work directory. */
  path: string;
}

export interface VerifiedExport {
  /** The config bytes; their sha256 is the scanned image ID. */
  config: Buffer;
  configDigest: string;
  layers: ExportedLayer[];
}

/** Entries kept in memory (manifest.json, the config); anything larger that is not a layer is skipped. */
const SMALL_ENTRY = 4 * 1024 * 1024;

export interface ExportEntry {
  rawDigest?: string;
  bytes?: Buffer;
  layer?: { size: number; path: string };
}

function hashing(hash: Hash, count?: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      if (count) count.bytes += chunk.length;
      done(null, chunk);
    },
  });
}

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function isLayerCandidate(name: string): boolean {
  return name.endsWith('/layer.tar') || name.startsWith('blobs/');
}

async function readEntries(archive: Readable, workDir: string): Promise<Map<string, ExportEntry>> {
  const entries = new Map<string, ExportEntry>();
  const tar = extract();
  const reading = pipeline(archive, tar);
  let n = 0;
  for await (const stream of tar) {
    const name = stream.header.name.replace(/^\.\//, '');
    const size = stream.header.size ?? 0;
    if (stream.header.type !== 'file') {
      stream.resume();
      continue;
    }
    const entry: ExportEntry = {};
    const raw = createHash('sha256');
    const small: Buffer[] = [];
    const keep = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        if (size <= SMALL_ENTRY) small.push(chunk);
        done(null, chunk);
      },
    });
    if (isLayerCandidate(name)) {
      const count = { bytes: 0 };
      const path = join(workDir, `layer-${n++}.tar`);
      await pipeline(stream, hashing(raw, count), keep, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      entry.layer = { size: count.bytes, path };
    } else if (size <= SMALL_ENTRY) {
      await pipeline(stream, hashing(raw), keep, new Transform({ transform: (_c, _e, done) => done() }));
    } else {
      stream.resume();
      continue;
    }
    entry.rawDigest = `sha256:${raw.digest('hex')}`;
    if (size <= SMALL_ENTRY) entry.bytes = Buffer.concat(small);
    entries.set(name, entry);
  }
  await reading;
  return entries;
}

function exportMismatch(imageId: string, what: string): GateError {
  return new GateError('push-error', `the engine's export of ${imageId} ${what}; nothing was pushed`, {
    remedy: 'The image in the engine is not the one that was scanned (or its export is damaged). Re-run the job; if it persists, check what else uses this Docker engine.',
  });
}

/** Checks the export against the scanned image ID and returns its config and layers. */
export function verifyExport(imageId: string, entries: ReadonlyMap<string, ExportEntry>): VerifiedExport {
  const manifestBytes = entries.get('manifest.json')?.bytes;
  if (manifestBytes === undefined) throw exportMismatch(imageId, 'has no manifest.json');
  let manifest: { Config?: unknown; Layers?: unknown }[];
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as typeof manifest;
  } catch {
    throw exportMismatch(imageId, 'has a manifest.json that is not JSON');
  }
  if (!Array.isArray(manifest) || manifest.length !== 1) throw exportMismatch(imageId, `describes ${Array.isArray(manifest) ? manifest.length : 'no'} images instead of one`);
  const { Config: configName, Layers: layerNames } = manifest[0]!;
  if (typeof configName !== 'string' || !Array.isArray(layerNames) || !layerNames.every((l) => typeof l === 'string')) {
    throw exportMismatch(imageId, 'has a manifest.json without Config and Layers');
  }
  const config = entries.get(configName)?.bytes;
  if (config === undefined) throw exportMismatch(imageId, `lacks its config ${configName}`);
  const configDigest = sha256(config);
  if (configDigest !== imageId) throw exportMismatch(imageId, `has config ${configDigest}, not the scanned image`);

  let diffIds: unknown;
  try {
    diffIds = (JSON.parse(config.toString('utf8')) as { rootfs?: { diff_ids?: unknown } }).rootfs?.diff_ids;
  } catch {
    throw exportMismatch(imageId, 'has a config that is not JSON');
  }
  if (!Array.isArray(diffIds) || diffIds.length !== layerNames.length) {
    throw exportMismatch(imageId, `lists ${layerNames.length} layers but its config names ${Array.isArray(diffIds) ? diffIds.length : 'no'} diff_ids`);
  }
  const layers = (layerNames as string[]).map((name, i): ExportedLayer => {
    const entry = entries.get(name);
    if (entry?.layer === undefined) throw exportMismatch(imageId, `lacks layer ${name}`);
    if (entry.rawDigest === undefined || entry.rawDigest !== diffIds[i]) {
      throw exportMismatch(imageId, `has layer ${i + 1} with content ${entry.rawDigest}, but the config names ${String(diffIds[i])} (an image store with compressed layers, such as containerd's, is not supported yet)`);
    }
    return { diffId: entry.rawDigest, ...entry.layer };
  });
  return { config, configDigest, layers };
}

/**
 * Gzips an exported layer into `path` (created, never overwritten), hashing what it reads:
 * the bytes compressed must still be the layer the export verified.
 */
export async function compressLayer(layer: ExportedLayer, path: string): Promise<CompressedLayer> {
  const raw = createHash('sha256');
  const compressed = createHash('sha256');
  const count = { bytes: 0 };
  await pipeline(createReadStream(layer.path), hashing(raw), createGzip({ level: 6 }), hashing(compressed, count), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  const read = `sha256:${raw.digest('hex')}`;
  if (read !== layer.diffId) {
    throw new GateError('push-error', `layer ${layer.diffId} changed in the work directory before it was compressed (read ${read}); nothing was pushed`, {
      remedy: 'Something else writes to this runner\'s temporary directory. Re-run the job; on a shared self-hosted runner, give each job its own RUNNER_TEMP.',
    });
  }
  return { digest: `sha256:${compressed.digest('hex')}`, size: count.bytes, path };
}

/**
 * Streams `GET /images/{imageId}/get` into `workDir` (a private directory the caller owns
 * and removes) and verifies it. Any failure is a push-error: nothing has been uploaded yet.
 */
export async function exportImage(engine: DockerEngine, imageId: string, workDir: string, signal?: AbortSignal): Promise<VerifiedExport> {
  let response;
  try {
    response = await engineRequest(engine.endpoint, { method: 'GET', path: `/images/${encodeURIComponent(imageId)}/get`, ...(signal && { signal }) });
  } catch (error) {
    if (isConnectionError(error)) throw engineUnreachable(engine.info.address, error);
    throw new GateError('push-error', `could not export ${imageId} from the engine: ${(error as Error).message}`, { cause: error });
  }
  if (response.statusCode !== 200) {
    const body = await readBody(response, 64 * 1024).catch(() => '');
    let message = body.trim();
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? message;
    } catch {
      // plain text
    }
    // dockerd 20.10 answers a missing image ID with 500 and "no such file or directory".
    const missing = response.statusCode === 404 || /no such (file|image)|not found|does not exist/i.test(message);
    throw new GateError(missing ? 'image-not-found' : 'push-error', `the engine could not export ${imageId} (HTTP ${response.statusCode}): ${message}`, {
      remedy: missing ? 'The image was removed between the scan and the push (e.g. by a parallel prune); re-run the job.' : 'Check the Docker engine (`docker save` of the image ID).',
    });
  }
  let entries;
  try {
    entries = await readEntries(response, workDir);
  } catch (error) {
    if (isConnectionError(error)) throw engineUnreachable(engine.info.address, error);
    throw new GateError('push-error', `reading the engine's export of ${imageId} failed: ${(error as Error).message}`, { cause: error });
  }
  return verifyExport(imageId, entries);
}
