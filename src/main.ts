import * as core from '@actions/core';
import { forLog, logInfo, logWarning, registerSecret } from './adapters/actions/workflow-log.js';
import { readFile } from 'node:fs/promises';
import { toGateError } from './domain/gate-error.js';
import { eventContextFrom, type GithubEventContext } from './domain/github-event.js';
import { errorDecision, type Decision } from './domain/policy/decision.js';
import { secretForms } from './domain/text-safety.js';
import { readInputs, secretLines, secretValues, urlCredentials, type Inputs, type InputName } from './inputs.js';
import { runGate, type PipelinePorts, type RunResult } from './pipeline.js';
import { runPlatformsGate } from './platforms-gate.js';
import { runSummary } from './published-summary.js';
import { planRun, type RunPlan } from './plan.js';
import { actionOutputs } from './outputs.js';

async function readEventPayload(path: string | undefined): Promise<unknown> {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    // A missing or unreadable event file only loses event details; eventContextFrom says what it lacks.
    return {};
  }
}

/**
 * Masks a secret as given and in upper and lower case (and URL/base64-encoded): tools re-case
 * what they quote, and the runner's masking only matches exactly.
 */
function maskSecret(value: string): void {
  if (value === '') return;
  registerSecret(value);
  // Re-cased forms of a very short value would mask common text and protect nothing.
  const forms = value.trim().length < 3 ? [value] : [value, ...secretForms(value.trim())];
  for (const form of new Set(forms)) core.setSecret(form);
}

/**
 * The one place that reads inputs, sets outputs and fails the step.
 * Data flows one way: inputs → plan → steps → decision → reports → outputs.
 */
export async function run(): Promise<void> {
  const env = process.env;
  let inputs: Inputs | undefined;
  let event: GithubEventContext | undefined;
  let plan: RunPlan | undefined;
  let ports: PipelinePorts | undefined;
  let result: RunResult;
  try {
    // Raw secret inputs are masked even before they are parsed: an input error must not be
    // the one message that prints them.
    for (const name of ['registry-password', 'github-token', 'trivy-server-token', 'attest-key-password'] as const) maskSecret(core.getInput(name));
    for (const credential of urlCredentials(core.getInput('trivy-server'))) maskSecret(credential);
    for (const line of secretLines(core.getInput('attest-key'))) maskSecret(line);
    inputs = readInputs((name: InputName) => core.getInput(name), {
      repository: env.GITHUB_REPOSITORY,
      actor: env.GITHUB_ACTOR,
      runnerTemp: env.RUNNER_TEMP ?? '/tmp',
      env,
    });
    // Masked before anything else runs, so no later log line can carry them.
    for (const secret of secretValues(inputs)) maskSecret(secret);
    event = eventContextFrom(env, await readEventPayload(env.GITHUB_EVENT_PATH));
    plan = planRun(inputs, event, { workspace: env.GITHUB_WORKSPACE ?? process.cwd(), now: new Date() });
    logInfo(`image ${plan.image.name}, tags ${plan.tags.join(', ')}; ${plan.push.why}`);
    // The adapters (dockerode, Trivy, the cache service) load only once the inputs are known
    // to be good: an input error is reported without paying for them.
    const { createLivePorts } = await import('./live-ports.js');
    ports = createLivePorts(inputs, plan);
    if (inputs.mode === 'summary') result = await runSummary(inputs, plan, ports);
    else if (inputs.platforms.length > 0) result = await runPlatformsGate(inputs, plan, ports);
    else result = await runGate(inputs, plan, ports);
  } catch (error) {
    result = {
      decision: errorDecision(toGateError(error)),
      imageId: undefined,
      trivyVersion: undefined,
      pushed: undefined,
      reports: { filesystem: undefined, image: undefined },
    };
  }

  const decision: Decision = result.decision;
  // Nothing past the decision reads the raw Trivy reports (the findings are in it), and on a
  // report of tens of thousands of findings they are most of the heap: let them go before
  // the reports are rendered.
  result = { ...result, reports: { filesystem: undefined, image: undefined } };
  let sarifPath: string | undefined;
  let htmlReportPath: string | undefined;
  if (inputs && event && plan) {
    try {
      const { publishReports } = await import('./publish-reports.js');
      ({ sarif: sarifPath, htmlReport: htmlReportPath } = await publishReports({ inputs, event, plan, result }));
    } catch (error) {
      // Reports never change the verdict; the outputs below must still be set.
      logWarning(`reports were not published: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  if (inputs && !inputs.keepReports && ports?.removeRawReports) {
    try {
      await ports.removeRawReports();
    } catch (error) {
      core.warning(`Trivy's raw reports could not be deleted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  for (const [name, value] of Object.entries(actionOutputs({ decision, plan, result, sarifPath, htmlReportPath }))) {
    core.setOutput(name, value);
  }

  if (decision.verdict === 'pass') {
    logInfo(`✅ ${decision.summary}`);
    return;
  }
  if (decision.error) {
    const { reason, message, remedy, details } = decision.error;
    // One annotation for the tool output: GitHub shows only the first 10 per step, and the
    // verdict below must be among them.
    if (details.length > 0) core.error(forLog(details.join('\n')), { title: `tool output (${reason})` });
    core.setFailed(forLog(`verdict error (${reason}): ${message}${remedy ? `\n  → ${remedy}` : ''}`));
    return;
  }
  core.setFailed(forLog(`verdict ${decision.verdict} (${decision.reason}): ${decision.summary}`));
}
