import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import { SEVERITIES } from '../../src/domain/severity.js';
import { INPUT_NAMES, readInputs, type InputName, type RunnerEnvironment } from '../../src/inputs.js';

// Property tests for readInputs: whatever the workflow passes, the action either reads its
// inputs or stops with an input-error that names the input at fault — never a TypeError,
// never a message that sends the user to the wrong input.

const RUNS = 200;

/** Values each input is meant to take, so that generated sets reach past the first input. */
const PLAUSIBLE: Record<InputName, string[]> = {
  mode: ['gate', 'summary', 'GATE'],
  image: ['ghcr.io/acme/app', 'acme/app', '127.0.0.1:5000/team/app'],
  tags: ['latest', 'v1.2.3, latest', 'main\nsha-0123abc'],
  context: ['.', 'app', './services/api'],
  dockerfile: ['Dockerfile', 'docker/Dockerfile.prod'],
  'build-args': ['NODE_VERSION=20', 'A=1\nB=two=2'],
  'build-secrets': ['npm_token=abc', 'token=env:HOME_TOKEN'],
  target: ['runtime', ''],
  labels: ['org.opencontainers.image.vendor=Acme'],
  'no-cache': ['true', 'false', 'yes', 'off'],
  'cache-from': ['', 'none', 'ghcr.io/acme/app:latest', 'a:1,b:2'],
  'cache-to': ['inline', 'none', 'registry', ''],
  network: ['default', 'none', 'host'],
  platforms: ['', 'linux/amd64', 'linux/amd64,linux/arm64', 'linux/arm/v7'],
  push: ['auto', 'true', 'false'],
  'registry-username': ['octocat'],
  'registry-password': ['hunter2'],
  'fail-on': ['HIGH', 'CRITICAL,HIGH', 'none', 'UNKNOWN', 'low, unknown'],
  'issue-on': ['MEDIUM', 'none', 'LOW'],
  'unknown-severity': ['HIGH', 'low', 'CRITICAL'],
  'ignore-unfixed': ['true', 'false'],
  scanners: ['vuln', 'vuln,secret,misconfig', 'license'],
  'trivy-version': ['0.74.0', 'v0.58.1'],
  'trivy-path': ['/usr/local/bin/trivy'],
  'trivy-download-url': ['https://mirror.example.com/trivy', 'file:///opt/trivy'],
  'db-repository': ['mirror.gcr.io/aquasec/trivy-db:2'],
  'trivy-cache-dir': ['/tmp/trivy'],
  'skip-db-update': ['true', 'false'],
  'trivy-layer-cache': ['true', 'false', 'maybe'],
  'max-db-age': ['7d', '36h,fail', 'off', '2,warn'],
  timeout: ['600', '90s', '10m', '1h'],
  'trivy-server': ['http://trivy.internal:4954'],
  'trivy-server-token': ['s3cr3t-token'],
  'policy-file': ['.github/container-gate.yml'],
  'ignore-file': ['.trivyignore'],
  baseline: ['none', 'registry', 'reports/previous.json'],
  'baseline-tag': ['latest', 'stable'],
  'block-on-increase': ['true', 'false'],
  'compare-on': ['MEDIUM', 'CRITICAL,HIGH,MEDIUM', 'none'],
  'require-non-root': ['fail', 'warn', 'off'],
  'require-healthcheck': ['fail', 'warn', 'off'],
  'max-image-size': ['50MB', '1.5GB', '200MiB', '1048576', 'off'],
  'config-secrets': ['fail', 'warn', 'off'],
  'github-token': ['ghs_xxx'],
  'issue-label': ['container-security'],
  'create-issue': ['true', 'false'],
  'pr-comment': ['true', 'false'],
  'sarif-file': ['results.sarif'],
  'html-report': ['true', 'false'],
  'audit-log': ['audit.jsonl'],
  'fail-on-kev': ['true', 'false'],
  'epss-threshold': ['', '0.5', '10%', 'off'],
  'exploit-data': ['optional', 'required', 'off'],
  'kev-url': ['https://mirror.example.com/kev.json', ''],
  'epss-url': ['https://mirror.example.com/epss.csv.gz', ''],
  'kev-file': ['data/kev.json', ''],
  'epss-file': ['data/epss.csv.gz', ''],
  vex: ['', '.vex/app.openvex.json', 'repo\noci'],
  'keep-reports': ['true', 'false'],
  attest: ['auto', 'off', 'key', 'keyless'],
  'attest-key': ['-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----'],
  'attest-key-password': ['correct horse'],
};

/** Text a person or a template could put in a `with:` value, including the awkward bits. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', ' ', ',', '\n', '\r', '\t', '=', ':', '.', '-', '#', '/', 'é', '\u0000', '\u202e'), maxLength: 30 }),
  fc.constantFrom('', ' ', '\n', 'null', 'undefined', 'NaN', '-1', '0', '1e3', 'true ', ' FALSE', '${{ inputs.x }}', 'env:', '=', ',,,'),
);

function plausibleValue(name: InputName): fc.Arbitrary<string> {
  return fc.oneof(fc.constant(''), fc.constantFrom(...PLAUSIBLE[name]));
}

/**
 * Every input empty or plausible, then one to three of them replaced by arbitrary text:
 * with all 42 arbitrary at once the first validated input would always be the one at fault.
 */
const allInputs: fc.Arbitrary<Record<InputName, string>> = fc
  .tuple(
    fc.record(Object.fromEntries(INPUT_NAMES.map((name) => [name, plausibleValue(name)])) as Record<InputName, fc.Arbitrary<string>>),
    fc.array(fc.tuple(fc.constantFrom(...INPUT_NAMES), anyText), { maxLength: 3 }),
  )
  .map(([values, overrides]) => ({ ...values, ...Object.fromEntries(overrides) }));

const runnerEnvironment: fc.Arbitrary<RunnerEnvironment> = fc.record({
  repository: fc.option(fc.constantFrom('acme/app', 'Acme/App', 'a/b'), { nil: undefined }),
  actor: fc.option(fc.constantFrom('octocat', ''), { nil: undefined }),
  runnerTemp: fc.constantFrom('/tmp', '/home/runner/work/_temp'),
  env: fc.record({ HOME_TOKEN: fc.option(fc.constantFrom('s3cret', ''), { nil: undefined }) }),
});

type Outcome = { ok: true } | { ok: false; error: unknown };

function attempt(values: Record<InputName, string>, runner: RunnerEnvironment): Outcome {
  try {
    readInputs((name) => values[name], runner);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The input an error message names: `input 'fail-on': …`. */
function namedInput(error: GateError): InputName | undefined {
  const match = /^input '([a-z-]+)'/.exec(error.message);
  return match && (INPUT_NAMES as readonly string[]).includes(match[1]!) ? (match[1] as InputName) : undefined;
}

describe('fuzz: readInputs', () => {
  it('either reads the inputs or throws a GateError input-error naming a known input', () => {
    fc.assert(
      fc.property(allInputs, runnerEnvironment, (values, runner) => {
        const outcome = attempt(values, runner);
        if (outcome.ok) return;
        expect(outcome.error).toBeInstanceOf(GateError);
        const error = outcome.error as GateError;
        expect(error.reason).toBe('input-error');
        expect(namedInput(error), error.message).toBeDefined();
        expect(error.remedy, error.message).toMatch(/^for example: /);
      }),
      { numRuns: RUNS },
    );
  });

  it('names the input at fault: resetting that one input to its default removes that error', () => {
    fc.assert(
      fc.property(allInputs, runnerEnvironment, (values, runner) => {
        const outcome = attempt(values, runner);
        if (outcome.ok) return;
        const name = namedInput(outcome.error as GateError)!;
        // No image and no GITHUB_REPOSITORY has no default to fall back to.
        fc.pre(!(name === 'image' && runner.repository === undefined));
        const cleared = attempt({ ...values, [name]: '' }, runner);
        if (!cleared.ok) {
          expect(cleared.error).toBeInstanceOf(GateError);
          expect(namedInput(cleared.error as GateError), `${(outcome.error as GateError).message} → ${(cleared.error as GateError).message}`).not.toBe(name);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('what it accepts is well-formed', () => {
    fc.assert(
      fc.property(allInputs, runnerEnvironment, (values, runner) => {
        let inputs;
        try {
          inputs = readInputs((name) => values[name], runner);
        } catch {
          return;
        }
        for (const severity of [...inputs.failOn, ...inputs.issueOn]) expect(SEVERITIES).toContain(severity);
        expect(new Set(inputs.failOn).size).toBe(inputs.failOn.length);
        expect(Number.isInteger(inputs.timeoutSeconds) && inputs.timeoutSeconds > 0).toBe(true);
        if (inputs.maxImageSizeBytes !== undefined) expect(Number.isFinite(inputs.maxImageSizeBytes) && inputs.maxImageSizeBytes >= 0).toBe(true);
        expect(inputs.image).not.toBe('');
        expect(inputs.scanners.length).toBeGreaterThan(0);
        for (const tag of inputs.tags) expect(tag).toBe(tag.trim());
        for (const secret of inputs.buildSecrets) expect(secret.id).toMatch(/^[A-Za-z0-9_.-]+$/);
        expect(inputs.trivyVersion).toMatch(/^\d+\.\d+\.\d+$/);
      }),
      { numRuns: RUNS },
    );
  });
});
