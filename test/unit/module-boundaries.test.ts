import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The guide's shape rules, checked on the source text: the domain is pure and owns its types,
// and no two modules import each other (directly or round a longer loop).
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Static and dynamic import specifiers of one file. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = new Set<string>();
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'([^']+)'/g)) specifiers.add(match[1]!);
  for (const match of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) specifiers.add(match[1]!);
  return [...specifiers];
}

function localTarget(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
}

const FILES = sourceFiles(SRC);
const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)]));

describe('src/domain is pure and owns its types', () => {
  const forbidden: [string, (specifier: string, target: string | undefined) => boolean][] = [
    ['the inputs layer', (_s, target) => target !== undefined && /\/src\/input[^/]*\.ts$/.test(target)],
    ['the pipeline, plan and wiring', (_s, target) => target !== undefined && !target.includes('/src/domain/')],
    ['@actions/*', (s) => s.startsWith('@actions/')],
    ['dockerode', (s) => s === 'dockerode' || s.startsWith('docker-modem')],
    ['octokit', (s) => s.startsWith('@octokit/')],
  ];
  const domainFiles = FILES.filter((file) => file.includes('/src/domain/'));

  it('has files to check (a test that cannot fail is a defect)', () => {
    expect(domainFiles.length).toBeGreaterThan(20);
  });

  it.each(forbidden)('imports nothing from %s', (_what, isForbidden) => {
    const offending = domainFiles.flatMap((file) =>
      GRAPH.get(file)!
        .filter((specifier) => isForbidden(specifier, localTarget(file, specifier)))
        .map((specifier) => `${relative(SRC, file)} → ${specifier}`),
    );
    expect(offending).toEqual([]);
  });
});

describe('imports run one way', () => {
  it('no module reaches itself through its static imports', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      stack.push(file);
      const text = readFileSync(file, 'utf8');
      for (const specifier of GRAPH.get(file) ?? []) {
        // Dynamic imports load adapters lazily on purpose; they are edges at run time, not load order.
        if (text.includes(`import('${specifier}')`)) continue;
        const target = localTarget(file, specifier);
        if (target === undefined || !GRAPH.has(target)) continue;
        if (state.get(target) === 'open') {
          cycles.push(stack.slice(stack.indexOf(target)).concat(target).map((f) => relative(SRC, f)).join(' → '));
        } else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of FILES) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
