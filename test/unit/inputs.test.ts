import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import { INPUT_NAMES, readInputs, secretValues, type InputName, type RunnerEnvironment } from '../../src/inputs.js';

const runner: RunnerEnvironment = { repository: 'Acme/App', actor: 'octocat', runnerTemp: '/tmp/rt', env: { NPM_TOKEN: 'npm-canary-123' } };

function read(values: Partial<Record<InputName, string>>) {
  return (name: InputName) => values[name] ?? '';
}

function inputError(values: Partial<Record<InputName, string>>): GateError {
  try {
    readInputs(read(values), runner);
  } catch (error) {
    expect(error).toBeInstanceOf(GateError);
    return error as GateError;
  }
  throw new Error('expected an input-error');
}

describe('readInputs', () => {
  it('fills every default from the runner when nothing is given', () => {
    const inputs = readInputs(read({ 'github-token': 'tok' }), runner);
    expect(inputs).toMatchObject({
      mode: 'gate',
      image: 'ghcr.io/Acme/App',
      tags: [],
      context: '.',
      dockerfile: 'Dockerfile',
      push: 'auto',
      registryUsername: 'octocat',
      registryPassword: 'tok',
      failOn: ['CRITICAL', 'HIGH'],
      issueOn: ['CRITICAL', 'HIGH', 'MEDIUM'],
      unknownSeverity: 'HIGH',
      scanners: ['vuln', 'secret', 'misconfig'],
      trivyVersion: '0.74.0',
      timeoutSeconds: 600,
      baseline: { kind: 'none' },
      requireNonRoot: 'fail',
      requireHealthcheck: 'warn',
      configSecrets: 'fail',
      sarifFile: '/tmp/rt/container-security-gate.sarif',
      htmlReport: true,
      trivyCacheDir: '/tmp/rt/container-security-gate/trivy-cache',
    });
  });

  it.each([
    ['fail-on', 'HIGH', ['CRITICAL', 'HIGH']],
    ['fail-on', 'critical, low', ['CRITICAL', 'LOW']],
    ['fail-on', 'none', []],
    ['fail-on', 'UNKNOWN', ['UNKNOWN']],
    ['timeout', '90s', 90],
    ['timeout', '10m', 600],
    ['max-image-size', '50MB', 50_000_000],
    ['max-image-size', '1.5MiB', 1_572_864],
    ['baseline', 'registry', { kind: 'registry' }],
    ['baseline', 'reports/prev.json', { kind: 'file', path: 'reports/prev.json' }],
    ['trivy-version', 'v0.73.0', '0.73.0'],
    ['tags', 'latest\nv1, v1.2', ['latest', 'v1', 'v1.2']],
    ['html-report', 'false', false],
  ] as const)('%s: %j', (name, raw, expected) => {
    const inputs = readInputs(read({ [name]: raw }), runner) as unknown as Record<string, unknown>;
    const key = { 'fail-on': 'failOn', timeout: 'timeoutSeconds', 'max-image-size': 'maxImageSizeBytes', baseline: 'baseline', 'trivy-version': 'trivyVersion', tags: 'tags', 'html-report': 'htmlReport' }[name];
    expect(inputs[key]).toEqual(expected);
  });

  it.each([
    ['fail-on', 'SEVERE', 'CRITICAL,HIGH'],
    ['push', 'sometimes', 'auto'],
    ['no-cache', 'maybe', 'true'],
    ['timeout', 'soon', '10m'],
    ['max-image-size', 'big', '50MB'],
    ['scanners', 'vuln,antivirus', 'vuln,secret,misconfig'],
    ['trivy-version', 'latest', '0.74.0'],
    ['trivy-server', 'trivy:4954', 'http://'],
    ['build-args', 'NOEQUALS', 'NODE_VERSION=20'],
    ['build-secrets', 'token=env:NOT_SET_ANYWHERE', 'env:NOT_SET_ANYWHERE'],
  ] as const)('%s=%j is an input-error that names the input and shows an example', (name, raw, example) => {
    const error = inputError({ [name]: raw });
    expect(error.reason).toBe('input-error');
    expect(error.message).toContain(`input '${name}'`);
    expect(`${error.message} ${error.remedy ?? ''}`).toContain(example);
  });

  it('reports every bad input at once', () => {
    const error = inputError({ push: 'x', 'fail-on': 'y' });
    expect(error.message).toContain("input 'push'");
    expect(error.message).toContain("input 'fail-on'");
  });

  it('resolves build secrets from the environment and lists every secret for masking', () => {
    const inputs = readInputs(read({ 'build-secrets': 'npm=env:NPM_TOKEN\nraw=literal-canary', 'registry-password': 'pw-canary', 'github-token': 'gh-canary' }), runner);
    expect(inputs.buildSecrets).toEqual([
      { id: 'npm', value: 'npm-canary-123' },
      { id: 'raw', value: 'literal-canary' },
    ]);
    expect(secretValues(inputs).sort()).toEqual(['gh-canary', 'literal-canary', 'npm-canary-123', 'pw-canary']);
  });

  it('reads exactly the declared input names', () => {
    const asked: string[] = [];
    readInputs((name) => (asked.push(name), ''), runner);
    expect(asked.sort()).toEqual([...INPUT_NAMES].sort());
  });
});
