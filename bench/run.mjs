// `npm run bench`: compiles the TypeScript harness (bench/*.ts and the src/ modules it
// imports) with tsc into node_modules/.cache/csg-bench, then runs it. Arguments pass through:
//   npm run bench -- --only report-evaluation,cold-start   --quick
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const compiled = fileURLToPath(new URL('../node_modules/.cache/csg-bench/bench/main.js', import.meta.url));

const build = spawnSync(process.execPath, [tsc, '-p', 'bench/tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  // tsc still emits on type errors; the harness may run, but the numbers come from code that does not type-check.
  console.warn(`bench: tsc reported errors (exit ${build.status}); running what it emitted`);
}
if (!existsSync(compiled)) {
  console.error(`bench: ${compiled} was not produced`);
  process.exit(1);
}
const bench = spawnSync(process.execPath, [compiled, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(bench.status ?? 1);
