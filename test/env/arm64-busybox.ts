// The arm64 busybox-static test/env/arm64-busybox.sh installs, for foreign-platform builds.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export function arm64BusyboxPath(): string {
  const root = process.env.CSG_CACHE_ROOT ?? path.join(homedir(), '.cache', 'container-security-gate');
  const file = path.join(root, 'arm64-busybox', 'busybox');
  if (!existsSync(file)) throw new Error(`the arm64 busybox ${file} is missing: run \`npm run test:env\` (test/env/arm64-busybox.sh)`);
  return file;
}
