// The organisation forms (the composite gate/action.yml and the reusable workflow) must be as
// capable as the action: every input of action.yml reaches the gate step, or is named below
// with the reason it makes no sense there. The list is derived from action.yml, so an input
// added to the action without the org forms fails here, and the message says what to add where.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

interface Step {
  id?: string;
  with?: Record<string, unknown>;
}
interface ActionFile {
  inputs?: Record<string, { default?: unknown }>;
  runs: { steps?: Step[] };
}
interface ReusableWorkflow {
  on: { workflow_call: { inputs?: Record<string, { type?: string; default?: unknown }>; secrets?: Record<string, unknown> } };
  jobs: Record<string, { steps?: Step[] }>;
}

const rootInputs = Object.keys((parse(read('action.yml')) as ActionFile).inputs ?? {});

/** Inputs a form deliberately does not take, each with why. Keep this short. */
const NOT_PASSED: Readonly<Record<'gate/action.yml' | '.github/workflows/reusable-gate.yml', Readonly<Record<string, string>>>> = {
  'gate/action.yml': {
    'sarif-file': 'the form writes the SARIF into its own report folder, which it uploads as the artifact; the path is its `sarif` output',
    'audit-log': 'written into the same report folder, uploaded with the artifact',
  },
  '.github/workflows/reusable-gate.yml': {
    'sarif-file': 'the form writes the SARIF into its own report folder, which it uploads as the artifact; the path is its `sarif` output',
    'audit-log': 'written into the same report folder, uploaded with the artifact',
    'github-token': "the called job uses its own GITHUB_TOKEN with the permissions the caller grants; a caller's token would have to travel as a secret",
  },
};

/** Secrets of the reusable workflow: passed as `${{ secrets.<name> }}`, never as inputs. */
const REUSABLE_SECRETS = ['registry-password', 'build-secrets', 'trivy-server-token', 'attest-key', 'attest-key-password'];

function gateStep(steps: Step[] | undefined, file: string): Step {
  const gate = (steps ?? []).find((s) => s.id === 'gate');
  if (!gate) throw new Error(`${file}: no step with id: gate`);
  return gate;
}

describe('gate/action.yml passes every action input to the gate', () => {
  const file = 'gate/action.yml';
  const composite = parse(read(file)) as ActionFile;
  const declared = composite.inputs ?? {};
  const gate = gateStep(composite.runs.steps, file);
  const skipped = NOT_PASSED[file];

  it('every input of action.yml is declared and passed through, or allow-listed with a reason', () => {
    const missing = rootInputs.filter((name) => !Object.hasOwn(skipped, name) && (!Object.hasOwn(declared, name) || gate.with?.[name] !== `\${{ inputs.${name} }}`));
    const advice = missing.map(
      (name) =>
        `  ${name}: under \`inputs:\` add \`${name}:\` (description and default copied from action.yml), and in the step with id \`gate\` add \`${name}: \${{ inputs.${name} }}\``,
    );
    expect(missing, `${file} does not pass these action inputs to the gate; add them (npm run sync:org-forms does), or list them in NOT_PASSED with a reason:\n${advice.join('\n')}`).toEqual([]);
  });

  it('the allow-list names only inputs that exist, and they really are not passed', () => {
    for (const name of Object.keys(skipped)) {
      expect(rootInputs, `NOT_PASSED['${file}'] names '${name}', which action.yml no longer has`).toContain(name);
      expect(declared[name], `${file} declares '${name}' although NOT_PASSED says it makes no sense there`).toBeUndefined();
    }
  });
});

describe('.github/workflows/reusable-gate.yml passes every action input to the gate', () => {
  const file = '.github/workflows/reusable-gate.yml';
  const reusable = parse(read(file)) as ReusableWorkflow;
  const call = reusable.on.workflow_call;
  const declared = call.inputs ?? {};
  const secrets = call.secrets ?? {};
  const gate = gateStep(Object.values(reusable.jobs).flatMap((job) => job.steps ?? []), file);
  const skipped = NOT_PASSED[file];

  it('every input of action.yml is an input (or secret) passed through, or allow-listed with a reason', () => {
    const missing = rootInputs.filter((name) => {
      if (Object.hasOwn(skipped, name)) return false;
      if (REUSABLE_SECRETS.includes(name)) return !Object.hasOwn(secrets, name) || gate.with?.[name] !== `\${{ secrets.${name} }}`;
      return !Object.hasOwn(declared, name) || gate.with?.[name] !== `\${{ inputs.${name} }}`;
    });
    const advice = missing.map(
      (name) =>
        `  ${name}: under \`on.workflow_call.inputs:\` add \`${name}:\` (type: string; description and default copied from action.yml), and in the job's step with id \`gate\` add \`${name}: \${{ inputs.${name} }}\``,
    );
    expect(missing, `${file} does not pass these action inputs to the gate; add them (npm run sync:org-forms does), or list them in NOT_PASSED with a reason:\n${advice.join('\n')}`).toEqual([]);
  });

  it('passes every input as a string, so the action parses it exactly as it would its own', () => {
    for (const name of rootInputs.filter((n) => Object.hasOwn(declared, n))) expect(declared[name]!.type, name).toBe('string');
  });

  it('the allow-list names only inputs that exist, and they really are not passed', () => {
    for (const name of Object.keys(skipped)) {
      expect(rootInputs, `NOT_PASSED['${file}'] names '${name}', which action.yml no longer has`).toContain(name);
      expect(declared[name], `${file} declares '${name}' although NOT_PASSED says it makes no sense there`).toBeUndefined();
    }
  });
});
