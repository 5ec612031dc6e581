// Files named by inputs, on the real file system: links out of where a file belongs are refused
// naming the input and the path given (never the target); links that stay inside are followed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { areaOf, containedWritePath, readContainedFile } from '../../src/adapters/files/contained-file.js';
import { checkInputFiles, type InputFilePaths } from '../../src/adapters/files/input-files.js';
import { GateError } from '../../src/domain/gate-error.js';

let root: string;
let workspace: string;
let outside: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'csg-contained-'));
  workspace = join(root, 'ws');
  outside = join(root, 'outside');
  mkdirSync(workspace);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret'), 'TOP-SECRET');
  writeFileSync(join(workspace, 'policy.yml'), 'fail-on: [CRITICAL]\n');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<GateError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GateError);
  return error as GateError;
}

describe('readContainedFile', () => {
  test('a regular file and a link that stays inside are read', async () => {
    symlinkSync('policy.yml', join(workspace, 'alias.yml'));
    const area = await areaOf(workspace, 'the workspace');
    expect((await readContainedFile('policy-file', 'policy.yml', workspace, area))?.toString()).toContain('CRITICAL');
    expect((await readContainedFile('policy-file', 'alias.yml', workspace, area))?.toString()).toContain('CRITICAL');
    expect(await readContainedFile('policy-file', 'missing.yml', workspace, area)).toBeUndefined();
  });

  test.each([
    ['a link to a file outside', () => symlinkSync(join(outside, 'secret'), join(workspace, 'p.yml')), 'p.yml'],
    ['a link to /proc/self/environ', () => symlinkSync('/proc/self/environ', join(workspace, 'p.yml')), 'p.yml'],
    ['a path through a linked directory', () => symlinkSync(outside, join(workspace, 'dir')), 'dir/secret'],
    ['a relative path out', () => undefined, '../outside/secret'],
    ['a dangling link', () => symlinkSync(join(outside, 'nothing'), join(workspace, 'p.yml')), 'p.yml'],
  ])('%s is refused naming the input and the path, not the target', async (_, plant, given) => {
    plant();
    const error = await refusal(readContainedFile('policy-file', given, workspace, await areaOf(workspace, 'the workspace')));
    expect(error.reason).toBe('input-error');
    expect(error.message).toContain(`input 'policy-file': ${given} resolves outside the workspace`);
    expect(error.message).not.toContain(outside);
    expect(error.message).not.toContain('TOP-SECRET');
    expect(error.message).not.toContain('/proc');
  });

  test('a FIFO is refused at once instead of hanging the run', async () => {
    execFileSync('mkfifo', [join(workspace, 'fifo')]);
    const error = await refusal(readContainedFile('baseline', 'fifo', workspace, await areaOf(workspace, 'the workspace')));
    expect(error.message).toContain("input 'baseline': fifo is not a regular file");
  });
});

describe('containedWritePath', () => {
  test('a new file in a new directory inside the workspace is allowed', async () => {
    const areas = [await areaOf(workspace, 'the workspace')];
    const target = await containedWritePath('sarif-file', 'reports/out.sarif', workspace, areas);
    expect(target).toBe(join(workspace, 'reports', 'out.sarif'));
  });

  test.each([
    ['the file is a link', () => symlinkSync(join(outside, 'secret'), join(workspace, 'out.sarif')), 'out.sarif'],
    ['its directory is a link', () => symlinkSync(outside, join(workspace, 'reports')), 'reports/out.sarif'],
    ['it is outside', () => undefined, '../outside/out.sarif'],
  ])('refused when %s; nothing outside is created or changed', async (_, plant, given) => {
    plant();
    const error = await refusal(containedWritePath('audit-log', given, workspace, [await areaOf(workspace, 'the workspace')]));
    expect(error.message).toContain(`input 'audit-log': ${given} resolves outside the workspace`);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('TOP-SECRET');
  });
});

describe('checkInputFiles: exploit data and VEX files', () => {
  const paths = (extra: Partial<InputFilePaths>): InputFilePaths => ({
    workspace,
    runnerTemp: join(root, 'temp'),
    contextDir: undefined,
    dockerfile: 'Dockerfile',
    policyFile: 'policy.yml',
    ignoreFile: undefined,
    baselineFile: undefined,
    sarifFile: join(root, 'temp', 'out.sarif'),
    auditLog: undefined,
    stagingDir: join(root, 'stage'),
    ...extra,
  });

  test.each([
    ['kev-file', { kevFile: 'kev.json' }],
    ['epss-file', { epssFile: 'kev.json' }],
    ['vex', { vexFiles: ['kev.json'] }],
  ] as const)('%s that links out of the workspace is refused, naming the input', async (input, extra) => {
    symlinkSync('/proc/self/environ', join(workspace, 'kev.json'));
    const error = await refusal(checkInputFiles(paths(extra)));
    expect(error.reason).toBe('input-error');
    expect(error.message).toContain(`input '${input}': kev.json resolves outside the workspace`);
  });

  test('the files are read once and handed on as copies in the run directory, in order', async () => {
    writeFileSync(join(workspace, 'kev.json'), '{"vulnerabilities":[]}');
    writeFileSync(join(workspace, 'a.openvex.json'), '{"a":1}');
    writeFileSync(join(workspace, 'b.openvex.json'), '{"b":2}');
    const checked = await checkInputFiles(paths({ kevFile: 'kev.json', vexFiles: ['a.openvex.json', 'b.openvex.json'] }));
    expect(checked.kevFile?.startsWith(join(root, 'stage'))).toBe(true);
    expect(readFileSync(checked.kevFile!, 'utf8')).toBe('{"vulnerabilities":[]}');
    expect(checked.vexFiles.map((f) => readFileSync(f, 'utf8'))).toEqual(['{"a":1}', '{"b":2}']);
    expect(checked.epssFile).toBeUndefined();
  });
});
