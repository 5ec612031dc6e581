// Shared by the docker-*.test.ts and registry-*.test.ts files: real engine, real images.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import tar from 'tar-stream';
import { openDockerEngine, type DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import type { TestEnv } from '../env/test-env.js';

export function dockerFor(env: TestEnv): Docker {
  return new Docker({ socketPath: env.dockerHost.replace(/^unix:\/\//, '') });
}

export async function engineFor(env: TestEnv): Promise<DockerEngine> {
  return openDockerEngine({ docker: dockerFor(env) });
}

/** A log that remembers everything, for asserting on what the user would see. */
export function recordingLog(): { info(line: string): void; warning(line: string): void; lines: string[]; warnings: string[]; all(): string } {
  const lines: string[] = [];
  const warnings: string[] = [];
  return {
    lines,
    warnings,
    info: (line) => lines.push(line),
    warning: (line) => warnings.push(line),
    all: () => [...lines, ...warnings].join('\n'),
  };
}

/** A temp context with the host's static busybox at ./busybox plus `files`. */
export function busyboxContext(env: TestEnv, files: Record<string, string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'csg-docker-'));
  copyFileSync(env.busybox, path.join(dir, 'busybox'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function tarEntries(stream: Readable, onEntry: (name: string, content: Buffer) => void | Promise<void>): Promise<void> {
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => chunks.push(c as Buffer));
      body.on('end', () => {
        Promise.resolve(onEntry(header.name, Buffer.concat(chunks))).then(() => next(), next);
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  await done;
}

/** `docker save` of one image: the outer entries (config, manifest) and every layer's entries. */
export async function savedImage(docker: Docker, imageId: string): Promise<{ outer: Map<string, Buffer>; layers: Map<string, Map<string, Buffer>> }> {
  const outer = new Map<string, Buffer>();
  await tarEntries((await docker.getImage(imageId).get()) as unknown as Readable, (name, content) => {
    outer.set(name, content);
  });
  const layers = new Map<string, Map<string, Buffer>>();
  for (const [name, content] of outer) {
    if (!name.endsWith('layer.tar')) continue;
    const files = new Map<string, Buffer>();
    const { Readable: NodeReadable } = await import('node:stream');
    await tarEntries(NodeReadable.from([content]), (entry, data) => {
      files.set(entry, data);
    });
    layers.set(name, files);
  }
  return { outer, layers };
}

/** Every path in the image's layers (no whiteout handling: test images only add files). */
export async function imageFiles(docker: Docker, imageId: string): Promise<Map<string, Buffer>> {
  const { layers } = await savedImage(docker, imageId);
  const files = new Map<string, Buffer>();
  for (const layer of layers.values()) for (const [name, data] of layer) files.set(name.replace(/\/$/, ''), data);
  return files;
}

export async function removeImage(docker: Docker, reference: string): Promise<void> {
  await docker
    .getImage(reference)
    .remove({ force: true })
    .catch(() => undefined);
}

/**
 * A failed classic build leaves the images of its successful steps behind; remove the
 * dangling ones whose history mentions `marker` (a value unique to the test run).
 */
export async function removeDanglingImagesMentioning(docker: Docker, marker: string): Promise<void> {
  const dangling = await docker.listImages({ all: true, filters: { dangling: ['true'] } });
  for (const image of dangling) {
    const history = (await docker
      .getImage(image.Id)
      .history()
      .catch(() => [])) as { CreatedBy?: string }[];
    if (history.some((h) => h.CreatedBy?.includes(marker))) await removeImage(docker, image.Id);
  }
}
