#!/usr/bin/env node
// Keeps README.md's generated sections in step with their sources:
//   inputs, outputs       ← action.yml (name, description, default)
//   usage-examples        ← docs/usage-examples.md, with `<!-- include: examples/x.yml -->`
//                           lines replaced by the workflow file itself
//   troubleshooting       ← docs/troubleshooting.md
// Each section sits between `<!-- BEGIN GENERATED: name -->` and `<!-- END GENERATED: name -->`.
//
// Usage: node scripts/readme-tables.mjs [--check] [--root DIR] [--readme PATH]
//   default: rewrite README.md; --check: change nothing, exit 1 when README.md is stale.
//   --root: where action.yml, docs/ and README.md are (default: this repository);
//   --readme: another README to fill or check (default: <root>/README.md).
//   Exit 2: a section's markers are missing or repeated.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One table cell: pipes escaped (GFM splits cells on them, even inside code spans), one line. */
export function cell(text) {
  return String(text).replace(/\r?\n+/g, ' ').replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
}

/** A value shown as code; a backtick inside needs a longer fence and padding. */
function code(value) {
  const text = String(value);
  if (text === '') return '';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

export function inputsTable(action) {
  const rows = Object.entries(action.inputs ?? {}).map(([name, input]) => {
    const required = input?.required === true ? ' (required)' : '';
    return `| ${cell(code(name))}${required} | ${cell(input?.description ?? '')} | ${cell(code(input?.default ?? ''))} |`;
  });
  return ['| Name | Description | Default |', '| --- | --- | --- |', ...rows].join('\n');
}

export function outputsTable(action) {
  const rows = Object.entries(action.outputs ?? {}).map(([name, output]) => `| ${cell(code(name))} | ${cell(output?.description ?? '')} |`);
  return ['| Name | Description |', '| --- | --- |', ...rows].join('\n');
}

const INCLUDE = /^<!-- include: (\S+) -->$/gm;

/** Markdown with every include line replaced by a fenced block of the named file (repo-relative). */
export function expandIncludes(markdown, root = ROOT) {
  return markdown.replace(INCLUDE, (_line, file) => {
    const text = readFileSync(path.join(root, file), 'utf8').replace(/\s+$/, '');
    const language = /\.ya?ml$/.test(file) ? 'yaml' : '';
    return `\`${file}\`:\n\n\`\`\`${language}\n${text}\n\`\`\``;
  });
}

export function generatedSections(root = ROOT) {
  const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8'));
  const doc = (name) => expandIncludes(readFileSync(path.join(root, 'docs', `${name}.md`), 'utf8').trim(), root);
  return {
    inputs: { source: 'action.yml', body: inputsTable(action) },
    outputs: { source: 'action.yml', body: outputsTable(action) },
    'usage-examples': { source: 'docs/usage-examples.md and examples/', body: doc('usage-examples') },
    troubleshooting: { source: 'docs/troubleshooting.md', body: doc('troubleshooting') },
  };
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * README with each section's markers filled. Throws when a section's markers are missing or
 * repeated: silently skipping a section would let it go stale.
 */
export function fillReadme(readme, sections) {
  let result = readme;
  for (const [name, { source, body }] of Object.entries(sections)) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const pattern = new RegExp(`${escapeRegExp(begin)}[\\s\\S]*?${escapeRegExp(end)}`, 'g');
    const found = result.match(pattern)?.length ?? 0;
    if (found !== 1) throw new Error(`README must have exactly one "${begin}" … "${end}" block, found ${found}`);
    const note = `<!-- Generated from ${source} by scripts/readme-tables.mjs: edit the source, then run \`npm run docs\`. -->`;
    // A function replacement: `$` in the body must stay literal.
    result = result.replace(pattern, () => `${begin}\n${note}\n\n${body}\n\n${end}`);
  }
  return result;
}

/** The names of the sections whose content differs between two READMEs. */
function staleSections(current, wanted, sections) {
  return Object.keys(sections).filter((name) => {
    const block = new RegExp(`<!-- BEGIN GENERATED: ${escapeRegExp(name)} -->[\\s\\S]*?<!-- END GENERATED: ${escapeRegExp(name)} -->`);
    return current.match(block)?.[0] !== wanted.match(block)?.[0];
  });
}

function main(argv) {
  const check = argv.includes('--check');
  const option = (name) => (argv.includes(name) ? path.resolve(argv[argv.indexOf(name) + 1] ?? '') : undefined);
  const root = option('--root') ?? ROOT;
  const readmePath = option('--readme') ?? path.join(root, 'README.md');
  const current = readFileSync(readmePath, 'utf8');
  const sections = generatedSections(root);
  let wanted;
  try {
    wanted = fillReadme(current, sections);
  } catch (error) {
    console.error(`${readmePath}: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  if (wanted === current) {
    console.log(`${readmePath}: generated sections are up to date`);
    return;
  }
  if (check) {
    const stale = staleSections(current, wanted, sections);
    console.error(`${readmePath} is stale (${stale.join(', ') || 'generated sections'}): run \`npm run docs\` and commit the result.`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(readmePath, wanted);
  console.log(`${readmePath}: generated sections updated`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
