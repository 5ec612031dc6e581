// The entrypoint the runner starts. Everything happens in run(); see main.ts.
import { ACTION_VERSION } from './version.js';

// Say that the action started before the ~1 MB of modules below are parsed: on a cold runner
// that takes a noticeable moment, and a silent step looks hung.
process.stdout.write(`Container Security Gate ${ACTION_VERSION}\n`);

await import('./runtime-shims.js');
const { run } = await import('./main.js');
await run();
