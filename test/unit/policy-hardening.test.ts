import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findConfigSecrets, isSecretAssignment, shannonEntropy, tokenKind } from '../../src/domain/policy/config-secrets.js';
import type { HardeningResult } from '../../src/domain/policy/decision.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { evaluateHardening, hasHealthcheck, isRootUser } from '../../src/domain/policy/hardening.js';
import type { ImageFacts } from '../../src/domain/image-facts.js';
import { exception, facts, policy, policyFile, report, secret } from './policy-fixtures.js';

const now = new Date('2025-06-01T12:00:00Z');
// Token-shaped test values, assembled so no scanner mistakes this file for a leak.
const GHP = 'ghp' + '_' + 'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5';
const GHS = 'ghs' + '_' + 'Zy8Xw6Vu4Ts2Rq0Po8Nm6Lk4Ji2Hg0Fe8Dc6';
const PAT = 'github' + '_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU';
const AKIA = 'AKIA' + 'Z7QW3ERT5YUI8OPA';
const PEM = '-----BEGIN ' + 'RSA PRIVATE KEY-----';
const RANDOM = 'q8Zk2Lw9Xv4Rt7Yp1Nm6Bc3Df5Gh0Js';

function rule(results: HardeningResult[], name: HardeningResult['rule']): HardeningResult {
  return results.find((r) => r.rule === name)!;
}

function hardening(overrides: Partial<ImageFacts>, settings: Parameters<typeof policy>[0] = {}) {
  return evaluateHardening(policy(settings), facts(overrides), [], true);
}

describe('non-root', () => {
  it.each([
    ['', true],
    ['root', true],
    ['0', true],
    ['0:0', true],
    ['root:root', true],
    ['0:1000', true],
    ['root:staff', true],
    [' root ', true],
    ['000', true],
    ['65532', false],
    ['65532:65532', false],
    ['app', false],
    ['app:root', false],
    ['1000:0', false],
    ['10', false],
  ])('user %j is root: %s', (user, root) => {
    expect(isRootUser(user)).toBe(root);
  });

  it.each<[string, 'fail' | 'warn' | 'off', string, HardeningResult['status']]>([
    ['root with fail', 'fail', 'root', 'fail'],
    ['root with warn', 'warn', '', 'warn'],
    ['root with off', 'off', '0:0', 'off'],
    ['non-root with fail', 'fail', '65532', 'pass'],
  ])('%s → %s', (_, mode, user, status) => {
    expect(rule(hardening({ user }, { requireNonRoot: mode }), 'non-root').status).toBe(status);
  });

  it('says which user, and that USER is missing when empty', () => {
    expect(rule(hardening({ user: '' }), 'non-root').message).toBe('non-root: the image runs as root (no USER set)');
    expect(rule(hardening({ user: '0:0' }), 'non-root').message).toBe('non-root: the image runs as root (USER 0:0)');
  });
});

describe('healthcheck', () => {
  it.each<[string, ImageFacts['healthcheck'], boolean]>([
    ['none', undefined, false],
    ['NONE (disabled)', { test: ['NONE'] }, false],
    ['empty test', { test: [] }, false],
    ['CMD', { test: ['CMD', '/bin/busybox', 'true'] }, true],
    ['CMD-SHELL', { test: ['CMD-SHELL', 'wget -q localhost'] }, true],
  ])('%s → %s', (_, healthcheck, present) => {
    expect(hasHealthcheck(healthcheck)).toBe(present);
    expect(rule(hardening({ healthcheck }, { requireHealthcheck: 'fail' }), 'healthcheck').status).toBe(present ? 'pass' : 'fail');
  });

  it('defaults to warn', () => {
    expect(rule(hardening({ healthcheck: undefined }), 'healthcheck').status).toBe('warn');
  });
});

describe('image size', () => {
  it.each<[number | undefined, number, HardeningResult['status']]>([
    [undefined, 10e9, 'off'],
    [50e6, 50e6, 'pass'],
    [50e6, 50e6 + 1, 'fail'],
  ])('limit %s, size %s → %s', (maxImageSizeBytes, sizeBytes, status) => {
    expect(rule(hardening({ sizeBytes }, { maxImageSizeBytes }), 'image-size').status).toBe(status);
  });

  it('names both sizes', () => {
    expect(rule(hardening({ sizeBytes: 123_400_000 }, { maxImageSizeBytes: 100e6 }), 'image-size').message).toBe(
      'image-size: 123.4 MB is over the limit of 100.0 MB',
    );
  });
});

describe('secrets in the image config', () => {
  it.each([
    [GHP, 'GitHub token'],
    [GHS, 'GitHub token'],
    [`token ${GHP} trailing`, 'GitHub token'],
    [PAT, 'GitHub fine-grained token'],
    [AKIA, 'AWS access key ID'],
    [PEM, 'private key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'private key'],
    ['-----BEGIN PRIVATE KEY-----', 'private key'],
    ['-----BEGIN PUBLIC KEY-----', undefined],
    ['ghp_short', undefined],
    ['AKIAlowercase0000000', undefined],
    ['plain text', undefined],
  ])('tokenKind(%j) = %s', (text, kind) => {
    expect(tokenKind(text)).toBe(kind);
  });

  it.each([
    ['API_TOKEN', RANDOM, true],
    ['DB_PASSWORD', RANDOM, true],
    ['aws_secret_access_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', true],
    ['SIGNING_KEY', RANDOM, true],
    ['API_TOKEN', 'changeme', false],
    ['API_TOKEN', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
    ['DB_PASSWORD_FILE', '/run/secrets/db_password_0123456789', false],
    ['DB_PASSWORD', '/run/secrets/abcdefghijklmnopqrstuvwxyz', false],
    ['NPM_TOKEN', '${NPM_TOKEN_FROM_SOMEWHERE_ELSE}', false],
    ['GPG_KEY', 'A035C8C19219BA821ECEA86B64E628F8D6BB4ED0', false],
    ['PATH', RANDOM, false],
    ['VERSION', RANDOM, false],
  ])('isSecretAssignment(%s, …) = %s', (name, value, expected) => {
    expect(isSecretAssignment(name, value)).toBe(expected);
  });

  it('entropy: a repeated character has none, random text has plenty', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy(RANDOM)).toBeGreaterThan(4);
  });

  it.each<[string, Partial<ImageFacts>, string[]]>([
    ['clean image', {}, []],
    ['a GitHub token in ENV', { env: ['PATH=/bin', `GH=${GHP}`] }, ['ENV GH: GitHub token']],
    ['a high-entropy value in a secret-named ENV', { env: [`NPM_TOKEN=${RANDOM}`] }, ['ENV NPM_TOKEN: high-entropy value in a secret-looking name']],
    ['a placeholder in a secret-named ENV', { env: ['NPM_TOKEN=', 'DB_PASSWORD=changeme'] }, []],
    ['an official image GPG key fingerprint', { env: ['GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D6BB4ED0'] }, []],
    ['an AWS key in a label', { labels: { 'com.acme.deploy': AKIA } }, ['label com.acme.deploy: AWS access key ID']],
    ['a git revision label', { labels: { 'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567' } }, []],
    ['a build arg leaked into a RUN step', { history: [{ createdBy: 'ADD rootfs /' }, { createdBy: `|1 NPM_TOKEN=${RANDOM} /bin/sh -c npm ci` }] }, ['build history step 2 (RUN), NPM_TOKEN: high-entropy value in a secret-looking name']],
    ['a quoted secret in a RUN step', { history: [{ createdBy: `RUN /bin/sh -c export API_KEY="${RANDOM}" && make # buildkit` }] }, ['build history step 1 (RUN), API_KEY: high-entropy value in a secret-looking name']],
    ['a token in a classic-builder ENV step', { history: [{ createdBy: `/bin/sh -c #(nop)  ENV GH=${GHP}` }] }, ['build history step 1 (ENV): GitHub token']],
    ['a private key in a COPY-less RUN step', { history: [{ createdBy: `RUN /bin/sh -c echo "${PEM}" > /k # buildkit` }] }, ['build history step 1 (RUN): private key']],
  ])('%s', (_, overrides, problems) => {
    expect(findConfigSecrets(facts(overrides)).map((s) => `${s.where}: ${s.kind}`)).toEqual(problems);
    const result = rule(hardening(overrides), 'config-secrets');
    expect(result.status).toBe(problems.length > 0 ? 'fail' : 'pass');
    expect(result.problems).toEqual(problems);
  });

  it('Trivy secret findings in the image fail the rule; excepted ones do not', () => {
    const image = report({ secrets: [secret({ rule: 'github-pat', severity: 'LOW', line: 4 })] });
    const failing = evaluateGate({ policy: policy(), image, imageFacts: facts(), now });
    expect(rule(failing.hardening, 'config-secrets')).toMatchObject({
      status: 'fail',
      problems: ['Trivy secret rule github-pat (github-pat title) in app/.env line 4'],
    });
    expect(failing.reason).toBe('policy');
    const excepted = evaluateGate({ policy: policy(), image, imageFacts: facts(), policyFile: policyFile([exception({ id: 'github-pat' })]), now });
    expect(rule(excepted.hardening, 'config-secrets').status).toBe('pass');
    expect(excepted.verdict).toBe('pass');
  });

  it('a Trivy secret in the build context is not an image-config problem', () => {
    const decision = evaluateGate({
      policy: policy(),
      filesystem: report({ kind: 'filesystem', secrets: [secret({ rule: 'github-pat', severity: 'LOW' })] }),
      image: report(),
      imageFacts: facts(),
      now,
    });
    expect(decision.verdict).toBe('pass');
    expect(rule(decision.hardening, 'config-secrets').status).toBe('pass');
  });

  it.each<['fail' | 'warn' | 'off', string, string]>([
    ['fail', 'fail', 'policy'],
    ['warn', 'pass', 'passed'],
    ['off', 'pass', 'passed'],
  ])('config-secrets %s → %s (%s)', (configSecrets, verdict, reason) => {
    const decision = evaluateGate({ policy: policy({ configSecrets }), image: report(), imageFacts: facts({ env: [`GH=${GHP}`] }), now });
    expect([decision.verdict, decision.reason]).toEqual([verdict, reason]);
  });

  it('no secret value ever reaches the decision (property)', () => {
    const value = fc.oneof(
      fc.constantFrom(GHP, GHS, PAT, AKIA, RANDOM),
      fc.stringMatching(/^[A-Za-z0-9]{36}$/).map((s) => `ghp_${s}`),
      fc.stringMatching(/^[A-Z0-9]{16}$/).map((s) => `AKIA${s}`),
      fc.stringMatching(/^[A-Za-z0-9+/]{24,40}$/),
    );
    const place = fc.constantFrom('env', 'label', 'history-arg', 'history-env');
    const name = fc.constantFrom('NPM_TOKEN', 'DB_PASSWORD', 'API_KEY', 'CLIENT_SECRET', 'DATA');
    fc.assert(
      fc.property(value, place, name, (secretValue, where, key) => {
        const overrides: Partial<ImageFacts> =
          where === 'env'
            ? { env: [`${key}=${secretValue}`] }
            : where === 'label'
              ? { labels: { [key.toLowerCase()]: secretValue } }
              : where === 'history-arg'
                ? { history: [{ createdBy: `|1 ${key}=${secretValue} /bin/sh -c make` }] }
                : { history: [{ createdBy: `/bin/sh -c #(nop)  ENV ${key}=${secretValue}` }] };
        const decision = evaluateGate({ policy: policy(), image: report(), imageFacts: facts(overrides), now });
        expect(JSON.stringify(decision)).not.toContain(secretValue);
      }),
      { numRuns: 500 },
    );
  });

  it('token-shaped values are always found, wherever they are (property)', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9]{36}$/).map((s) => `ghp_${s}`);
    fc.assert(
      fc.property(token, fc.constantFrom('env', 'label', 'history'), (value, where) => {
        const overrides: Partial<ImageFacts> =
          where === 'env' ? { env: [`X=${value}`] } : where === 'label' ? { labels: { x: value } } : { history: [{ createdBy: `RUN echo ${value}` }] };
        expect(findConfigSecrets(facts(overrides)).map((s) => s.kind)).toEqual(['GitHub token']);
      }),
    );
  });
});

describe('without image facts', () => {
  it('image rules are not checked but the decision says so', () => {
    const results = evaluateHardening(policy({ requireNonRoot: 'off' }), undefined, [], false);
    expect(results.map((r) => [r.rule, r.status])).toEqual([
      ['non-root', 'off'],
      ['healthcheck', 'not-checked'],
      ['image-size', 'off'],
      ['config-secrets', 'not-checked'],
    ]);
  });
});
