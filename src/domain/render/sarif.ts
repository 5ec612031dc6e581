import type { Finding, FindingKind } from '../findings.js';
import type { Decision, FindingEvaluation } from '../policy/decision.js';
import { severityRank, type Severity } from '../severity.js';
import { describeSuppressionSource, type Suppression } from '../suppressed-findings.js';
import { capText, jsonMayHoldSecret, redactDeep, redactSecrets, stripControls, stripControlsDeep } from '../text-safety.js';
import { code, link, safeUrl, text } from './markdown.js';
import { findingFile, repositoryPath } from './report-view.js';

/*
 * SARIF 2.1.0 for github/codeql-action/upload-sarif, modelled on Trivy's own SARIF writer
 * (pkg/report/sarif.go): one rule per finding ID, `level` and `security-severity` from the
 * severity, one result per finding.
 *
 * Locations. Code scanning needs a physicalLocation in the repository for every result:
 * - build-context findings are files: the context path joined with Trivy's target
 *   (`services/api` + `package-lock.json`), with the finding's lines when it has them;
 * - image findings live in layers, not in the repository, so they are anchored to the
 *   Dockerfile that built the image (line 1) — the file a developer changes to fix them — and
 *   carry a logicalLocation naming the image, the target and the package.
 * Trivy itself writes the image name as the artifact URI, which code scanning cannot map.
 *
 * Alerts are kept apart by `partialFingerprints` built from the finding's identity key: many
 * image findings share the Dockerfile's first line, and the line-hash code scanning would
 * compute on its own would merge them.
 */

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SARIF_TOOL_NAME = 'container-security-gate';
const FINGERPRINT_KEY = 'containerSecurityGate/v1';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifOptions {
  /** The build context, relative to the repository root (`.` for the root). */
  contextPath: string;
  /** The Dockerfile image findings are anchored to, relative to the repository root; default `<contextPath>/Dockerfile`. */
  dockerfilePath?: string;
  /** The image repository, e.g. `ghcr.io/acme/app`. */
  imageName: string;
  imageDigest?: string;
  /** This action's version (the SARIF tool's version). */
  toolVersion: string;
  trivyVersion?: string;
  /** Where the run lists every finding (the audit log, report.html…), for the note on results left out. */
  fullListIn?: readonly string[];
}

// A minimal SARIF model: just what this writer emits (the tests validate it against the schema).
interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  helpUri?: string;
  help: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; precision: string; 'security-severity': string };
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string };
    region: { startLine: number; endLine: number; startColumn: number; endColumn: number };
  };
  message: { text: string };
  logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
  properties: Record<string, string>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; fullName: string; version: string; informationUri: string; rules: SarifRule[] } };
    automationDetails: { id: string };
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
    properties: Record<string, string>;
  }[];
}

/** Trivy's mapping (toSarifErrorLevel). */
export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'CRITICAL' || severity === 'HIGH') return 'error';
  if (severity === 'MEDIUM') return 'warning';
  return 'note';
}

/**
 * Trivy's rule (pkg/report/sarif.go): the CVSS v3 score of the source the severity came from
 * (`CVSS[SeveritySource].V3Score`, when non-zero; see collect-findings) when the finding has one
 * and its severity is the one judged, else Trivy's fixed score for the severity
 * (severityToScore), which lands in GitHub's buckets: critical ≥ 9.0, high 7.0–8.9,
 * medium 4.0–6.9, low 0.1–3.9.
 */
export function securitySeverity(severity: Severity, cvssScore?: number): string {
  if (cvssScore !== undefined) return cvssScore.toFixed(1);
  return { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '2.0', UNKNOWN: '0.0' }[severity];
}

const RULE_NAME: Record<FindingKind, string> = {
  vulnerability: 'LanguageSpecificPackageVulnerability',
  secret: 'Secret',
  misconfiguration: 'Misconfiguration',
  license: 'License',
};

/**
 * One rule per check: a license rule is the package's license (as Trivy names it,
 * `PkgName:License`); a check without metadata (ID `N/A`) is named by its namespace.
 */
function ruleIdOf(finding: Finding): string {
  if (finding.kind === 'license') return `${finding.packageName ?? finding.filePath ?? ''}:${finding.id}`;
  if (finding.kind === 'misconfiguration' && finding.id === 'N/A' && finding.namespace) return finding.namespace;
  return finding.id;
}

function ruleName(finding: Finding): string {
  return finding.kind === 'vulnerability' && finding.targetClass === 'os-pkgs' ? 'OsPackageVulnerability' : RULE_NAME[finding.kind];
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Plain SARIF text from report fields: no controls (bidi overrides), no endless values. */
function plain(value: string | undefined, max = 200): string {
  return capText(stripControls(value ?? ''), max);
}

/** `Link: [ID](url)` only for an http(s) URL: code scanning renders message links. */
function linkLine(finding: Finding): string[] {
  const url = safeUrl(finding.url);
  return url ? [`Link: [${plain(finding.id, 80).replace(/[[\]]/g, '')}](${url})`] : [];
}

function describe(finding: Finding, severity: Severity): string {
  switch (finding.kind) {
    case 'vulnerability':
      return [
        `Package: ${plain(finding.packageName)}`,
        `Installed Version: ${plain(finding.installedVersion)}`,
        `Vulnerability ${plain(finding.id, 80)}`,
        `Severity: ${severity}`,
        `Fixed Version: ${plain(finding.fixedVersion)}`,
        ...linkLine(finding),
      ].join('\n');
    case 'secret':
      // Never the matched text: the finding does not carry it, and the message must not either.
      return `Secret ${plain(finding.id, 80)}: ${plain(finding.title)}${finding.category ? ` (${plain(finding.category)})` : ''}\nSeverity: ${severity}\nRemove it from the build context and rotate it.`;
    case 'misconfiguration':
      return [`Misconfiguration ${plain(finding.id, 80)}: ${plain(finding.title)}`, `Severity: ${severity}`, ...linkLine(finding)].join('\n');
    case 'license':
      return [
        `License ${plain(finding.id, 80)}`,
        `Classification: ${plain(finding.category ?? 'unknown')}`,
        `Package: ${plain(finding.packageName)}`,
        `Path: ${plain(finding.filePath ?? finding.packagePath ?? finding.target, 300)}`,
        `Severity: ${severity}`,
        ...(finding.confidence !== undefined ? [`Confidence: ${finding.confidence}`] : []),
      ].join('\n');
  }
}

function where(finding: Finding): string {
  if (finding.targetClass === 'os-pkgs') return `OS packages${finding.targetType ? ` (${finding.targetType})` : ''}`;
  return finding.packagePath || finding.target;
}

function location(finding: Finding, options: SarifOptions): SarifLocation {
  const file = findingFile(finding, options.contextPath);
  const line = finding.startLine && finding.startLine > 0 ? finding.startLine : 1;
  const endLine = finding.endLine && finding.endLine >= line ? finding.endLine : line;
  const item = plain(finding.packageName ? `${finding.packageName}@${finding.installedVersion ?? ''}` : finding.id);
  if (file !== undefined) {
    return {
      physicalLocation: { artifactLocation: { uri: encodePath(file) }, region: { startLine: line, endLine, startColumn: 1, endColumn: 1 } },
      message: { text: `${plain(file, 300)}: ${item}` },
    };
  }
  const dockerfile = options.dockerfilePath ? repositoryPath('.', options.dockerfilePath) : repositoryPath(options.contextPath, 'Dockerfile');
  const inImage = where(finding);
  const scopeName = finding.scope === 'image' ? `${options.imageName}${finding.platform ? ` (${finding.platform})` : ''}` : 'build context';
  return {
    physicalLocation: { artifactLocation: { uri: encodePath(dockerfile) }, region: { startLine: 1, endLine: 1, startColumn: 1, endColumn: 1 } },
    message: { text: `${plain(scopeName)}: ${plain(inImage, 300)}: ${item}` },
    logicalLocations: [
      {
        name: finding.packageName ?? inImage,
        fullyQualifiedName: `${scopeName}${finding.scope === 'image' && options.imageDigest ? `@${options.imageDigest}` : ''}//${inImage}//${item}`,
        kind: finding.packageName ? 'module' : 'resource',
      },
    ],
  };
}

/** Escaped like the job summary: no raw HTML, only http(s) links, no live references, capped cells. */
function helpMarkdown(finding: Finding, severity: Severity): string {
  const id = link(code(finding.id), finding.url);
  if (finding.kind === 'vulnerability') {
    const cells = [severity, finding.packageName ? code(finding.packageName) : '', finding.fixedVersion ? code(finding.fixedVersion) : '', id];
    return `**Vulnerability ${code(finding.id)}**\n| Severity | Package | Fixed Version | Link |\n| --- | --- | --- | --- |\n|${cells.join('|')}|\n\n${text(finding.title)}`;
  }
  if (finding.kind === 'license') {
    const cells = [severity, finding.packageName ? code(finding.packageName) : '', finding.category ? code(finding.category) : '', code(finding.filePath ?? finding.target)];
    return `**License ${code(finding.id)}**\n| Severity | Package | Classification | Path |\n| --- | --- | --- | --- |\n|${cells.join('|')}|`;
  }
  return `**${finding.kind === 'secret' ? 'Secret' : 'Misconfiguration'} ${code(finding.id)}**\n| Severity | Title | Link |\n| --- | --- | --- |\n|${severity}|${text(plain(finding.title))}|${id}|`;
}

interface Entry {
  finding: Finding;
  evaluation: FindingEvaluation | undefined;
  /** Suppressed outside the policy file (ignore file, VEX): listed as a suppressed result. */
  suppression?: Suppression;
}

/**
 * Code scanning rejects a run of more than 25,000 results and stores only the top 5,000 by
 * severity; a 50,000-finding SARIF file is also far over its 10 MB (gzipped) upload limit. So
 * the file holds at most this many results: blocking findings first, then by severity, then in
 * report order. The rest are counted in the run's `omittedResults` property and said in the
 * log, with the places this run lists every finding (the audit log and report.html when they
 * are written; the job summary's counts always).
 */
export const SARIF_MAX_RESULTS = 5_000;

const STATUS_PRIORITY: Partial<Record<string, number>> = { blocking: 0, counted: 1, reported: 1 };

/** The entries the SARIF file lists, in report order, and how many were left out. */
function listedEntries(input: Decision | readonly Finding[]): { entries: Entry[]; omitted: number } {
  if (!Array.isArray(input)) return listedDecisionEntries(input as Decision);
  const all = entriesOf(input);
  if (all.length <= SARIF_MAX_RESULTS) return { entries: all, omitted: 0 };
  const ranks = all.map((entry) => rankOf(entry.evaluation?.status, judgedSeverity(entry)));
  const entries: Entry[] = [];
  const keep = keeper(ranks);
  for (let i = 0; i < all.length; i++) if (keep(ranks[i]!)) entries.push(all[i]!);
  return { entries, omitted: all.length - entries.length };
}

/** An entry's place in the cut (lower is kept first): blocking, then reported, then the rest; most severe first within each. */
function rankOf(status: string | undefined, severity: Severity): number {
  return (STATUS_PRIORITY[status ?? ''] ?? 2) * 10 - severityRank(severity);
}

/**
 * Whether each entry, asked in report order, is among the first SARIF_MAX_RESULTS by (rank,
 * report order). Ranks are a few small integers, so they are counted instead of sorted: every
 * entry below the cut-off rank is kept, and the earliest ones of the cut-off rank fill what room
 * is left.
 */
function keeper(ranks: readonly number[]): (rank: number) => boolean {
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  let room = SARIF_MAX_RESULTS;
  let cutoff = -Infinity;
  for (const r of [...counts.keys()].sort((a, b) => a - b)) {
    cutoff = r;
    if (counts.get(r)! >= room) break;
    room -= counts.get(r)!;
  }
  return (rank) => {
    if (rank < cutoff) return true;
    if (rank !== cutoff || room === 0) return false;
    room -= 1;
    return true;
  };
}

/**
 * `listedEntries` of a decision: past the cap, the evaluations are ranked where they are and
 * entries are made only for those kept (a run of 50,000 findings keeps 5,000).
 */
function listedDecisionEntries(decision: Decision): { entries: Entry[]; omitted: number } {
  const suppressed = decision.suppressed ?? [];
  if (sarifOmittedResults(decision) === 0) return { entries: entriesOf(decision), omitted: 0 };
  // The order of entriesOf: the evaluations that are not passed checks, then the suppressed findings.
  const ranks: number[] = [];
  for (const e of decision.findings) if (e.status !== 'not-failed') ranks.push(rankOf(e.status, e.effectiveSeverity));
  for (const { finding } of suppressed) ranks.push(rankOf(undefined, finding.severity));
  const keep = keeper(ranks);
  const entries: Entry[] = [];
  let i = 0;
  for (const evaluation of decision.findings) {
    if (evaluation.status !== 'not-failed' && keep(ranks[i++]!)) entries.push({ finding: evaluation.finding, evaluation });
  }
  for (const { finding, suppression } of suppressed) if (keep(ranks[i++]!)) entries.push({ finding, evaluation: undefined, suppression });
  return { entries, omitted: ranks.length - entries.length };
}

/** How many findings the SARIF file leaves out (see SARIF_MAX_RESULTS); counted, not listed. */
export function sarifOmittedResults(input: Decision | readonly Finding[]): number {
  let listed: number;
  if (Array.isArray(input)) listed = input.length;
  else {
    const decision = input as Decision;
    listed = (decision.suppressed ?? []).length;
    for (const evaluation of decision.findings) if (evaluation.status !== 'not-failed') listed++;
  }
  return Math.max(0, listed - SARIF_MAX_RESULTS);
}

function entriesOf(input: Decision | readonly Finding[]): Entry[] {
  if (Array.isArray(input)) return (input as readonly Finding[]).map((finding) => ({ finding, evaluation: undefined }));
  // PASS/EXCEPTION misconfiguration checks are not problems; everything else is listed, so code
  // scanning shows what the gate saw (excepted and suppressed findings as suppressed results).
  const decision = input as Decision;
  // sarifOmittedResults counts by the same rule.
  const entries: Entry[] = decision.findings.filter((e) => e.status !== 'not-failed').map((evaluation) => ({ finding: evaluation.finding, evaluation }));
  for (const { finding, suppression } of decision.suppressed ?? []) entries.push({ finding, evaluation: undefined, suppression });
  return entries;
}

function suppressionsOf(entry: Entry): SarifResult['suppressions'] {
  const { evaluation, suppression } = entry;
  if (evaluation?.status === 'excepted') {
    const justification = evaluation.exception ? `${evaluation.exception.reason} (until ${evaluation.exception.expires})` : 'policy exception';
    return [{ kind: 'external', status: 'accepted', justification }];
  }
  if (suppression !== undefined) {
    const why = [suppression.statement, suppression.justification].filter(Boolean).join(' — ');
    return [{ kind: 'external', status: 'accepted', justification: `${describeSuppressionSource(suppression)} (${suppression.status})${why ? `: ${why}` : ''}` }];
  }
  return undefined;
}

/**
 * One rule per check, from a first pass over every entry: the first finding of an ID describes
 * the rule, and the rule carries the highest severity any of its findings has.
 */
interface RuleSummary {
  id: string;
  first: Finding;
  /** The severity of `first`, which its help text names. */
  firstSeverity: Severity;
  /** The highest severity of its findings, and the CVSS score of the first finding that had it. */
  severity: Severity;
  score: number | undefined;
  /** Some finding of the rule is in the KEV catalog. */
  knownExploited: boolean;
}

interface RuleTable {
  rules: RuleSummary[];
  /** The rule index of each entry, in entry order. */
  indexes: number[];
}

function judgedSeverity(entry: Entry): Severity {
  return entry.evaluation?.effectiveSeverity ?? entry.finding.severity;
}

/** A CVSS score describes the reported severity; an UNKNOWN judged as HIGH keeps the fallback. */
function scoreOf(finding: Finding, severity: Severity): number | undefined {
  return severity === finding.severity ? finding.cvssScore : undefined;
}

function ruleTable(entries: readonly Entry[]): RuleTable {
  const rules: RuleSummary[] = [];
  const byId = new Map<string, number>();
  const indexes: number[] = new Array<number>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const { finding } = entries[i]!;
    const severity = judgedSeverity(entries[i]!);
    const id = ruleIdOf(finding);
    let index = byId.get(id);
    if (index === undefined) {
      index = rules.length;
      byId.set(id, index);
      rules.push({ id, first: finding, firstSeverity: severity, severity, score: scoreOf(finding, severity), knownExploited: false });
    } else {
      const rule = rules[index]!;
      if (severityRank(severity) > severityRank(rule.severity)) {
        rule.severity = severity;
        rule.score = scoreOf(finding, severity);
      }
    }
    // Known-exploited is a tag code scanning can filter on; the feed rows go on the result.
    if (finding.exploit?.kev) rules[index]!.knownExploited = true;
    indexes[i] = index;
  }
  return { rules, indexes };
}

function sarifRule(rule: RuleSummary): SarifRule {
  const { first: finding, firstSeverity } = rule;
  const title = plain(finding.title || finding.id);
  return {
    id: rule.id,
    name: ruleName(finding),
    shortDescription: { text: title },
    fullDescription: { text: title },
    ...(finding.url && /^https?:\/\//.test(finding.url) ? { helpUri: finding.url } : {}),
    help: { text: describe(finding, firstSeverity), markdown: helpMarkdown(finding, firstSeverity) },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags: [finding.kind, 'security', rule.severity, ...(rule.knownExploited ? ['known-exploited'] : [])],
      precision: 'very-high',
      'security-severity': securitySeverity(rule.severity, rule.score),
    },
  };
}

function sarifResult(entry: Entry, ruleId: string, ruleIndex: number, options: SarifOptions): SarifResult {
  const { finding, evaluation } = entry;
  const severity = judgedSeverity(entry);
  const exploit = finding.exploit;
  const properties: Record<string, string> = { scope: finding.scope, severity: finding.severity };
  const alsoIn = [...new Set((evaluation?.locations ?? []).slice(1).map((f) => f.scope))];
  if (alsoIn.length > 0) properties.alsoFoundIn = alsoIn.join(',');
  if (evaluation) properties.status = evaluation.status;
  if (entry.suppression) properties.status = 'suppressed';
  if (evaluation?.blockingRule) properties.blockingRule = evaluation.blockingRule;
  if (evaluation?.baseline) properties.baseline = evaluation.baseline;
  if (finding.platform) properties.platform = finding.platform;
  if (exploit?.kev) {
    properties.kev = 'true';
    properties.kevDateAdded = exploit.kev.dateAdded;
    if (exploit.kev.dueDate) properties.kevDueDate = exploit.kev.dueDate;
    properties.kevRansomware = String(exploit.kev.ransomware);
  }
  if (exploit?.epss) {
    properties.epss = String(exploit.epss.score);
    properties.epssPercentile = String(exploit.epss.percentile);
  }
  const suppressions = suppressionsOf(entry);
  return {
    ruleId,
    ruleIndex,
    level: sarifLevel(severity),
    message: { text: describe(finding, severity) },
    // The same problem in the build context and in the image: one result, each place a location.
    locations: (evaluation?.locations ?? [finding]).slice(0, 10).map((f) => location(f, options)),
    // One alert per platform: the same CVE in the amd64 and arm64 image is fixed separately.
    partialFingerprints: { [FINGERPRINT_KEY]: `${finding.scope}:${finding.platform ? `${finding.platform}:` : ''}${finding.key}` },
    ...(suppressions !== undefined && { suppressions }),
    properties,
  };
}

/** The log around the rules and results, which the callers fill in. */
function sarifLog(input: Decision | readonly Finding[], options: SarifOptions, rules: SarifRule[], results: SarifResult[], omitted: number): SarifLog {
  const runProperties: Record<string, string> = { imageName: options.imageName };
  if (omitted > 0) {
    const where = options.fullListIn?.length ? options.fullListIn.join(', ') : "the gate's other reports";
    runProperties.omittedResults = `${omitted} more findings (lower severity) are in ${where}: code scanning keeps at most ${SARIF_MAX_RESULTS} results per run`;
  }
  if (options.imageDigest) runProperties.imageDigest = options.imageDigest;
  const exploitData = Array.isArray(input) ? undefined : (input as Decision).exploitData;
  if (exploitData?.kev.status === 'loaded' && exploitData.kev.date) runProperties.kevCatalogDate = exploitData.kev.date;
  if (exploitData?.epss.status === 'loaded' && exploitData.epss.date) runProperties.epssScoreDate = exploitData.epss.date;
  if (options.trivyVersion) runProperties.trivyVersion = options.trivyVersion;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: SARIF_TOOL_NAME,
            fullName: 'Container Security Gate (Trivy findings)',
            version: options.toolVersion,
            informationUri: 'https://github.com/aquasecurity/trivy',
            rules,
          },
        },
        // One code scanning category per image: uploads for different images do not replace each other.
        automationDetails: { id: `${SARIF_TOOL_NAME}/${options.imageName}/` },
        columnKind: 'utf16CodeUnits',
        results,
        properties: runProperties,
      },
    ],
  };
}

/**
 * Renders a decision (or plain findings) as SARIF 2.1.0. With a decision the severity is the
 * one the policy judged (UNKNOWN as `unknown-severity`), and excepted findings are suppressed.
 */
export function renderSarif(input: Decision | readonly Finding[], options: SarifOptions): SarifLog {
  const { entries, omitted } = listedEntries(input);
  const { rules, indexes } = ruleTable(entries);
  const results = entries.map((entry, i) => sarifResult(entry, rules[indexes[i]!]!.id, indexes[i]!, options));
  // Nothing the pull request named (paths, package names) carries a bidi control into code scanning.
  return stripControlsDeep(sarifLog(input, options, rules.map(sarifRule), results, omitted));
}

/*
 * The same log as text, for the SARIF file: a run of 50,000 findings is a ~140 MB file, and
 * building it as objects, copying them to strip controls and again to redact, then writing them
 * took several times as long as reading Trivy's report. Here the rules and results are made,
 * written and dropped a batch at a time; only the small per-rule summary is held.
 */

/** JSON text that may hold something stripControls removes: a C0 control (written as an escape), DEL, C1 or a bidi control. */
const MAY_HOLD_CONTROLS = /\\[bfu]|[\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** The markers the rules and results arrays stand in for while the log around them is written; no stripped string can be one. */
const RULES_SLOT = '\u0000rules';
const RESULTS_SLOT = '\u0000results';
/** Rules or results serialised at once: one native JSON.stringify call each, and pieces small enough to be collected young. */
const BATCH = 48;

/**
 * The elements of a non-empty array as `JSON.stringify` writes them with indentation 2 when the
 * array's elements sit at indentation `pad`, without the brackets: `{…},\n<pad>{…}`. The array is
 * wrapped in as many arrays as it is deep, so the native serialiser indents it (no re-indenting pass).
 */
function elementsJson(values: readonly unknown[], pad: string): string {
  const depth = pad.length / 2;
  let wrapped: unknown = values;
  let open = '';
  let close = '';
  for (let level = 1; level <= depth; level++) {
    if (level < depth) wrapped = [wrapped];
    open += `[\n${' '.repeat(2 * level)}`;
    close = `\n${' '.repeat(2 * (level - 1))}]${close}`;
  }
  const json = JSON.stringify(wrapped, null, 2);
  return json.slice(open.length, json.length - close.length);
}

/**
 * `elementsJson` of the values as `redactDeep(stripControlsDeep(value), secrets)`: the copies are
 * made only for a batch whose text says they could change something (report text seldom holds
 * controls or secrets), and then element by element.
 */
function cleanElementsJson(values: readonly unknown[], pad: string, secrets: readonly string[], mayHoldSecret: ((json: string) => boolean) | undefined): string {
  const json = elementsJson(values, pad);
  if (!MAY_HOLD_CONTROLS.test(json) && !mayHoldSecret?.(json)) return json;
  return values
    .map((value) => {
      let text = elementsJson([value], pad);
      let clean = value;
      if (MAY_HOLD_CONTROLS.test(text)) {
        clean = stripControlsDeep(value);
        text = elementsJson([clean], pad);
      }
      return mayHoldSecret?.(text) ? elementsJson([redactDeep(clean, secrets)], pad) : text;
    })
    .join(`,\n${pad}`);
}

/** The whitespace the line holding `index` starts with. */
function indentAt(text: string, index: number): string {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  return /^ */.exec(text.slice(lineStart, index))![0];
}

/** An array's text in pieces, `[`, batches of elements, `]`, where the array's key is at indentation `pad`. */
function* arrayJson<T>(count: number, pad: string, element: (index: number) => T, json: (values: T[], pad: string) => string): Generator<string> {
  if (count === 0) {
    yield '[]';
    return;
  }
  const inner = `${pad}  `;
  for (let start = 0; start < count; start += BATCH) {
    const values: T[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) values.push(element(i));
    yield `${start === 0 ? '[' : ','}\n${inner}${json(values, inner)}`;
  }
  yield `\n${pad}]`;
}

/**
 * `JSON.stringify(redactDeep(renderSarif(input, options), secrets), null, 2) + '\n'`, byte for
 * byte, in pieces of a few dozen rules or results: the SARIF file as the gate writes it.
 */
export function* sarifTextChunks(input: Decision | readonly Finding[], options: SarifOptions, secrets: readonly string[] = []): Generator<string> {
  if (redactSecrets('rules', secrets) !== 'rules' || redactSecrets('results', secrets) !== 'results') {
    // A "secret" so short that it masks these keys too (redactDeep masks keys): the slow way, as one text.
    yield `${JSON.stringify(redactDeep(renderSarif(input, options), secrets), null, 2)}\n`;
    return;
  }
  const { entries, omitted } = listedEntries(input);
  const { rules, indexes } = ruleTable(entries);
  const mayHoldSecret = jsonMayHoldSecret(secrets);
  const log = redactDeep(stripControlsDeep(sarifLog(input, options, [], [], omitted)), secrets);
  const run = log.runs[0]!;
  (run.tool.driver as { rules: unknown }).rules = RULES_SLOT;
  (run as { results: unknown }).results = RESULTS_SLOT;
  const frame = `${JSON.stringify(log, null, 2)}\n`;
  const rulesAt = frame.indexOf(JSON.stringify(RULES_SLOT));
  const resultsAt = frame.indexOf(JSON.stringify(RESULTS_SLOT));
  const clean = (values: unknown[], pad: string): string => cleanElementsJson(values, pad, secrets, mayHoldSecret);

  yield frame.slice(0, rulesAt);
  yield* arrayJson(rules.length, indentAt(frame, rulesAt), (i) => sarifRule(rules[i]!), clean);
  yield frame.slice(rulesAt + JSON.stringify(RULES_SLOT).length, resultsAt);
  yield* arrayJson(entries.length, indentAt(frame, resultsAt), (i) => sarifResult(entries[i]!, rules[indexes[i]!]!.id, indexes[i]!, options), clean);
  yield frame.slice(resultsAt + JSON.stringify(RESULTS_SLOT).length);
}
