import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GateError } from '../../domain/gate-error.js';
import { areaOf, containedWritePath, escapeError, isInside, readContainedFile, type Area } from './contained-file.js';

/*
 * Before anything reads the pull request's files: every path an input names is resolved and
 * checked (see contained-file.ts), so a link out of the checkout is refused as an input-error
 * before Trivy, the engine or a report ever sees it.
 */

export interface InputFilePaths {
  workspace: string;
  runnerTemp: string;
  /** Absolute build context (plan.contextDir); undefined when nothing is built (mode: summary). */
  contextDir: string | undefined;
  /** Dockerfile relative to the context (plan.dockerfile). */
  dockerfile: string;
  policyFile: string;
  ignoreFile: string | undefined;
  baselineFile: string | undefined;
  sarifFile: string;
  auditLog: string | undefined;
  /** Air-gapped exploit data (kev-file, epss-file) and VEX documents (vex): read, so checked and copied too. */
  kevFile?: string | undefined;
  epssFile?: string | undefined;
  vexFiles?: readonly string[];
  /** A directory this run owns, where the checked ignore file is copied for Trivy. */
  stagingDir: string;
}

export interface CheckedInputFiles {
  /** The ignore file's checked bytes, copied where Trivy reads them (it never opens the original). */
  ignoreFile: string | undefined;
  /** Checked copies of kev-file, epss-file and each VEX file, in the order given. */
  kevFile: string | undefined;
  epssFile: string | undefined;
  vexFiles: string[];
}

/** Reads a checked file once and copies its bytes into the run's directory: nothing opens the original again. */
async function stageCopy(input: string, given: string, paths: InputFilePaths, workspace: Area, index = 0): Promise<string | undefined> {
  const bytes = await readContainedFile(input, given, paths.workspace, workspace);
  if (bytes === undefined) return undefined;
  const directory = path.join(paths.stagingDir, `${input}-${index}`);
  await mkdir(directory, { recursive: true });
  // The name is kept: Trivy and the feeds tell formats apart by extension (.yaml, .gz).
  const copy = path.join(directory, path.basename(given));
  await writeFile(copy, bytes);
  return copy;
}

export async function checkInputFiles(paths: InputFilePaths): Promise<CheckedInputFiles> {
  const workspace = await areaOf(paths.workspace, 'the workspace');

  const context = paths.contextDir === undefined ? undefined : await contextArea(paths.contextDir, paths.workspace, workspace);
  if (context !== undefined && paths.contextDir !== undefined) {
    const dockerfile = await readContainedFile('dockerfile', paths.dockerfile, paths.contextDir, context);
    if (dockerfile === undefined) {
      throw new GateError('input-error', `input 'dockerfile': ${paths.dockerfile} does not exist in the build context`, {
        remedy: 'for example: dockerfile: Dockerfile (a path relative to the context)',
      });
    }
    await readContainedFile('context', '.dockerignore', paths.contextDir, context);
  }

  await readContainedFile('policy-file', paths.policyFile, paths.workspace, workspace);
  if (paths.baselineFile !== undefined) await readContainedFile('baseline', paths.baselineFile, paths.workspace, workspace);

  let ignoreFile: string | undefined;
  if (paths.ignoreFile !== undefined) {
    const bytes = await readContainedFile('ignore-file', paths.ignoreFile, paths.workspace, workspace);
    if (bytes !== undefined) {
      const directory = path.join(paths.stagingDir, 'ignore-file');
      await mkdir(directory, { recursive: true });
      // The name is kept: Trivy tells a YAML ignore file from a plain one by its extension.
      ignoreFile = path.join(directory, path.basename(paths.ignoreFile));
      await writeFile(ignoreFile, bytes);
    }
  }

  await mkdir(paths.runnerTemp, { recursive: true });
  const written = [workspace, await areaOf(paths.runnerTemp, 'RUNNER_TEMP')];
  await containedWritePath('sarif-file', paths.sarifFile, paths.workspace, written);
  if (paths.auditLog !== undefined) await containedWritePath('audit-log', paths.auditLog, paths.workspace, written);
  const kevFile = paths.kevFile === undefined ? undefined : await stageCopy('kev-file', paths.kevFile, paths, workspace);
  const epssFile = paths.epssFile === undefined ? undefined : await stageCopy('epss-file', paths.epssFile, paths, workspace);
  const vexFiles: string[] = [];
  for (const [index, given] of (paths.vexFiles ?? []).entries()) {
    const copy = await stageCopy('vex', given, paths, workspace, index);
    // A missing VEX file is Trivy's to report, as before: pass the name on unchanged.
    vexFiles.push(copy ?? path.resolve(paths.workspace, given));
  }
  return { ignoreFile, kevFile, epssFile, vexFiles };
}

/** The context must resolve inside the workspace; undefined when it does not exist (the build reports that). */
async function contextArea(contextDir: string, base: string, workspace: Area): Promise<Area | undefined> {
  let context: Area;
  try {
    context = await areaOf(contextDir, 'the build context');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
  const given = path.relative(base, contextDir) || '.';
  if (!isInside(workspace, context.real, true)) throw escapeError('context', given, workspace.name);
  return context;
}
