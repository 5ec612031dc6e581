// action.yml is the contract with every workflow that uses the action: these tests keep it,
// the code that reads inputs and sets outputs, README's tables and .env.example in step.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ERROR_REASONS, FAIL_REASONS, GateError } from '../../src/domain/gate-error.js';
import { errorDecision, type BaselineComparison } from '../../src/domain/policy/decision.js';
import { INPUT_NAMES } from '../../src/inputs.js';
import { actionOutputs } from '../../src/outputs.js';
import type { RunResult } from '../../src/pipeline.js';
import { ACTION_VERSION } from '../../src/version.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const README_SCRIPT = path.join(ROOT, 'scripts/readme-tables.mjs');

interface ActionInput {
  description?: unknown;
  required?: unknown;
  default?: unknown;
}
interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  author?: unknown;
  branding?: { icon?: unknown; color?: unknown };
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: unknown }>;
  runs: { using?: unknown; main?: unknown };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata;
const declaredInputs = Object.keys(action.inputs);
const declaredOutputs = Object.keys(action.outputs);

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'csg-metadata-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function sortedDifference(a: Iterable<string>, b: Iterable<string>): string[] {
  const other = new Set(b);
  return [...new Set(a)].filter((x) => !other.has(x)).sort();
}

describe('action.yml', () => {
  it('has a name, description, author and branding, and runs the bundle on node24', () => {
    expect(action.name).toEqual(expect.any(String));
    expect(action.description).toEqual(expect.any(String));
    expect(action.author).toEqual(expect.any(String));
    expect(action.branding?.icon).toEqual(expect.any(String));
    expect(action.branding?.color).toEqual(expect.any(String));
    expect(action.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' });
    expect(statSync(path.join(ROOT, 'dist/index.js')).isFile()).toBe(true);
  });

  it.each(declaredInputs)('input %s has a description and a string default, and is optional', (name) => {
    const input = action.inputs[name]!;
    expect(typeof input.description === 'string' && input.description.trim().length > 0, 'description').toBe(true);
    // A default of '' still counts: the key must be there, so README's table says what applies.
    expect(Object.hasOwn(input, 'default'), 'default is declared').toBe(true);
    expect(typeof input.default, 'default is a string (quote booleans and numbers)').toBe('string');
    expect(input.required ?? false).toBe(false);
  });

  it.each(declaredOutputs)('output %s has a description', (name) => {
    const description = action.outputs[name]?.description;
    expect(typeof description === 'string' && description.trim().length > 0).toBe(true);
  });

  it('declares exactly the inputs the code reads (INPUT_NAMES in src/inputs.ts)', () => {
    expect({ readButUndeclared: sortedDifference(INPUT_NAMES, declaredInputs), declaredButUnread: sortedDifference(declaredInputs, INPUT_NAMES) }).toEqual({
      readButUndeclared: [],
      declaredButUnread: [],
    });
  });

  it('declares every output actionOutputs() sets, and nothing else', () => {
    const result: RunResult = {
      decision: errorDecision(new GateError('internal-error', 'metadata test')),
      imageId: undefined,
      trivyVersion: undefined,
      pushed: undefined,
      reports: { filesystem: undefined, image: undefined },
    };
    const withoutBaseline = Object.keys(actionOutputs({ decision: result.decision, plan: undefined, result, sarifPath: undefined }));
    const baseline = { verdict: 'improved', newVulnerabilities: [], fixedVulnerabilities: [] } as unknown as BaselineComparison;
    const decision = { ...result.decision, baseline };
    const withBaseline = Object.keys(actionOutputs({ decision, plan: undefined, result: { ...result, decision }, sarifPath: '/tmp/x.sarif' }));
    expect(withBaseline.sort()).toEqual(withoutBaseline.sort());
    expect(withoutBaseline.sort()).toEqual([...declaredOutputs].sort());
  });

  it('documents every reason code in the reason output', () => {
    const description = String(action.outputs.reason?.description);
    const missing = ['passed', ...FAIL_REASONS, ...ERROR_REASONS].filter((reason) => !description.includes(`\`${reason}\``));
    expect(missing).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// No input is read behind action.yml's back: literal getInput(...) calls and INPUT_* variables.

const INPUT_CALL = /\b(?:getInput|getBooleanInput|getMultilineInput)\s*\(\s*(['"`])([^'"`]+)\1/g;
// In a string or after `env.`: the identifier INPUT_NAMES is not a variable name.
const INPUT_VARIABLE = /(?:['"`]|\benv\.)INPUT_([A-Z0-9_-]+)/g;

/** Input names a source file reads literally: `core.getInput('x')` and `process.env.INPUT_X`. */
function inputNamesReadIn(source: string): string[] {
  const names = [...source.matchAll(INPUT_CALL)].map((m) => m[2]!);
  // The runner upper-cases the name and keeps hyphens (spaces become underscores).
  const variables = [...source.matchAll(INPUT_VARIABLE)].map((m) => m[1]!.toLowerCase().replace(/_/g, ' '));
  return [...names, ...variables];
}

function typescriptFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFilesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('inputs read directly in src/', () => {
  it.each<[string, string, string[]]>([
    ['core.getInput', "const v = core.getInput('fail-on');", ['fail-on']],
    ['getBooleanInput with options', 'getBooleanInput("push", { required: false })', ['push']],
    ['getMultilineInput with a template literal', 'core.getMultilineInput(`build-args`)', ['build-args']],
    ['an INPUT_ variable', "process.env['INPUT_TRIVY-PATH']", ['trivy-path']],
    ['an INPUT_ property', 'process.env.INPUT_TIMEOUT', ['timeout']],
    ['not the INPUT_NAMES identifier', 'for (const n of INPUT_NAMES) {}', []],
    ['a non-literal name is left to INPUT_NAMES', 'core.getInput(name)', []],
  ])('finds %s', (_name, source, expected) => {
    expect(inputNamesReadIn(source)).toEqual(expected);
  });

  it('would reject a literal read of an undeclared input', () => {
    const undeclared = inputNamesReadIn("core.getInput('not-an-input')").filter((n) => !declaredInputs.includes(n));
    expect(undeclared).toEqual(['not-an-input']);
  });

  it('reads only declared inputs', () => {
    const files = typescriptFilesUnder(path.join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(5);
    const undeclared = files.flatMap((file) =>
      inputNamesReadIn(readFileSync(file, 'utf8'))
        .filter((name) => !declaredInputs.includes(name))
        .map((name) => `${path.relative(ROOT, file)}: ${name}`),
    );
    expect(undeclared).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// README: generated from action.yml and docs/ by scripts/readme-tables.mjs.

function runReadmeScript(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [README_SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The rows of the Markdown table between a section's markers, split on unescaped pipes. */
function tableRows(readme: string, section: string): string[][] {
  const block = new RegExp(`<!-- BEGIN GENERATED: ${section} -->([\\s\\S]*?)<!-- END GENERATED: ${section} -->`).exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, '|')),
    );
}

/** A copy of the sources the script reads, to break one thing at a time. */
function scratchRoot(): string {
  const root = tempDir();
  for (const file of ['action.yml', 'README.md']) cpSync(path.join(ROOT, file), path.join(root, file));
  cpSync(path.join(ROOT, 'docs'), path.join(root, 'docs'), { recursive: true });
  cpSync(path.join(ROOT, 'examples'), path.join(root, 'examples'), { recursive: true });
  return root;
}

describe('README generated sections', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('are up to date (npm run docs -- --check)', () => {
    const run = runReadmeScript('--check');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('list every input of action.yml, in order, with its default', () => {
    const rows = tableRows(readme, 'inputs');
    expect(rows.map((r) => r[0]!.replace(/`/g, ''))).toEqual(declaredInputs);
    for (const row of rows) {
      const name = row[0]!.replace(/`/g, '');
      expect(row).toHaveLength(3);
      expect(row[2]!.replace(/^`+ ?| ?`+$/g, ''), name).toBe(String(action.inputs[name]!.default));
    }
  });

  it('list every output of action.yml, in order', () => {
    expect(tableRows(readme, 'outputs').map((r) => r[0]!.replace(/`/g, ''))).toEqual(declaredOutputs);
  });

  it('carry the usage examples and troubleshooting, with the example workflows inlined', () => {
    for (const example of ['push-to-main', 'pull-request', 'weekly-summary', 'dependency-update-automerge', 'matrix-many-images', 'trivy-server']) {
      const workflow = readFileSync(path.join(ROOT, 'examples', `${example}.yml`), 'utf8').trimEnd();
      expect(readme, example).toContain(`\`\`\`yaml\n${workflow}\n\`\`\``);
    }
    expect(readme).toContain('### Air-gapped runners');
    expect(readme).not.toContain('<!-- include:');
  });

  it('--check fails on a stale table, and a run brings it up to date', () => {
    const root = scratchRoot();
    const readmePath = path.join(root, 'README.md');
    writeFileSync(readmePath, readme.replace(/^\| `mode` \|.*\n/m, ''));
    const stale = runReadmeScript('--check', '--root', root);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('inputs');

    expect(runReadmeScript('--root', root).status).toBe(0);
    expect(readFileSync(readmePath, 'utf8')).toBe(readme);
    expect(runReadmeScript('--check', '--root', root).status).toBe(0);
  });

  it('--check fails when action.yml changed and README did not', () => {
    const root = scratchRoot();
    const actionPath = path.join(root, 'action.yml');
    writeFileSync(actionPath, readFileSync(actionPath, 'utf8').replace('default: CRITICAL,HIGH', 'default: CRITICAL'));
    const run = runReadmeScript('--check', '--root', root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('inputs');
  });

  it('--check fails when an example workflow changed and README did not', () => {
    const root = scratchRoot();
    const example = path.join(root, 'examples/weekly-summary.yml');
    writeFileSync(example, readFileSync(example, 'utf8').replace('issue-on: MEDIUM', 'issue-on: HIGH'));
    const run = runReadmeScript('--check', '--root', root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('usage-examples');
  });

  it('escapes pipes and flattens newlines so a description stays in its cell', () => {
    const root = scratchRoot();
    const actionPath = path.join(root, 'action.yml');
    const edited = readFileSync(actionPath, 'utf8').replace(
      /^ {2}target:\n {4}description: .*$/m,
      '  target:\n    description: "a | b, `c | d`\\nsecond line"',
    );
    writeFileSync(actionPath, edited);
    expect(runReadmeScript('--root', root).status).toBe(0);
    const row = tableRows(readFileSync(path.join(root, 'README.md'), 'utf8'), 'inputs').find((r) => r[0] === '`target`');
    expect(row).toEqual(['`target`', 'a | b, `c | d` second line', '']);
  });

  it('refuses a README whose markers are missing', () => {
    const root = scratchRoot();
    writeFileSync(path.join(root, 'README.md'), readme.replace('<!-- END GENERATED: troubleshooting -->', ''));
    const run = runReadmeScript('--check', '--root', root);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('troubleshooting');
  });
});

// ---------------------------------------------------------------------------------------------
// .env.example: the environment @github/local-action runs src/main.ts with.

describe('.env.example', () => {
  const lines = readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n');
  const assignments = lines.map((l) => /^\s*([A-Z][A-Za-z0-9_-]*)=/.exec(l)?.[1]).filter((v): v is string => v !== undefined);
  const inputVariables = assignments.filter((v) => v.startsWith('INPUT_'));

  it('sets every declared input, named as the runner names it (upper case, hyphens kept)', () => {
    const expected = declaredInputs.map((name) => `INPUT_${name.toUpperCase()}`);
    expect(sortedDifference(expected, inputVariables)).toEqual([]);
    expect(sortedDifference(inputVariables, expected)).toEqual([]);
  });

  it('sets the GITHUB_* and RUNNER_* variables the action reads', () => {
    for (const name of ['GITHUB_REPOSITORY', 'GITHUB_ACTOR', 'GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITHUB_REF', 'GITHUB_SHA', 'GITHUB_WORKSPACE', 'RUNNER_TEMP']) {
      expect(assignments, name).toContain(name);
    }
    const eventPath = /^GITHUB_EVENT_PATH=(.*)$/m.exec(lines.join('\n'))?.[1] ?? '';
    expect(statSync(path.join(ROOT, eventPath)).isFile()).toBe(true);
  });

  it('holds no real credentials', () => {
    const values = lines.filter((l) => /^INPUT_(REGISTRY-PASSWORD|GITHUB-TOKEN|BUILD-SECRETS)=/.test(l)).map((l) => l.slice(l.indexOf('=') + 1));
    expect(values.every((v) => v === '' || v.startsWith('<'))).toBe(true);
  });
});

// Keep the scratch helper honest: a copy of the sources must check clean before it is broken.
describe('scratch copies', () => {
  it('check clean', () => {
    const root = scratchRoot();
    expect(runReadmeScript('--check', '--root', root).status).toBe(0);
  });
});

describe('version', () => {
  it('the version the action reports (first log line, SARIF tool) is package.json\'s', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(ACTION_VERSION).toBe(pkg.version);
  });
});
