import * as core from '@actions/core';
import { randomBytes } from 'node:crypto';
import { inertText, redactSecrets } from '../../domain/text-safety.js';

/*
 * The job log, for text the gate relays (RUN output, Trivy and registry messages, paths and
 * names from the pull request). A line the runner could take for a workflow command is
 * fenced with `::stop-commands::<token>` … `::<token>::`, the runner's own way of echoing
 * untrusted text; the token is random per run, so the text cannot know it and end the fence.
 * Annotations (core.warning, core.error) need no fence: @actions/core escapes their
 * line breaks, so their text stays one command's data.
 */
const STOP_TOKEN = `csg${randomBytes(16).toString('hex')}`;

const secrets: string[] = [];

/**
 * A secret to take out of every line and annotation, in any letter case. The runner masks
 * what core.setSecret registered, but only as registered: a tool that re-cases a secret
 * (or a runner that does not mask, like a local run) would print it.
 */
export function registerSecret(value: string): void {
  if (value !== '' && !secrets.includes(value)) secrets.push(value);
}

/** Text for the log or an annotation: secrets out, in any case. */
export function forLog(text: string): string {
  return redactSecrets(text, secrets, 3);
}

export function logInfo(line: string): void {
  core.info(inertText(forLog(line), STOP_TOKEN));
}

export function logWarning(line: string): void {
  core.warning(forLog(line));
}
