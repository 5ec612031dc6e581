import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// dockerode → docker-modem → ssh2 ships an Emscripten (wasm) module that reads the CommonJS
// globals __dirname/__filename when it is loaded. The bundle is ESM, where they don't exist,
// so without these the action would crash at start before it could report anything.
const here = fileURLToPath(import.meta.url);
const globals = globalThis as { __dirname?: string; __filename?: string };
globals.__filename ??= here;
globals.__dirname ??= dirname(here);
