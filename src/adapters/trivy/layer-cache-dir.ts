import { copyFile, mkdir, mkdtemp, rename, rm, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Trivy's fs cache is one bolt file (fanal/fanal.db) that a scan holds under an exclusive
 * lock and gives up on after 5 s ("cache may be in use by another process"). Jobs sharing a
 * trivy-cache-dir on one machine (self-hosted runners, parallel tests) must never wait on
 * each other, so every image scan gets a private cache dir: a copy of the kept fanal.db,
 * and links to the shared DB and Java DB, which Trivy only reads (or downloads into).
 * Afterwards the grown copy replaces the kept one in one rename: concurrent jobs each leave
 * a complete cache, the last one wins, and no one ever reads a half-written file.
 */
export interface ImageScanCacheDir {
  /** Pass this as --cache-dir to the image scan. */
  dir: string;
  /** Keep what the scan added (into <cacheDir>/fanal/fanal.db), then remove the private dir. */
  keep(): Promise<void>;
  discard(): Promise<void>;
}

export async function openImageScanCacheDir(cacheDir: string, workDir: string): Promise<ImageScanCacheDir> {
  const shared = resolve(cacheDir);
  await mkdir(workDir, { recursive: true });
  const dir = await mkdtemp(join(workDir, 'image-scan-cache-'));
  await mkdir(join(dir, 'fanal'));
  await mkdir(join(shared, 'java-db'), { recursive: true });
  await symlink(join(shared, 'db'), join(dir, 'db'));
  await symlink(join(shared, 'java-db'), join(dir, 'java-db'));
  await copyFile(join(shared, 'fanal', 'fanal.db'), join(dir, 'fanal', 'fanal.db')).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  const discard = (): Promise<void> => rm(dir, { recursive: true, force: true });
  return {
    dir,
    discard,
    async keep() {
      try {
        await mkdir(join(shared, 'fanal'), { recursive: true });
        const staged = join(shared, 'fanal', `.fanal.db.${process.pid}.${Date.now()}`);
        await copyFile(join(dir, 'fanal', 'fanal.db'), staged);
        await rename(staged, join(shared, 'fanal', 'fanal.db'));
      } finally {
        await discard();
      }
    },
  };
}
