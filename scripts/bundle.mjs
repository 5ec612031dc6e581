// Bundle the tsc output (build/) into dist/index.js with ncc.
// TypeScript is compiled by tsc first because ncc's TypeScript loader can't drive every
// compiler version; bundling plain ESM JavaScript is version-independent.
import ncc from '@vercel/ncc';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const entry = new URL('../build/index.js', import.meta.url).pathname;
const out = new URL('../dist/', import.meta.url).pathname;

const { code, assets } = await ncc(entry, {
  minify: true,
  sourceMap: false,
  license: 'licenses.txt',
  quiet: true,
  target: 'es2022',
});

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await writeFile(join(out, 'index.js'), code);
for (const [name, asset] of Object.entries(assets)) {
  const file = join(out, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, asset.source, { mode: asset.permissions });
}
// The bundle is ESM; make that explicit for Node regardless of the consumer's package.json.
await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
console.log(`dist/index.js: ${(code.length / 1024).toFixed(0)} KiB, ${Object.keys(assets).length} assets`);

// The dashboard builder (dashboard/action.yml runs it): its own bundle, so the action's stays lean.
const dashboard = await ncc(new URL('../build/dashboard/main.js', import.meta.url).pathname, { minify: true, sourceMap: false, quiet: true, target: 'es2022' });
await mkdir(join(out, 'dashboard'), { recursive: true });
await writeFile(join(out, 'dashboard', 'index.js'), dashboard.code);
await writeFile(join(out, 'dashboard', 'package.json'), '{ "type": "module" }\n');
console.log(`dist/dashboard/index.js: ${(dashboard.code.length / 1024).toFixed(0)} KiB`);
