import type { ImageFacts } from '../image-facts.js';

/** A secret found in the image config. `where` and `kind` name it; the value itself is never kept. */
export interface ConfigSecret {
  where: string;
  kind: string;
}

const TOKEN_SHAPES: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'GitHub token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/ },
  { kind: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { kind: 'AWS access key ID', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
];

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|KEY/i;
/**
 * Names that say "key" but hold public material or a pointer to the secret, not the secret:
 * official images ship e.g. GPG_KEY=<fingerprint>; *_FILE=/run/secrets/x is the safe pattern.
 */
const NOT_SECRET_NAME = /GPG|PGP|FINGERPRINT|PUBLIC|KEYSERVER|KEYRING|(?:_FILE|_PATH|_DIR|_URL)$/i;
/** Values that point somewhere rather than hold a secret: paths, variable references. */
const REFERENCE_VALUE = /^(?:\/|\$|file:|<|\{\{)/;

const MIN_SECRET_LENGTH = 16;
/** Bits per character: random base64/hex tokens of this length sit well above, words and placeholders below. */
const MIN_ENTROPY = 3.5;

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const length = [...value].length;
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The kind of token-shaped secret in `text`, if any. */
export function tokenKind(text: string): string | undefined {
  return TOKEN_SHAPES.find((shape) => shape.pattern.test(text))?.kind;
}

/** A high-entropy value under a name like *TOKEN*, *SECRET*, *PASSWORD*, *KEY*. */
export function isSecretAssignment(name: string, value: string): boolean {
  if (!SECRET_NAME.test(name) || NOT_SECRET_NAME.test(name)) return false;
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH || REFERENCE_VALUE.test(trimmed)) return false;
  return shannonEntropy(trimmed) >= MIN_ENTROPY;
}

function classify(name: string, value: string): string | undefined {
  return tokenKind(value) ?? (isSecretAssignment(name, value) ? `high-entropy value in a secret-looking name` : undefined);
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/s.exec(value);
  return m ? m[2]! : value;
}

/** `RUN`, `ENV`, `COPY`… for a history entry, so a message can name the step without quoting it. */
function instructionOf(createdBy: string): string {
  const text = createdBy.trim();
  const nop = /#\(nop\)\s+([A-Z]+)/.exec(text);
  if (nop) return nop[1]!;
  // Classic builder RUN steps (with build args prefixed as `|2 A=1 B=2`), or plain shell.
  if (/^(?:\|\d+\s|\/bin\/sh -c|\/bin\/bash -c)/.test(text)) return 'RUN';
  const word = /^([A-Z]+)\b/.exec(text);
  return word ? word[1]! : 'step';
}

const ASSIGNMENT = /([A-Za-z_][A-Za-z0-9_.-]*)=("[^"]*"|'[^']*'|\S+)/g;

/** Secrets in ENV, labels and build history (build args leak there as `|1 NPM_TOKEN=…`). */
export function findConfigSecrets(facts: Pick<ImageFacts, 'env' | 'labels' | 'history'>): ConfigSecret[] {
  const found: ConfigSecret[] = [];
  for (const entry of facts.env) {
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq);
    const kind = classify(name, eq < 0 ? '' : entry.slice(eq + 1));
    if (kind) found.push({ where: `ENV ${name}`, kind });
  }
  for (const [name, value] of Object.entries(facts.labels)) {
    const kind = classify(name, value);
    if (kind) found.push({ where: `label ${name}`, kind });
  }
  facts.history.forEach((step, index) => {
    const where = `build history step ${index + 1} (${instructionOf(step.createdBy)})`;
    const token = tokenKind(step.createdBy);
    if (token) {
      found.push({ where, kind: token });
      return;
    }
    for (const m of step.createdBy.matchAll(ASSIGNMENT)) {
      const name = m[1]!;
      if (isSecretAssignment(name, unquote(m[2]!))) {
        found.push({ where: `${where}, ${name}`, kind: 'high-entropy value in a secret-looking name' });
      }
    }
  });
  return found;
}
