import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { GateError } from '../../domain/gate-error.js';
import { engineUnreachable, isConnectionError, type DockerEngine } from './docker-engine.js';
import { engineRequest, readBody } from './engine-http.js';
import { TarIndexer, type TarIndexEntry } from './tar-index.js';

/*
 * The image, read from the engine by its ID (`GET /images/{id}/get`, what `docker save <id>`
 * streams) and checked before anything leaves the runner: the config must hash to the
 * scanned image ID, and each layer to the diff_id that config names. A tag in the shared
 * engine is never read, so another job retagging `name:tag` changes nothing here.
 *
 * The export is written to the work directory as the engine streams it (one tar, named by the
 * image ID), every entry hashed on the way (tar-index.ts), and each layer checked against the
 * config's diff_ids. The image scan of a push reads this same file (`trivy image --input`),
 * so what Trivy analyses is what is pushed. Only the layers the registry does not hold yet
 * are then gzipped (`compressLayer`), which re-hashes the uncompressed bytes it reads and
 * refuses them unless they still equal the diff_id: a file changed in the work directory
 * between the check and the upload fails the push instead of reaching a tag (the registry
 * re-hashes every compressed blob on upload, `?digest=`).
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
  /** Where the layer starts in the export archive. */
  offset: number;
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
  /**
   * The export as the engine streamed it (a `docker save` archive), named by the image ID:
   * what `trivy image --input` reads, and where the layers are read back from. Undefined when
   * the export was only verified (`keep: 'verify'`).
   */
  archive: string | undefined;
  layers: ExportedLayer[];
}

/**
 * `archive`: the export is kept as a file, to scan and to compress layers from. `verify`: it is
 * hashed and checked as it streams by, and only the config is kept — for an image whose
 * layers the registry already holds, where writing hundreds of MB would only be thrown away.
 */
export type ExportKeep = 'archive' | 'verify';

/** Entries kept in memory (manifest.json, the config); larger ones are only hashed and indexed. */
const SMALL_ENTRY = 4 * 1024 * 1024;

/** Bytes of the export buffered between the engine's socket and the archive file. */
const WRITE_BUFFER = 4 * 1024 * 1024;

export type ExportEntry = TarIndexEntry;

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function hashing(hash: Hash, count?: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      if (count) count.bytes += chunk.length;
      done(null, chunk);
    },
  });
}

/** Indexes the export as it streams by, writing it to `archive` (created, never overwritten) when there is one. */
async function readEntries(response: Readable, archive: string | undefined): Promise<Map<string, ExportEntry>> {
  const index = new TarIndexer(SMALL_ENTRY, WRITE_BUFFER);
  // With the default 16 KiB buffer every 64 KiB socket read waits for its file write before the
  // next read: the export ran ~25% slower than the engine could stream it.
  const sink = archive === undefined ? new Writable({ write: (_chunk, _encoding, done) => done() }) : createWriteStream(archive, { flags: 'wx', mode: 0o600, highWaterMark: WRITE_BUFFER });
  await pipeline(response, index, sink);
  return index.entries;
}

function exportMismatch(imageId: string, what: string): GateError {
  return new GateError('push-error', `the engine's export of ${imageId} ${what}; nothing was pushed`, {
    remedy: 'The image in the engine is not the one that was scanned (or its export is damaged). Re-run the job; if it persists, check what else uses this Docker engine.',
  });
}

/** Checks the export against the scanned image ID and returns its config and layers. */
export function verifyExport(imageId: string, entries: ReadonlyMap<string, ExportEntry>, archive: string | undefined): VerifiedExport {
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
    if (entry === undefined) throw exportMismatch(imageId, `lacks layer ${name}`);
    if (entry.digest !== diffIds[i]) {
      throw exportMismatch(imageId, `has layer ${i + 1} with content ${entry.digest}, but the config names ${String(diffIds[i])} (an image store with compressed layers, such as containerd's, is not supported yet)`);
    }
    return { diffId: entry.digest, size: entry.size, offset: entry.offset };
  });
  return { config, configDigest, archive, layers };
}

/**
 * Gzips a layer of the export `archive` into `path` (created, never overwritten), hashing what
 * it reads: the bytes compressed must still be the layer the export verified.
 */
export async function compressLayer(archive: string, layer: ExportedLayer, path: string): Promise<CompressedLayer> {
  const raw = createHash('sha256');
  const compressed = createHash('sha256');
  const count = { bytes: 0 };
  const bytes = layer.size === 0 ? Readable.from([]) : createReadStream(archive, { start: layer.offset, end: layer.offset + layer.size - 1 });
  await pipeline(bytes, hashing(raw), createGzip({ level: 6 }), hashing(compressed, count), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
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
export async function exportImage(engine: DockerEngine, imageId: string, workDir: string, signal?: AbortSignal, keep: ExportKeep = 'archive'): Promise<VerifiedExport> {
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
  const archive = keep === 'archive' ? join(workDir, imageId) : undefined;
  let entries;
  try {
    entries = await readEntries(response, archive);
  } catch (error) {
    if (isConnectionError(error)) throw engineUnreachable(engine.info.address, error);
    throw new GateError('push-error', `reading the engine's export of ${imageId} failed: ${(error as Error).message}`, { cause: error });
  }
  return verifyExport(imageId, entries, archive);
}

/**
 * The layers (diff_ids) the engine says `imageId` has, from its inspect: enough to know, before
 * exporting, whether the registry already holds every one. Only a hint for how to export: the
 * export itself is checked against the config it carries.
 */
export async function imageDiffIds(engine: DockerEngine, imageId: string): Promise<string[]> {
  const inspect = (await engine.docker.getImage(imageId).inspect()) as { Id?: unknown; RootFS?: { Layers?: unknown } };
  const layers = inspect.RootFS?.Layers;
  if (inspect.Id !== imageId || !Array.isArray(layers) || !layers.every((layer) => typeof layer === 'string')) {
    throw new Error(`the engine's inspect of ${imageId} names no layers`);
  }
  return layers as string[];
}
