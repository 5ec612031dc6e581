import type { RuleMode } from './gate-policy.js';
import type { Finding } from '../findings.js';
import type { ImageFacts } from '../image-facts.js';
import { findConfigSecrets } from './config-secrets.js';
import type { HardeningResult, HardeningRule } from './decision.js';
import type { GatePolicy } from './gate-policy.js';

/** `''`, `root`, `0`, `0:0`, `root:root`, `0:1000`…: a user part of root or UID 0 runs as root whatever the group. */
export function isRootUser(user: string): boolean {
  const name = (user.split(':')[0] ?? '').trim();
  return name === '' || name === 'root' || /^0+$/.test(name);
}

export function hasHealthcheck(healthcheck: ImageFacts['healthcheck']): boolean {
  const test = healthcheck?.test ?? [];
  return test.length > 0 && test[0] !== 'NONE';
}

function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

function result(rule: HardeningRule, mode: RuleMode, violated: boolean, ok: string, bad: string, problems: string[] = []): HardeningResult {
  if (mode === 'off') return { rule, mode, status: 'off', message: `${rule}: off`, problems: [] };
  if (!violated) return { rule, mode, status: 'pass', message: ok, problems: [] };
  return { rule, mode, status: mode, message: bad, problems };
}

function notChecked(rule: HardeningRule, mode: RuleMode): HardeningResult {
  if (mode === 'off') return { rule, mode, status: 'off', message: `${rule}: off`, problems: [] };
  return { rule, mode, status: 'not-checked', message: `${rule}: not checked (no image)`, problems: [] };
}

function describeSecretFinding(f: Finding): string {
  const line = f.startLine ? ` line ${f.startLine}` : '';
  return `Trivy secret rule ${f.id} (${f.title}) in ${f.target}${line}`;
}

/**
 * Rules on what ships: the built image's config, not the Dockerfile. `imageSecrets` are the
 * Trivy secret findings inside the image that no exception covers. Messages name the key,
 * label or history step and the kind of secret — never the value.
 */
export function evaluateHardening(
  policy: GatePolicy,
  facts: ImageFacts | undefined,
  imageSecrets: readonly Finding[],
  imageScanned: boolean,
): HardeningResult[] {
  const results: HardeningResult[] = [];
  if (facts === undefined) {
    results.push(notChecked('non-root', policy.requireNonRoot), notChecked('healthcheck', policy.requireHealthcheck));
    results.push(notChecked('image-size', policy.maxImageSizeBytes === undefined ? 'off' : 'fail'));
  } else {
    const user = facts.user.trim();
    results.push(
      result(
        'non-root',
        policy.requireNonRoot,
        isRootUser(user),
        `non-root: runs as ${user}`,
        `non-root: the image runs as root (${user === '' ? 'no USER set' : `USER ${user}`})`,
        ['add a USER instruction with a non-root user (e.g. USER 65532:65532)'],
      ),
    );
    results.push(
      result(
        'healthcheck',
        policy.requireHealthcheck,
        !hasHealthcheck(facts.healthcheck),
        'healthcheck: defined',
        'healthcheck: the image has no HEALTHCHECK',
        ['add a HEALTHCHECK instruction'],
      ),
    );
    const max = policy.maxImageSizeBytes;
    // max-image-size has no mode of its own: set means fail, unset means off.
    results.push(
      result(
        'image-size',
        max === undefined ? 'off' : 'fail',
        max !== undefined && facts.sizeBytes > max,
        `image-size: ${formatBytes(facts.sizeBytes)} (limit ${formatBytes(max ?? 0)})`,
        `image-size: ${formatBytes(facts.sizeBytes)} is over the limit of ${formatBytes(max ?? 0)}`,
      ),
    );
  }

  if (facts === undefined && !imageScanned) {
    results.push(notChecked('config-secrets', policy.configSecrets));
  } else {
    const inConfig = facts ? findConfigSecrets(facts).map((s) => `${s.where}: ${s.kind}`) : [];
    const problems = [...inConfig, ...imageSecrets.map(describeSecretFinding)];
    results.push(
      result(
        'config-secrets',
        policy.configSecrets,
        problems.length > 0,
        'config-secrets: none in ENV, labels, history or image files',
        `config-secrets: ${problems.length} secret${problems.length === 1 ? '' : 's'} shipped in the image`,
        problems,
      ),
    );
  }
  return results;
}
