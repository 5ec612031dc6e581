// nektos/act as built by test/env/act.sh (called from up.sh).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const ACT_VERSION = 'v0.2.89';

/** The act binary, or a message saying how to get it (the act tests fail with it, never skip). */
export function actBinary(): { path: string } | { missing: string } {
  const root = process.env.CSG_CACHE_ROOT ?? path.join(homedir(), '.cache', 'container-security-gate');
  const binary = path.join(root, 'act', ACT_VERSION, 'act');
  return existsSync(binary) ? { path: binary } : { missing: `act ${ACT_VERSION} is not installed at ${binary}: run npm run test:env (test/env/act.sh builds it)` };
}
