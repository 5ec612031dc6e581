// The action's own supply chain: every workflow this repository runs or hands out (CI, release,
// the reusable workflow, examples/) and every action.yml (the root action, the composite) is
// valid for GitHub's parser, pins third-party actions to a reviewed commit SHA, and asks for
// the least permissions that do the job.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isPair, isScalar, LineCounter, parse, parseDocument, visit } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VALIDATOR = path.join(ROOT, 'scripts/validate-actions.mjs');

/** The only third-party actions allowed, at SHAs that were checked against their release tags. */
const KNOWN_PINS: Readonly<Record<string, { sha: string; version: string }>> = {
  'actions/checkout': { sha: '08c6903cd8c0fde910a37f88322edcfb5dd907a8', version: 'v5.0.0' },
  'actions/setup-node': { sha: '49933ea5288caeca8642d1e84afbd3f7d6820020', version: 'v4.4.0' },
  'actions/upload-artifact': { sha: 'ea165f8d65b6e75b540449e92b4886f43607fa02', version: 'v4.6.2' },
  'github/codeql-action/upload-sarif': { sha: '5d4e8d1aca955e8d8589aabd499c5cae939e33c7', version: 'v4.31.9' },
  'actions/upload-pages-artifact': { sha: 'fc324d3547104276b827a68afc52ff2a11cc49c9', version: 'v5.0.0' },
  'actions/deploy-pages': { sha: 'cd2ce8fcbc39b97be8ca5fce6e763baed58fa128', version: 'v5.0.0' },
};

/** This action as the examples and docs name it; it moves with its own major tag (release.yml). */
const FIRST_PARTY = 'acme/container-security-gate';
const ROOT_ACTION = new RegExp(`^${FIRST_PARTY}@v\\d+$`);
const COMPOSITE_ACTION = new RegExp(`^${FIRST_PARTY}/gate@v\\d+$`);
const REUSABLE_WORKFLOW = new RegExp(`^${FIRST_PARTY}/\\.github/workflows/reusable-gate\\.yml@v\\d+$`);
const DASHBOARD_ACTION = new RegExp(`^${FIRST_PARTY}/dashboard@v\\d+$`);

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: unknown;
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: unknown;
  outputs?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on?: unknown;
  permissions?: unknown;
  jobs: Record<string, Job>;
}
interface ActionFile {
  inputs?: Record<string, { default?: unknown; description?: unknown }>;
  outputs?: Record<string, { value?: unknown; description?: unknown }>;
  runs: { using: string; steps?: Step[] };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => path.join(dir, name));
}

const WORKFLOW_FILES = [...yamlFiles('.github/workflows'), ...yamlFiles('examples')].sort();
const ACTION_FILES = ['action.yml', 'gate/action.yml', 'dashboard/action.yml'];
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const workflow = (file: string): Workflow => parse(read(file)) as Workflow;
const actionFile = (file: string): ActionFile => parse(read(file)) as ActionFile;

const rootAction = actionFile('action.yml');
const composite = actionFile('gate/action.yml');
const rootInputs = Object.keys(rootAction.inputs ?? {});
const rootOutputs = Object.keys(rootAction.outputs ?? {});

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Pinning

interface UsesReference {
  line: number;
  ref: string;
  /** The comment after the reference on the same line, e.g. `v5.0.0`. */
  comment: string | undefined;
}

/** Every `uses:` of a workflow or action file, with its trailing comment (steps and reusable-workflow jobs). */
function usesReferences(text: string): UsesReference[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const found: UsesReference[] = [];
  visit(doc, {
    Pair(_key, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'uses' && isScalar(pair.value)) {
        found.push({
          line: lineCounter.linePos(pair.value.range?.[0] ?? 0).line,
          ref: String(pair.value.value),
          comment: pair.value.comment?.trim(),
        });
      }
    },
  });
  return found;
}

/** Why a `uses:` reference is not acceptable, or undefined when it is. */
function usesProblem({ ref, comment }: Pick<UsesReference, 'ref' | 'comment'>): string | undefined {
  if (ref.startsWith('./')) return undefined;
  if (ref.startsWith('docker://')) return /@sha256:[0-9a-f]{64}$/.test(ref) ? undefined : `${ref}: a docker:// action must be pinned by digest`;
  if (ROOT_ACTION.test(ref) || COMPOSITE_ACTION.test(ref) || REUSABLE_WORKFLOW.test(ref) || DASHBOARD_ACTION.test(ref)) return undefined;
  const at = ref.lastIndexOf('@');
  const name = at > 0 ? ref.slice(0, at) : ref;
  const version = at > 0 ? ref.slice(at + 1) : '';
  const known = KNOWN_PINS[name];
  if (!known) return `${ref}: not an allowed third-party action (${Object.keys(KNOWN_PINS).join(', ')})`;
  if (!/^[0-9a-f]{40}$/.test(version)) return `${ref}: pin to a full 40-hex commit SHA, not '${version}'`;
  if (version !== known.sha) return `${ref}: not the reviewed SHA of ${name} ${known.version} (${known.sha})`;
  if (comment !== known.version) return `${ref}: needs the version comment '# ${known.version}', found ${comment === undefined ? 'none' : `'# ${comment}'`}`;
  return undefined;
}

describe('the pin rule', () => {
  const checkout = KNOWN_PINS['actions/checkout']!;
  it.each<[string, string, string | undefined, RegExp | undefined]>([
    ['a reviewed pin with its version', `actions/checkout@${checkout.sha}`, 'v5.0.0', undefined],
    ['a local action', './', undefined, undefined],
    ['this action by major tag', `${FIRST_PARTY}@v1`, undefined, undefined],
    ['a tag', 'actions/checkout@v5', undefined, /full 40-hex/],
    ['a branch', 'actions/checkout@main', undefined, /full 40-hex/],
    ['a short SHA', 'actions/checkout@08c6903', 'v5.0.0', /full 40-hex/],
    ['no ref at all', 'actions/checkout', undefined, /full 40-hex/],
    ['a SHA without the version comment', `actions/checkout@${checkout.sha}`, undefined, /version comment/],
    ['a SHA with a wrong version comment', `actions/checkout@${checkout.sha}`, 'v4.0.0', /version comment/],
    ['an unreviewed SHA', `actions/checkout@${'a'.repeat(40)}`, 'v5.0.0', /reviewed SHA/],
    ['an action not on the list', `docker/login-action@${'b'.repeat(40)}`, 'v3.0.0', /not an allowed/],
    ['this action from another owner', 'someone/container-security-gate@v1', undefined, /not an allowed/],
    ['this action by a moving branch', `${FIRST_PARTY}@main`, undefined, /not an allowed/],
    ['a docker action by tag', 'docker://alpine:3', undefined, /digest/],
  ])('%s', (_name, ref, comment, problem) => {
    const found = usesProblem({ ref, comment });
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it('reads the version comment from real YAML', () => {
    const refs = usesReferences(`steps:\n  - uses: actions/checkout@${checkout.sha} # v5.0.0\n  - uses: actions/checkout@v5\n`);
    expect(refs).toEqual([
      { line: 2, ref: `actions/checkout@${checkout.sha}`, comment: 'v5.0.0' },
      { line: 3, ref: 'actions/checkout@v5', comment: undefined },
    ]);
  });
});

describe.each([...WORKFLOW_FILES, ...ACTION_FILES])('%s: pinned actions', (file) => {
  it('pins every third-party action to a reviewed SHA with its version comment', () => {
    const problems = usesReferences(read(file))
      .map((use) => ({ line: use.line, problem: usesProblem(use) }))
      .filter((p) => p.problem !== undefined)
      .map((p) => `${file}:${p.line}: ${p.problem}`);
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Permissions

const SCOPES = new Set([
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
]);

const isRootGate = (uses: string | undefined): boolean => uses !== undefined && (uses === './' || ROOT_ACTION.test(uses));
const isCompositeGate = (uses: string | undefined): boolean => uses !== undefined && COMPOSITE_ACTION.test(uses);
const isSarifUpload = (uses: string | undefined): boolean => uses?.startsWith('github/codeql-action/upload-sarif@') ?? false;

/** What the job does that needs write access; a write grant with no such step is excess. */
function writeNeeds(job: Job): Record<string, boolean> {
  const steps = job.steps ?? [];
  const runs = steps.map((s) => s.run ?? '').join('\n');
  const wholeGate = job.uses !== undefined || steps.some((s) => isCompositeGate(s.uses));
  const gate = wholeGate || steps.some((s) => isRootGate(s.uses));
  const pushingGate = wholeGate || steps.some((s) => isRootGate(s.uses) && String(s.with?.push ?? 'auto') !== 'false');
  return {
    contents: /\bgit push\b|\bgh pr merge\b/.test(runs),
    packages: pushingGate,
    issues: gate,
    'pull-requests': gate || /\bgh pr\b/.test(runs),
    'security-events': wholeGate || steps.some((s) => isSarifUpload(s.uses)),
    pages: steps.some((s) => s.uses?.startsWith('actions/deploy-pages@')),
    'id-token': steps.some((s) => s.uses?.startsWith('actions/deploy-pages@')),
  };
}

function permissionProblems(doc: Workflow): string[] {
  const problems: string[] = [];
  const top = doc.permissions;
  const topOk = top !== null && typeof top === 'object' && (Object.keys(top).length === 0 || JSON.stringify(top) === JSON.stringify({ contents: 'read' }));
  if (!topOk) problems.push(`top-level permissions must be {} or { contents: read }, found ${JSON.stringify(top)}`);

  for (const [id, job] of Object.entries(doc.jobs ?? {})) {
    const granted = job.permissions;
    if (granted === undefined) {
      problems.push(`job ${id}: no permissions: (it would get the repository's default token)`);
      continue;
    }
    if (granted === null || typeof granted !== 'object') {
      problems.push(`job ${id}: permissions must list scopes, not '${String(granted)}'`);
      continue;
    }
    const needs = writeNeeds(job);
    for (const [scope, level] of Object.entries(granted as Record<string, unknown>)) {
      if (!SCOPES.has(scope)) problems.push(`job ${id}: unknown permission scope '${scope}'`);
      if (!['read', 'write', 'none'].includes(String(level))) problems.push(`job ${id}: ${scope}: '${String(level)}' is not read, write or none`);
      if (level === 'write' && needs[scope] !== true) problems.push(`job ${id}: ${scope}: write, but no step of the job needs it`);
    }
    for (const step of job.steps ?? []) {
      const persists = step.with?.['persist-credentials'] !== false;
      if (step.uses?.startsWith('actions/checkout@') && persists && !needs.contents) {
        problems.push(`job ${id}: checkout keeps the token in .git/config; set persist-credentials: false`);
      }
    }
  }
  return problems;
}

describe('the permission rule', () => {
  const gateStep = { uses: `${FIRST_PARTY}@v1` };
  const checkout = { uses: `actions/checkout@${KNOWN_PINS['actions/checkout']!.sha}`, with: { 'persist-credentials': false } };
  it.each<[string, Workflow, RegExp | undefined]>([
    ['least privilege', { permissions: {}, jobs: { a: { permissions: { contents: 'read' }, steps: [checkout] } } }, undefined],
    ['top-level contents: read', { permissions: { contents: 'read' }, jobs: { a: { permissions: {}, steps: [] } } }, undefined],
    ['a gate that pushes', { permissions: {}, jobs: { a: { permissions: { contents: 'read', packages: 'write' }, steps: [checkout, gateStep] } } }, undefined],
    ['no top-level permissions', { jobs: { a: { permissions: {}, steps: [] } } }, /top-level/],
    ['top-level write-all', { permissions: 'write-all', jobs: { a: { permissions: {}, steps: [] } } }, /top-level/],
    ['top-level writes', { permissions: { contents: 'write' }, jobs: { a: { permissions: {}, steps: [] } } }, /top-level/],
    ['a job without permissions', { permissions: {}, jobs: { a: { steps: [] } } }, /job a: no permissions/],
    ['a job with read-all', { permissions: {}, jobs: { a: { permissions: 'read-all', steps: [] } } }, /list scopes/],
    ['an unknown scope', { permissions: {}, jobs: { a: { permissions: { everything: 'read' }, steps: [] } } }, /unknown permission scope/],
    ['contents: write with nothing to push', { permissions: {}, jobs: { a: { permissions: { contents: 'write' }, steps: [{ run: 'echo' }] } } }, /contents: write, but/],
    ['packages: write for a gate that never pushes', { permissions: {}, jobs: { a: { permissions: { packages: 'write' }, steps: [{ ...gateStep, with: { push: 'false' } }] } } }, /packages: write, but/],
    ['security-events: write without SARIF', { permissions: {}, jobs: { a: { permissions: { 'security-events': 'write' }, steps: [gateStep] } } }, /security-events: write, but/],
    ['checkout that keeps its token', { permissions: {}, jobs: { a: { permissions: { contents: 'read' }, steps: [{ uses: checkout.uses }] } } }, /persist-credentials/],
  ])('%s', (_name, doc, problem) => {
    const problems = permissionProblems(doc);
    if (problem === undefined) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toMatch(problem);
  });
});

describe.each(WORKFLOW_FILES)('%s: permissions', (file) => {
  it('grants least privilege: permissions {} at the top, per-job scopes, writes only where a step needs them', () => {
    expect(permissionProblems(workflow(file))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The gate is called with inputs it declares

/** Every step that runs the gate, as (where, uses, with). */
function gateSteps(steps: Step[] | undefined, where: string): { where: string; uses: string; with: Record<string, unknown> }[] {
  return (steps ?? [])
    .filter((s) => isRootGate(s.uses) || isCompositeGate(s.uses))
    .map((s) => ({ where: `${where} step ${s.id ?? s.name ?? s.uses}`, uses: s.uses!, with: s.with ?? {} }));
}

describe('calls of the gate', () => {
  const calls = [
    ...WORKFLOW_FILES.flatMap((file) => Object.entries(workflow(file).jobs).flatMap(([id, job]) => gateSteps(job.steps, `${file} job ${id}`))),
    ...gateSteps(composite.runs.steps, 'gate/action.yml'),
  ];

  it('are found in the workflows, the examples and the composite', () => {
    expect(calls.length).toBeGreaterThanOrEqual(10);
  });

  it.each(calls.map((c) => [c.where, c] as const))('%s passes only declared inputs', (_where, call) => {
    const declared = Object.keys((isCompositeGate(call.uses) ? composite : rootAction).inputs ?? {});
    expect(Object.keys(call.with).filter((name) => !declared.includes(name))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Organisations: the composite action and the reusable workflow

/** Inputs both wrappers must pass through to the gate. */
const PASSED_THROUGH = ['image', 'tags', 'context', 'dockerfile', 'push', 'fail-on', 'scanners', 'baseline', 'policy-file', 'build-args'];

describe('gate/action.yml (composite)', () => {
  const steps = composite.runs.steps ?? [];
  const gate = steps.find((s) => s.id === 'gate');

  it('runs checkout → the gate → SARIF upload → report artifact', () => {
    expect(composite.runs.using).toBe('composite');
    const order = steps.map((s) => s.uses?.replace(/@.*/, '') ?? 'run');
    expect(order.filter((u) => u !== 'run')).toEqual(['actions/checkout', FIRST_PARTY, 'github/codeql-action/upload-sarif', 'actions/upload-artifact']);
  });

  it('passes its inputs through to the gate, with the gate’s own defaults', () => {
    expect(gate).toBeDefined();
    const inputs = composite.inputs ?? {};
    for (const name of [...PASSED_THROUGH, 'build-secrets', 'registry-password']) {
      expect(inputs[name], name).toBeDefined();
    }
    for (const [name, input] of Object.entries(inputs)) {
      if (!rootInputs.includes(name)) continue;
      expect(gate!.with?.[name], name).toBe(`\${{ inputs.${name} }}`);
      expect(input.default, `${name} default`).toBe(rootAction.inputs![name]!.default);
    }
  });

  it('declares every output of the gate, from the gate step', () => {
    const outputs = composite.outputs ?? {};
    expect(Object.keys(outputs)).toEqual(rootOutputs);
    for (const [name, output] of Object.entries(outputs)) expect(output.value, name).toBe(`\${{ steps.gate.outputs.${name} }}`);
  });

  it('uploads SARIF after a failed gate too, only when there is a SARIF file, and always keeps the report', () => {
    const sarif = steps.find((s) => isSarifUpload(s.uses));
    expect(sarif?.if).toMatch(/^always\(\) && /);
    expect(sarif?.if).toContain("steps.gate.outputs.sarif != ''");
    expect(sarif?.with?.sarif_file).toBe('${{ steps.gate.outputs.sarif }}');
    const artifact = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(artifact?.if).toBe('always()');
    // The report folder only: the Trivy cache (the DB) must not end up in the artifact.
    expect(String(gate!.with?.['sarif-file'])).toContain(String(artifact?.with?.path));
  });
});

describe('.github/workflows/reusable-gate.yml', () => {
  const reusable = workflow('.github/workflows/reusable-gate.yml');
  const call = (reusable.on as { workflow_call: { inputs: Record<string, { type: string; default?: unknown }>; secrets: Record<string, unknown>; outputs: Record<string, { value: string }> } })
    .workflow_call;
  const job = reusable.jobs.gate!;
  const steps = job.steps ?? [];
  const gate = steps.find((s) => s.id === 'gate');

  it('is callable (on: workflow_call) and runs checkout → the gate → SARIF upload → report artifact', () => {
    expect(Object.keys(reusable.on as object)).toEqual(['workflow_call']);
    const order = steps.map((s) => s.uses?.replace(/@.*/, '')).filter((u) => u !== undefined);
    expect(order).toEqual(['actions/checkout', FIRST_PARTY, 'github/codeql-action/upload-sarif', 'actions/upload-artifact']);
  });

  it('passes its inputs through to the gate, with the gate’s own defaults', () => {
    for (const name of PASSED_THROUGH) expect(call.inputs[name], name).toBeDefined();
    for (const [name, input] of Object.entries(call.inputs)) {
      if (!rootInputs.includes(name)) continue;
      expect(gate?.with?.[name], name).toBe(`\${{ inputs.${name} }}`);
      expect(input.default, `${name} default`).toBe(rootAction.inputs![name]!.default);
    }
  });

  it('takes the registry password and build secrets as secrets, never as inputs', () => {
    for (const name of ['registry-password', 'build-secrets']) {
      expect(call.secrets[name], name).toBeDefined();
      expect(call.inputs[name], name).toBeUndefined();
      expect(gate?.with?.[name], name).toBe(`\${{ secrets.${name} }}`);
    }
  });

  it('returns every output of the gate', () => {
    expect(Object.keys(call.outputs)).toEqual(rootOutputs);
    for (const name of rootOutputs) {
      expect(call.outputs[name]!.value).toBe(`\${{ jobs.gate.outputs.${name} }}`);
      expect(job.outputs?.[name]).toBe(`\${{ steps.gate.outputs.${name} }}`);
    }
  });

  it('uploads SARIF after a failed gate too, only when there is a SARIF file, and always keeps the report', () => {
    const sarif = steps.find((s) => isSarifUpload(s.uses));
    expect(sarif?.if).toMatch(/^always\(\) && /);
    expect(sarif?.if).toContain("steps.gate.outputs.sarif != ''");
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.if).toBe('always()');
  });
});

// ---------------------------------------------------------------------------------------------
// Release

describe('.github/workflows/release.yml', () => {
  const release = workflow('.github/workflows/release.yml');
  const jobs = Object.entries(release.jobs);
  const runsOf = (job: Job): string => (job.steps ?? []).map((s) => s.run ?? '').join('\n');

  it('is started by hand with the version (tags are created by the release, never pushed by hand)', () => {
    expect(Object.keys(release.on as object)).toEqual(['workflow_dispatch']);
    expect((release.on as { workflow_dispatch: { inputs: Record<string, { required: boolean }> } }).workflow_dispatch.inputs.version?.required).toBe(true);
  });

  it('tags the commit in which the self-references are pinned (scripts/release-pin.mjs), after verification', () => {
    const [, releaser] = jobs.find(([, job]) => (job.permissions as Record<string, string>).contents === 'write')!;
    expect(runsOf(releaser)).toMatch(/node scripts\/release-pin\.mjs "\$VERSION"\n/);
    expect(runsOf(releaser)).toMatch(/git push origin "refs\/tags\/\$VERSION"/);
    // The verified commit, not the branch head.
    expect(releaser.steps?.[0]?.with?.ref).toBe('${{ github.sha }}');
  });

  it('checks dist/ and runs the tests before anything is moved', () => {
    const [, verify] = jobs.find(([, job]) => /npm run check:dist/.test(runsOf(job)))!;
    expect(runsOf(verify)).toMatch(/bash \.ci\/run/);
    expect(verify.permissions).toEqual({ contents: 'read' });
  });

  it('moves the major tag in the one job with contents: write, after verification', () => {
    const writers = jobs.filter(([, job]) => (job.permissions as Record<string, string>).contents === 'write');
    expect(writers).toHaveLength(1);
    const [, mover] = writers[0]!;
    expect(mover.permissions).toEqual({ contents: 'write' });
    const verifier = jobs.find(([, job]) => /npm run check:dist/.test(runsOf(job)))![0];
    expect([mover.needs].flat()).toContain(verifier);
    expect(runsOf(mover)).toMatch(/git tag -f "\$major"/);
    expect(runsOf(mover)).toMatch(/git push -f origin "refs\/tags\/\$major"/);
  });

  it('derives the major tag from the version tag, and leaves pre-releases alone', () => {
    const [, mover] = jobs.find(([, job]) => (job.permissions as Record<string, string>).contents === 'write')!;
    const script = (mover.steps ?? []).find((s) => s.run?.includes('git tag -f'))!.run!;
    // Run the script's tag logic with git replaced by echo.
    const dry = (tag: string): string =>
      spawnSync('bash', ['-c', `git() { if [ "$1" = rev-parse ]; then echo c0ffee; else echo "git $*"; fi; }\n${script}`], {
        env: { PATH: process.env.PATH, TAG: tag },
        encoding: 'utf8',
      }).stdout;
    expect(dry('v1.2.3')).toContain('git tag -f v1 c0ffee\ngit push -f origin refs/tags/v1');
    expect(dry('v12.0.1')).toContain('git tag -f v12 c0ffee');
    expect(dry('v1.3.0-rc.1')).not.toContain('git tag');
  });
});

// ---------------------------------------------------------------------------------------------
// Schema validation with GitHub's parser (@actions/workflow-parser), as CI runs it

function validate(...files: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [VALIDATOR, ...files], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('schema validation (scripts/validate-actions.mjs)', () => {
  it('accepts every workflow, every example, the composite and the root action.yml', () => {
    const run = validate();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const file of [...WORKFLOW_FILES, ...ACTION_FILES]) expect(run.stdout, file).toContain(file);
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'csg-workflows-'));
  temps.push(dir);
  const fixture = (name: string, text: string): string => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  const good = read('examples/pull-request.yml');

  it.each<[string, string, string, RegExp]>([
    ['YAML that does not parse', 'broken.yml', 'on: [push\njobs: {', /broken\.yml/],
    ['a step with both uses and run', 'both.yml', good.replace('        uses: acme/container-security-gate@v1', '        uses: acme/container-security-gate@v1\n        run: echo'), /Line: \d+.*'run'/],
    ['a permission level that does not exist', 'level.yml', good.replace('pull-requests: write', 'pull-requests: admin'), /'admin'/],
    ['an unknown context in an expression', 'context.yml', good.replace('push: "false"', 'push: ${{ nonsense.push }}'), /nonsense/],
    ['a job that needs a job that does not exist', 'needs.yml', read('.github/workflows/release.yml').replace('needs: verify', 'needs: verification'), /unknown job 'verification'/],
    ['an input the reusable workflow does not declare', 'caller.yml', read('examples/org-reusable-workflow.yml').replace('fail-on: HIGH', 'fail-level: HIGH'), /fail-level is not defined/],
    ['an action on a runtime that does not exist', 'node99/action.yml', read('action.yml').replace('using: node24', 'using: node99'), /node99/],
    ['an action without a description', 'nodesc/action.yml', read('gate/action.yml').replace(/^description: .*\n/m, ''), /description/],
  ])('rejects %s', (_name, name, text, message) => {
    const file = fixture(name, text);
    const run = validate(file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toContain('0 valid, 1 invalid');
  });
});
