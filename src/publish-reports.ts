import * as core from '@actions/core';
import { logInfo, logWarning } from './adapters/actions/workflow-log.js';
import { mkdir, open } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { areaOf, containedWritePath, writeFlags } from './adapters/files/contained-file.js';
import type { GitHubReporter } from './adapters/github/reporter.js';
import { auditLine } from './domain/audit-log.js';
import { branchFromRef, isPullRequestEvent, type GithubEventContext } from './domain/github-event.js';
import { WEEKLY_SUMMARY_MARKER } from './domain/render/markers.js';
import { redactSecrets, redactSecretsInChunks } from './domain/text-safety.js';
import { renderPullRequestComment } from './domain/render/pull-request-comment.js';
import type { ReportContext } from './domain/render/report-view.js';
import { htmlReportChunks } from './domain/render/html-report/html-report.js';
import { SARIF_MAX_RESULTS, sarifOmittedResults, sarifTextChunks } from './domain/render/sarif.js';
import { renderSecurityIssue } from './domain/render/security-issue.js';
import { renderSummary } from './domain/render/summary.js';
import { nextWeeklySummaryBody, WEEKLY_SUMMARY_TITLE } from './domain/render/weekly-summary.js';
import { secretValues, type Inputs } from './inputs.js';
import type { RunResult } from './pipeline.js';
import type { RunPlan } from './plan.js';
import { ACTION_VERSION } from './version.js';


export interface PublishRequest {
  inputs: Inputs;
  event: GithubEventContext;
  plan: RunPlan;
  result: RunResult;
  env?: Record<string, string | undefined>;
  /** Tests inject a reporter pointed at a local server; by default one is made from the inputs. */
  reporter?: GitHubReporter;
}

function reportContext(request: PublishRequest, workspace: string): ReportContext {
  const { inputs, event, plan, result } = request;
  const env = request.env ?? process.env;
  const runUrl = env.GITHUB_RUN_ID ? `${event.serverUrl}/${event.repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return {
    image: plan.image.name,
    ...(result.imageId && { imageId: result.imageId }),
    ...(result.pushed && { digest: result.pushed.digest, pushedReferences: result.pushed.references }),
    repository: event.repository,
    serverUrl: event.serverUrl,
    commitSha: event.sha,
    contextPath: relative(workspace, plan.contextDir) || '.',
    ...(runUrl && { runUrl }),
    scanners: inputs.scanners,
    secrets: secretValues(inputs),
  };
}

/** A report that could not be written is a warning: the gate has already decided. */
async function attempt(what: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    logWarning(`${what} was not written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Bytes gathered into one write of a report written piece by piece. */
const WRITE_BATCH = 1 << 20;

/** Written only inside the workspace or RUNNER_TEMP, never through a link (see contained-file.ts). */
async function writeReportFile(input: string, given: string, workspace: string, env: Record<string, string | undefined>, text: string | Iterable<string>, append: boolean): Promise<void> {
  const runnerTemp = env.RUNNER_TEMP ?? '/tmp';
  await mkdir(runnerTemp, { recursive: true });
  const areas = [await areaOf(workspace, 'the workspace'), await areaOf(runnerTemp, 'RUNNER_TEMP')];
  const target = await containedWritePath(input, given, workspace, areas);
  const handle = await open(target, writeFlags(append), 0o644);
  try {
    if (typeof text === 'string') await handle.writeFile(text);
    // Piece by piece, rendered as it is written: a 50,000-finding SARIF log is never one string in memory.
    else {
      // The next pieces are rendered while the last ones are being written (one write at a time, in
      // order), gathered into writes of about WRITE_BATCH bytes: each write waits for the thread
      // pool, and a few hundred small ones left the main thread idle for tens of milliseconds. The
      // pieces go out as they are (writev), not joined: a joined megabyte would be a string in V8's
      // large-object space, kept until the next full collection, and raise the run's peak memory.
      let writing: Promise<unknown> = Promise.resolve();
      let batch: Buffer[] = [];
      let batched = 0;
      try {
        for (const chunk of text) {
          const bytes = Buffer.from(chunk, 'utf8');
          batch.push(bytes);
          batched += bytes.length;
          if (batched < WRITE_BATCH && batch.length < 256) continue;
          await writing;
          writing = handle.writev(batch);
          batch = [];
          batched = 0;
        }
        await writing;
        if (batch.length > 0) await handle.writev(batch);
      } catch (error) {
        await writing.catch(() => undefined);
        // Rendering failed half-way: leave an empty file rather than half a report a later step could read.
        await handle.truncate(0);
        throw error;
      }
    }
  } finally {
    await handle.close();
  }
}

/** Octokit is loaded only for runs that talk to GitHub. */
async function openGitHubReporter(token: string, repository: string, baseUrl: string | undefined): Promise<GitHubReporter> {
  const { createGitHubReporter } = await import('./adapters/github/octokit-reporter.js');
  return createGitHubReporter({ token, repository, ...(baseUrl && { baseUrl }) });
}

function isDefaultBranchRun(event: GithubEventContext): boolean {
  const branch = branchFromRef(event.ref);
  return branch !== undefined && branch === event.defaultBranch && !isPullRequestEvent(event.eventName);
}

/** The report files written, for the outputs. */
export interface PublishedReports {
  sarif: string | undefined;
  htmlReport: string | undefined;
}

const HTML_REPORT_NAME = 'report.html';

/** The DB build time the scans used (prepared once per run), as an ISO time for the HTML report. */
function isoTime(value: string | undefined): string | undefined {
  return value !== undefined && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
}

/** report.html sits next to the SARIF file, so an artifact of that folder carries both. */
export function htmlReportPath(sarifFile: string): string {
  // Not path.resolve(…, 'report.html'): ncc would take that for an asset of the bundle and relocate it.
  const folder = dirname(resolve(sarifFile));
  return `${folder}${folder.endsWith(sep) ? '' : sep}${HTML_REPORT_NAME}`;
}

/**
 * Decision → job summary, SARIF, HTML report, audit log, PR comment or security issue, weekly
 * summary. Returns the report paths. Nothing here can change the verdict.
 */
export async function publishReports(request: PublishRequest): Promise<PublishedReports> {
  const { inputs, event, plan, result } = request;
  const env = request.env ?? process.env;
  const decision = result.decision;
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const context = reportContext(request, workspace);
  let summary = renderSummary(decision, context);

  // Where every finding is, when SARIF holds only the most severe.
  const fullListIn = [...(inputs.auditLog ? ['the audit log'] : []), ...(inputs.htmlReport ? ['report.html'] : []), "the job summary's counts"];
  let sarifPath: string | undefined;
  await attempt('SARIF report', async () => {
    const sarif = sarifTextChunks(
      decision,
      {
        contextPath: context.contextPath ?? '.',
        dockerfilePath: relative(workspace, resolve(plan.contextDir, plan.dockerfile)),
        imageName: plan.image.name,
        ...(result.pushed && { imageDigest: result.pushed.digest }),
        toolVersion: ACTION_VERSION,
        ...(result.trivyVersion && { trivyVersion: result.trivyVersion }),
        fullListIn,
      },
      // Tool text (finding titles, paths) may quote a secret in any letter case.
      context.secrets,
    );
    // Written as it is rendered, one rule or result at a time: never the whole log in memory.
    await writeReportFile('sarif-file', inputs.sarifFile, workspace, env, sarif, false);
    sarifPath = inputs.sarifFile;
    const omitted = sarifOmittedResults(decision);
    if (omitted > 0) {
      // With neither file written, the rest are only counted: say how to have them listed.
      const listThem = inputs.auditLog || inputs.htmlReport ? '' : ' To have each of them listed, set audit-log or leave html-report on.';
      logWarning(`SARIF: ${inputs.sarifFile} lists the ${SARIF_MAX_RESULTS} most severe findings (blocking first); ${omitted} more are in ${fullListIn.join(', ')}.${listThem} Code scanning rejects more than 25,000 results per run and keeps 5,000.`);
    }
  });

  let htmlPath: string | undefined;
  if (inputs.htmlReport) await attempt('HTML report', async () => {
    const file = htmlReportPath(inputs.sarifFile);
    // Already read when the DB was prepared; undefined when no scan used it (no `vuln` scanner, trivy-server).
    const updated = isoTime(decision.database?.updatedAt ?? result.database?.updatedAt);
    const html = htmlReportChunks(decision, {
      ...context,
      ...(result.trivyVersion && { trivyVersion: result.trivyVersion }),
      ...(updated && { dbUpdatedAt: updated }),
      gateVersion: ACTION_VERSION,
    });
    // Next to the SARIF file, under the same rules: inside the workspace or RUNNER_TEMP, never through a link.
    // Written piece by piece: the embedded findings of a big run are never one string.
    await writeReportFile('sarif-file', file, workspace, env, redactSecretsInChunks(html, context.secrets), false);
    htmlPath = file;
  });

  if (inputs.auditLog) {
    const file = inputs.auditLog;
    await attempt(`audit log ${file}`, async () => {
      const line = auditLine(decision, { time: decision.evaluatedAt, image: plan.image.name, ...(result.pushed && { digest: result.pushed.digest }), ...(context.runUrl && { runUrl: context.runUrl }) });
      await writeReportFile('audit-log', file, workspace, env, `${redactSecrets(line, context.secrets)}\n`, true);
    });
  }

  const skipped: string[] = [];
  const reporter = request.reporter ?? (inputs.githubToken ? await openGitHubReporter(inputs.githubToken, event.repository, env.GITHUB_API_URL) : undefined);
  const warn = (warnings: readonly string[]): void => warnings.forEach((w) => logWarning(w));

  if (inputs.mode === 'summary') {
    if (!reporter) skipped.push('the weekly summary issue (no github-token)');
    else {
      const outcome = await reporter.syncWeeklySummary({
        label: inputs.issueLabel,
        title: WEEKLY_SUMMARY_TITLE,
        marker: WEEKLY_SUMMARY_MARKER,
        render: (previous) => nextWeeklySummaryBody(previous, [{ image: plan.image.name, counts: decision.counts.total }], { now: decision.evaluatedAt, ...(context.runUrl && { runUrl: context.runUrl }) }),
      });
      warn(outcome.warnings);
      if (outcome.issueUrl) logInfo(`weekly summary: ${outcome.outcome} ${outcome.issueUrl}`);
    }
  } else if (isPullRequestEvent(event.eventName) && inputs.prComment && event.prNumber !== undefined) {
    const content = renderPullRequestComment(decision, context);
    if (!reporter) skipped.push('the pull request comment (no github-token)');
    else {
      const outcome = await reporter.upsertPullRequestComment({ pullNumber: event.prNumber, content });
      warn(outcome.warnings);
      if (outcome.outcome === 'fallback') {
        if (outcome.notice) core.notice(outcome.notice);
        summary += `\n\n---\n\n> ${outcome.notice ?? 'The pull request comment could not be written.'}\n\n${content.body}`;
      } else if (outcome.commentUrl) logInfo(`pull request comment ${outcome.outcome}: ${outcome.commentUrl}`);
    }
  } else if (isDefaultBranchRun(event) && inputs.createIssue) {
    const content = renderSecurityIssue(decision, context);
    if (!reporter) skipped.push('the security issue (no github-token)');
    else if (content.action !== 'skip') {
      const outcome = await reporter.syncSecurityIssue({ label: inputs.issueLabel, content });
      warn(outcome.warnings);
      if (outcome.issueUrl) logInfo(`security issue ${outcome.outcome}: ${outcome.issueUrl}`);
    }
  }
  if (env.GITHUB_STEP_SUMMARY) {
    await attempt('job summary', () => core.summary.addRaw(summary, true).write().then(() => undefined));
  } else {
    skipped.push('the job summary (GITHUB_STEP_SUMMARY is not set)');
  }
  if (skipped.length > 0) {
    // act and local runs have no token: say what was not done instead of failing.
    core.notice(`Skipped ${skipped.join(' and ')}. The verdict is not affected.`);
  }
  return { sarif: sarifPath, htmlReport: htmlPath };
}
