#!/usr/bin/env node
// Validates workflow files and action metadata (action.yml) with GitHub's own parser,
// @actions/workflow-parser (the schemas behind the Actions language service:
// workflow-v1.0.json and action-v1.0.json). Workflows are also converted, which checks what a
// schema alone cannot (job graphs, cron syntax, the inputs and secrets passed to a reusable
// workflow of this repository).
//
// Usage: node scripts/validate-actions.mjs [FILE...]
//   With no FILE: every workflow under .github/workflows and examples/, and every action.yml
//   of the repository. Exits 1 when any file has errors, printing them as `file:line:col message`.
import { register } from 'node:module';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The parser imports its schema JSON without `with { type: 'json' }`, which bundlers accept and
// plain Node refuses; this hook adds the attribute for .json modules.
register(
  'data:text/javascript,' +
    encodeURIComponent(`export async function load(url, context, nextLoad) {
  if (url.endsWith('.json') && context.importAttributes?.type === undefined) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return nextLoad(url, context);
}`),
);
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');
const { parseAction } = await import('@actions/workflow-parser/actions/index');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** How the examples and docs name this repository; its reusable workflows are read from disk. */
export const FIRST_PARTY_REPOSITORY = 'acme/container-security-gate';

/** `action.yml`/`action.yaml` are action metadata; every other YAML file is a workflow. */
export function kindOf(file) {
  return /(^|[\\/])action\.ya?ml$/.test(file) ? 'action' : 'workflow';
}

/** Serves `acme/container-security-gate/.github/workflows/x.yml@ref` and `./.github/workflows/x.yml` from this checkout. */
const localWorkflows = {
  async getFileContent(ref) {
    const owned = !('repository' in ref) || `${ref.owner}/${ref.repository}` === FIRST_PARTY_REPOSITORY;
    if (!owned) throw new Error(`not a workflow of this repository: ${JSON.stringify(ref)}`);
    const name = path.join(ROOT, ref.path);
    return { name, content: readFileSync(name, 'utf8') };
  },
};

function displayName(file) {
  const relative = path.relative(ROOT, path.resolve(file));
  return relative.startsWith('..') ? path.resolve(file) : relative;
}

/** @returns {Promise<string[]>} the validation errors of one file, empty when it is valid. */
export async function validateFile(file, kind = kindOf(file)) {
  const entry = { name: displayName(file), content: readFileSync(file, 'utf8') };
  const trace = new NoOperationTraceWriter();
  const parsed = kind === 'action' ? parseAction(entry, trace) : parseWorkflow(entry, trace);
  if (kind === 'workflow' && parsed.value !== undefined && parsed.context.errors.getErrors().length === 0) {
    await convertWorkflowTemplate(parsed.context, parsed.value, localWorkflows, {
      maxReusableWorkflowDepth: 4,
      fetchReusableWorkflowDepth: 1,
    });
  }
  // Messages already carry "file (Line: l, Col: c): ".
  return parsed.context.errors.getErrors().map((e) => e.message);
}

function yamlFilesUnder(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : yamlFilesUnder(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

const NOT_ACTIONS = new Set(['node_modules', 'dist', 'build', 'coverage', 'test', 'fixtures', 'examples']);

/** The files this repository publishes or runs: workflows, examples, the root and composite actions. */
export function defaultFiles() {
  const workflows = [...yamlFilesUnder(path.join(ROOT, '.github/workflows')), ...yamlFilesUnder(path.join(ROOT, 'examples'))];
  const actions = readdirSync(ROOT)
    .filter((name) => !name.startsWith('.') && !NOT_ACTIONS.has(name))
    .flatMap((name) => {
      const full = path.join(ROOT, name);
      if (!statSync(full).isDirectory()) return kindOf(name) === 'action' ? [full] : [];
      return yamlFilesUnder(full).filter((f) => kindOf(f) === 'action');
    });
  return [...new Set([...workflows, ...actions])].sort();
}

async function main(argv) {
  const files = argv.length > 0 ? argv : defaultFiles();
  let invalid = 0;
  for (const file of files) {
    const errors = await validateFile(file);
    if (errors.length > 0) invalid += 1;
    for (const line of errors) console.error(line);
  }
  console.log(`${files.length - invalid} valid, ${invalid} invalid: ${files.map(displayName).join(', ')}`);
  process.exitCode = invalid > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
