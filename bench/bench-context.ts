// Build contexts the engine-backed cases build: FROM scratch with the host's static busybox,
// an app with a package-lock.json (from fixtures/images/vulnerable) and generated sources.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SkipCase } from './harness.js';

/** Deterministic filler text (base64-like), so contexts are the same size every run. */
export function fillerText(seed: number, bytes: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let state = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < bytes; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out += (i + 1) % 77 === 0 ? '\n' : alphabet[(state >>> 0) % 64];
  }
  return out;
}

export interface TempContext {
  dir: string;
  cleanup(): void;
}

export function makeTempDir(prefix: string): TempContext {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies the host's busybox and the vulnerable fixture app into `dir`; skips the case when either is missing. */
export function addAppAndBusybox(dir: string, repoRoot: string, busybox: string): void {
  const app = path.join(repoRoot, 'fixtures', 'images', 'vulnerable', 'app');
  if (!existsSync(busybox)) throw new SkipCase(`${busybox} is missing (Debian package busybox-static)`);
  if (!existsSync(app)) throw new SkipCase(`${app} is missing`);
  cpSync(busybox, path.join(dir, 'busybox'));
  cpSync(app, path.join(dir, 'app'), { recursive: true });
}

/** `count` source files of `bytes` each under `dir/sub`, spread over folders of 100. */
export function addSourceFiles(dir: string, sub: string, count: number, bytes: number, seed = 1): void {
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, sub, `part-${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `module-${i}.js`), `// generated module ${i}\nexport const data = ${JSON.stringify(fillerText(seed + i, bytes))};\n`);
  }
}
