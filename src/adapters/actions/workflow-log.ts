import * as core from '@actions/core';
import { randomBytes } from 'node:crypto';
import { inertText } from '../../domain/text-safety.js';

/*
 * The job log, for text the gate relays (RUN output, Trivy and registry messages, paths and
 * names from the pull request). A line the runner could take for a workflow command is
 * fenced with `::stop-commands::<token>` … `::<token>::`, the runner's own way of echoing
 * untrusted text; the token is random per run, so the text cannot know it and end the fence.
 * Annotations (core.warning, core.error) need no fence: @actions/core escapes their
 * line breaks, so their text stays one command's data.
 */
const STOP_TOKEN = `csg${randomBytes(16).toString('hex')}`;

export function logInfo(line: string): void {
  core.info(inertText(line, STOP_TOKEN));
}
