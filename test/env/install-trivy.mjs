// Installs Trivy through the action's own verified installer (download, SHA-256 check,
// tool cache) into DEST, for `test/env/up.sh`. Needs `npm run build` (build/) first.
// Usage: node test/env/install-trivy.mjs VERSION DEST   → prints the binary's path.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [version, dest] = process.argv.slice(2);
if (!version || !dest) {
  console.error('usage: install-trivy.mjs VERSION DEST');
  process.exit(2);
}
process.env.RUNNER_TOOL_CACHE = join(dest, 'tool-cache');
process.env.RUNNER_TEMP = join(dest, 'tmp');
mkdirSync(process.env.RUNNER_TOOL_CACHE, { recursive: true });
mkdirSync(process.env.RUNNER_TEMP, { recursive: true });

const { installTrivy } = await import('../../build/adapters/trivy/install.js');
try {
  const installed = await installTrivy(
    { version, downloadBaseUrl: 'https://github.com/aquasecurity/trivy/releases/download', platform: process.platform, arch: process.arch },
    // One quick try: on machines without internet the caller builds Trivy from source instead.
    { log: (line) => console.error(line), retryDelaysMs: [], requestTimeoutMs: 30_000 },
  );
  console.log(installed.path);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
