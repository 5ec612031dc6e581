import { GateError } from './domain/gate-error.js';
import { severitiesAtOrAbove, type RankedSeverity, type Severity } from './domain/severity.js';
import type { BuildSecret } from './domain/build-settings.js';
import type { Baseline, Scanner } from './domain/scan-settings.js';
import type { InputName } from './input-names.js';

/*
 * Parsers for single input values: a raw `core.getInput` string in, a typed value out, or a
 * GateError('input-error') that names the input and shows an accepted example. The zod schema
 * in inputs.ts wires one of these to each input.
 */

export function inputError(name: InputName, problem: string, example: string): GateError {
  return new GateError('input-error', `input '${name}': ${problem}`, {
    remedy: `for example: ${name}: ${example}`,
  });
}

/** Lists accept newlines and commas, like docker/metadata-action; blank entries are dropped. */
export function splitList(raw: string, { commas = true } = {}): string[] {
  const lines = raw.split(/\r?\n/);
  const items = commas ? lines.flatMap((l) => l.split(',')) : lines;
  return items.map((s) => s.trim()).filter((s) => s.length > 0 && !s.startsWith('#'));
}

export function parseBoolean(name: InputName, raw: string, fallback: boolean): boolean {
  const value = raw.trim().toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', 'on', '1'].includes(value)) return true;
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  throw inputError(name, `'${raw}' is not a boolean`, 'true');
}

export function parseEnum<T extends string>(name: InputName, raw: string, allowed: readonly T[], fallback: T, example?: T): T {
  const value = raw.trim().toLowerCase();
  if (value === '') return fallback;
  const match = allowed.find((a) => a.toLowerCase() === value);
  if (!match) throw inputError(name, `'${raw}' is not one of ${allowed.join(', ')}`, example ?? fallback);
  return match;
}

/**
 * `HIGH` is a threshold (HIGH and above); `CRITICAL,HIGH` or `HIGH,LOW` is an exact list;
 * `none` disables the gate. UNKNOWN may be listed explicitly.
 */
export function parseSeverities(name: InputName, raw: string, fallback: string): Severity[] {
  const text = raw.trim() === '' ? fallback : raw;
  const items = splitList(text).map((s) => s.toUpperCase());
  if (items.length === 1 && items[0] === 'NONE') return [];
  const invalid = items.filter((s) => !['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].includes(s));
  if (invalid.length > 0 || items.length === 0) {
    throw inputError(name, `unknown severity '${invalid.join(', ') || raw}'`, 'CRITICAL,HIGH (or a threshold: HIGH, or none)');
  }
  if (items.length === 1 && items[0] !== 'UNKNOWN') return severitiesAtOrAbove(items[0] as RankedSeverity);
  return [...new Set(items)] as Severity[];
}

export function parseKeyValues(name: InputName, raw: string, example: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of splitList(raw, { commas: false })) {
    const eq = line.indexOf('=');
    if (eq <= 0) throw inputError(name, `'${line}' is not KEY=VALUE`, example);
    result[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return result;
}

const SECRET_ID = /^[A-Za-z0-9_.-]+$/;

/** `id=value` or `id=env:NAME`; values are resolved here so that they can be masked at once. */
export function parseBuildSecrets(raw: string, env: Record<string, string | undefined>): BuildSecret[] {
  const secrets: BuildSecret[] = [];
  for (const line of splitList(raw, { commas: false })) {
    const eq = line.indexOf('=');
    const id = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!SECRET_ID.test(id)) {
      throw inputError('build-secrets', `entry ${secrets.length + 1} has no valid id (letters, digits, . _ -)`, 'npm_token=env:NPM_TOKEN');
    }
    const spec = line.slice(eq + 1);
    if (spec.startsWith('env:')) {
      const variable = spec.slice(4).trim();
      const value = env[variable];
      if (value === undefined || value === '') {
        throw inputError('build-secrets', `secret '${id}' reads environment variable '${variable}', which is not set`, `${id}=env:${variable} with env: { ${variable}: \${{ secrets.${variable} }} }`);
      }
      secrets.push({ id, value });
    } else {
      secrets.push({ id, value: spec });
    }
  }
  return secrets;
}

/** `50MB`, `1.5GB`, `200MiB`, `1048576` → bytes. Decimal units match what `docker images` prints. */
export function parseSize(name: InputName, raw: string): number | undefined {
  const text = raw.trim();
  if (text === '' || text.toLowerCase() === 'off') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?$/i.exec(text);
  if (!match) throw inputError(name, `'${raw}' is not a size`, '50MB');
  const units: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
  return Math.round(Number(match[1]) * units[(match[2] ?? 'b').toLowerCase()]!);
}

/** `600`, `90s`, `10m`, `1h` → seconds. */
export function parseDuration(name: InputName, raw: string, fallbackSeconds: number): number {
  const text = raw.trim();
  if (text === '') return fallbackSeconds;
  const match = /^(\d+)\s*(s|m|h)?$/i.exec(text);
  if (!match || Number(match[1]) <= 0) throw inputError(name, `'${raw}' is not a duration`, '10m');
  const factor = { s: 1, m: 60, h: 3600 }[(match[2] ?? 's').toLowerCase() as 's' | 'm' | 'h'];
  return Number(match[1]) * factor;
}

export function parseScanners(raw: string): Scanner[] {
  const scanners = splitList(raw.trim() || 'vuln,secret,misconfig').map((s) => s.toLowerCase());
  const known: Scanner[] = ['vuln', 'secret', 'misconfig', 'license'];
  const unknown = scanners.find((s) => !known.includes(s as Scanner));
  if (unknown !== undefined || scanners.length === 0) throw inputError('scanners', `unknown scanner '${unknown ?? ''}'`, 'vuln,secret,misconfig');
  return [...new Set(scanners)] as Scanner[];
}

export function parseBaseline(raw: string): Baseline {
  const value = raw.trim();
  if (value === '' || value.toLowerCase() === 'none') return { kind: 'none' };
  if (value.toLowerCase() === 'registry') return { kind: 'registry' };
  return { kind: 'file', path: value };
}

export function parseUrl(name: InputName, raw: string, schemes: RegExp, example: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  if (!schemes.test(value) || !URL.canParse(value)) throw inputError(name, `'${value}' is not a URL`, example);
  return value.replace(/\/+$/, '');
}


/** The oldest vulnerability DB a run accepts, and what an older one does. */
export interface DbAgeLimit {
  seconds: number;
  mode: 'warn' | 'fail';
}

/**
 * `max-db-age`: an age and, after a comma, what an older DB does: `7d` (warn), `36h,fail`,
 * `off`. Units: `h` hours, `d` days (a bare number is days). Default `7d,warn`.
 */
export function parseDbAge(raw: string): DbAgeLimit | undefined {
  const text = raw.trim().toLowerCase() || '7d';
  if (text === 'off' || text === 'none') return undefined;
  const match = /^(\d+)\s*(h|d)?\s*(?:,\s*(warn|fail))?$/.exec(text);
  if (!match || Number(match[1]) <= 0) throw inputError('max-db-age', `'${raw}' is not an age with an optional mode`, '7d (warns), 36h,fail, or off');
  const seconds = Number(match[1]) * (match[2] === 'h' ? 3600 : 86_400);
  return { seconds, mode: (match[3] ?? 'warn') as 'warn' | 'fail' };
}
