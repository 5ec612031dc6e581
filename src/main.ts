import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { toGateError } from './domain/gate-error.js';
import { eventContextFrom, type GithubEventContext } from './domain/github-event.js';
import { errorDecision, type Decision } from './domain/policy/decision.js';
import { readInputs, secretLines, secretValues, type Inputs, type InputName } from './inputs.js';
import { runGate, runPublishedScan, type RunResult } from './pipeline.js';
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
 * The one place that reads inputs, sets outputs and fails the step.
 * Data flows one way: inputs → plan → steps → decision → reports → outputs.
 */
export async function run(): Promise<void> {
  const env = process.env;
  let inputs: Inputs | undefined;
  let event: GithubEventContext | undefined;
  let plan: RunPlan | undefined;
  let result: RunResult;
  try {
    // Raw secret inputs are masked even before they are parsed: an input error must not be
    // the one message that prints them.
    for (const name of ['registry-password', 'github-token', 'attest-key-password'] as const) {
      const value = core.getInput(name);
      if (value) core.setSecret(value);
    }
    for (const line of secretLines(core.getInput('attest-key'))) core.setSecret(line);
    inputs = readInputs((name: InputName) => core.getInput(name), {
      repository: env.GITHUB_REPOSITORY,
      actor: env.GITHUB_ACTOR,
      runnerTemp: env.RUNNER_TEMP ?? '/tmp',
      env,
    });
    // Masked before anything else runs, so no later log line can carry them.
    for (const secret of secretValues(inputs)) core.setSecret(secret);
    event = eventContextFrom(env, await readEventPayload(env.GITHUB_EVENT_PATH));
    plan = planRun(inputs, event, { workspace: env.GITHUB_WORKSPACE ?? process.cwd(), now: new Date() });
    core.info(`image ${plan.image.name}, tags ${plan.tags.join(', ')}; ${plan.push.why}`);
    // The adapters (dockerode, Trivy, the cache service) load only once the inputs are known
    // to be good: an input error is reported without paying for them.
    const { createLivePorts } = await import('./live-ports.js');
    const ports = createLivePorts(inputs, plan);
    result = inputs.mode === 'summary' ? await runPublishedScan(inputs, plan, ports) : await runGate(inputs, plan, ports);
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
  let sarifPath: string | undefined;
  let htmlReportPath: string | undefined;
  if (inputs && event && plan) {
    try {
      const { publishReports } = await import('./publish-reports.js');
      ({ sarif: sarifPath, htmlReport: htmlReportPath } = await publishReports({ inputs, event, plan, result }));
    } catch (error) {
      // Reports never change the verdict; the outputs below must still be set.
      core.warning(`reports were not published: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  for (const [name, value] of Object.entries(actionOutputs({ decision, plan, result, sarifPath, htmlReportPath }))) {
    core.setOutput(name, value);
  }

  if (decision.verdict === 'pass') {
    core.info(`✅ ${decision.summary}`);
    return;
  }
  if (decision.error) {
    const { reason, message, remedy, details } = decision.error;
    // One annotation for the tool output: GitHub shows only the first 10 per step, and the
    // verdict below must be among them.
    if (details.length > 0) core.error(details.join('\n'), { title: `tool output (${reason})` });
    core.setFailed(`verdict error (${reason}): ${message}${remedy ? `\n  → ${remedy}` : ''}`);
    return;
  }
  core.setFailed(`verdict ${decision.verdict} (${decision.reason}): ${decision.summary}`);
}
