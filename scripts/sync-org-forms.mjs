#!/usr/bin/env node
// Adds every action.yml input that the organisation forms (gate/action.yml, the reusable
// workflow) do not yet take: its declaration, copied from action.yml, and its pass-through
// line in the step with `id: gate`. Inputs a form deliberately leaves out are listed below
// (test/unit/org-forms-parity.test.ts holds the reasons). Existing lines are never rewritten,
// so hand-written comments and order survive; run it after adding an input, then review.
//
//   node scripts/sync-org-forms.mjs          # write
//   node scripts/sync-org-forms.mjs --check  # exit 1 when something is missing
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COMPOSITE = 'gate/action.yml';
const REUSABLE = '.github/workflows/reusable-gate.yml';
const NOT_PASSED = {
  [COMPOSITE]: ['sarif-file', 'audit-log'],
  [REUSABLE]: ['sarif-file', 'audit-log', 'github-token'],
};
/** Passed to the reusable workflow as secrets, never as inputs (they would show in the run's inputs). */
export const REUSABLE_SECRETS = ['registry-password', 'build-secrets', 'trivy-server-token', 'attest-key', 'attest-key-password'];

const read = (file) => readFileSync(path.join(ROOT, file), 'utf8');
const yamlString = (value) => JSON.stringify(String(value));

function gateStepLines(lines, stepIndent) {
  const start = lines.findIndex((line) => line.trim() === '- id: gate');
  if (start < 0) throw new Error('no step with id: gate');
  let end = start + 1;
  while (end < lines.length && !lines[end].startsWith(`${stepIndent}- `) && !/^\S/.test(lines[end])) end++;
  let last = -1;
  for (let i = start; i < end; i++) if (/\$\{\{ (inputs|secrets)\.[a-z0-9-]+ \}\}\s*$/.test(lines[i])) last = i;
  if (last < 0) throw new Error('the gate step passes no input');
  return { last, indent: /^\s*/.exec(lines[last])[0] };
}

function insertBefore(lines, pattern, block) {
  const at = lines.findIndex((line) => pattern.test(line));
  if (at < 0) throw new Error(`no line matching ${pattern}`);
  lines.splice(at, 0, ...block);
}

function sync(file, check) {
  const text = read(file);
  const doc = parse(text);
  const action = parse(read('action.yml')).inputs;
  const reusable = file === REUSABLE;
  const declared = reusable ? { ...doc.on.workflow_call.inputs, ...doc.on.workflow_call.secrets } : doc.inputs;
  const missing = Object.keys(action).filter((name) => !NOT_PASSED[file].includes(name) && !(name in declared));
  if (missing.length === 0 || check) return missing;

  const lines = text.split('\n');
  // Pass-through lines first: inserting them does not move the declarations above.
  const step = gateStepLines(lines, reusable ? '      ' : '    ');
  const passLines = missing.map((name) => `${step.indent}${name}: \${{ ${reusable && REUSABLE_SECRETS.includes(name) ? 'secrets' : 'inputs'}.${name} }}`);
  lines.splice(step.last + 1, 0, ...passLines);

  const declaration = (name, indent, secret) => {
    const input = action[name];
    return [
      `${indent}${name}:`,
      `${indent}  description: ${yamlString(input.description ?? name)}`,
      ...(reusable && !secret ? [`${indent}  type: string`] : []),
      `${indent}  required: false`,
      ...(!secret ? [`${indent}  default: ${yamlString(input.default ?? '')}`] : []),
    ];
  };
  if (reusable) {
    const secrets = missing.filter((name) => REUSABLE_SECRETS.includes(name));
    const inputs = missing.filter((name) => !REUSABLE_SECRETS.includes(name));
    insertBefore(lines, /^ {4}outputs:\s*$/, secrets.flatMap((name) => declaration(name, '      ', true)));
    insertBefore(lines, /^ {4}secrets:\s*$/, inputs.flatMap((name) => declaration(name, '      ', false)));
  } else {
    insertBefore(lines, /^ {2}checkout:\s*$/, missing.flatMap((name) => declaration(name, '  ', false)));
  }
  writeFileSync(path.join(ROOT, file), lines.join('\n'));
  return missing;
}

const check = process.argv.includes('--check');
let missingAny = false;
for (const file of [COMPOSITE, REUSABLE]) {
  const missing = sync(file, check);
  if (missing.length > 0) {
    missingAny = true;
    console.log(`${file}: ${check ? 'missing' : 'added'} ${missing.join(', ')}`);
  }
}
if (check && missingAny) process.exit(1);
