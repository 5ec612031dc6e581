import { createHash } from 'node:crypto';
import type { Finding } from '../findings.js';
import type { Decision } from '../policy/decision.js';
import type { PolicyException } from '../policy/policy-exception.js';

/*
 * VEX out: the policy file's active exceptions on vulnerabilities as an OpenVEX 0.2 document,
 * so the triage a team did in the policy file travels with the image in the standard form
 * that Trivy (`--vex`), Grype and others read.
 *
 * The product is the image:
 * - pushed: `pkg:oci/<name>@<manifest digest>?repository_url=<registry>/<repository>`, the
 *   Package URL Trivy derives for an image with a repository digest, so `trivy image --vex`
 *   of that image matches the statements;
 * - not pushed: there is no manifest digest yet, so the product is identified by the image ID
 *   (config digest) the gate scanned, `@id` `sha256:<hex>` plus the same hash; scanners that
 *   match products by Package URL will not apply it to anything.
 *
 * An exception never becomes a wider claim than it is: one without package or path covers the
 * vulnerability in the whole image; one with a package or path becomes a statement about the
 * Package URLs of the image findings it covered, minus any PURL that also has an uncovered
 * finding of the same vulnerability (OpenVEX cannot express a path). What could not be said is
 * returned in `omitted` with the reason.
 */

export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';
/** The in-toto predicate type of an OpenVEX attestation. */
export const OPENVEX_PREDICATE_TYPE = 'https://openvex.dev/ns/v0.2.0';

export const OPENVEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type OpenVexJustification = (typeof OPENVEX_JUSTIFICATIONS)[number];

export interface OpenVexComponent {
  '@id': string;
  hashes?: Record<string, string>;
  subcomponents?: { '@id': string }[];
}

export interface OpenVexStatement {
  vulnerability: { name: string };
  timestamp: string;
  products: OpenVexComponent[];
  status: 'not_affected';
  justification?: OpenVexJustification;
  impact_statement?: string;
  status_notes?: string;
}

export interface OpenVexDocument {
  '@context': string;
  '@id': string;
  author: string;
  role?: string;
  timestamp: string;
  version: number;
  tooling: string;
  statements: OpenVexStatement[];
}

/** The image a VEX document is about. */
export type VexProduct =
  | { kind: 'pushed'; registry: string; repository: string; digest: string }
  | { kind: 'built'; imageId: string };

export interface VexOutRequest {
  decision: Pick<Decision, 'findings' | 'exceptions' | 'evaluatedAt'>;
  product: VexProduct;
  author: string;
  tooling: string;
}

export interface VexOutResult {
  /** undefined when no active exception is about a vulnerability (OpenVEX needs ≥ 1 statement). */
  document: OpenVexDocument | undefined;
  omitted: { exception: PolicyException; why: string }[];
}

/** Trivy's Package URL of an image by digest (pkg/purl parseOCI), without the arch qualifier. */
export function ociPurl(product: { registry: string; repository: string; digest: string }): string {
  const registry = product.registry === 'docker.io' ? 'index.docker.io' : product.registry;
  const name = product.repository.split('/').at(-1)!.toLowerCase();
  return `pkg:oci/${encodeURIComponent(name)}@${encodeURIComponent(product.digest)}?repository_url=${encodeURIComponent(`${registry}/${product.repository}`)}`;
}

function productComponent(product: VexProduct): OpenVexComponent {
  if (product.kind === 'pushed') return { '@id': ociPurl(product) };
  const hex = product.imageId.replace(/^sha256:/i, '').toLowerCase();
  return { '@id': `sha256:${hex}`, hashes: { 'sha-256': hex } };
}

/** IDs a vulnerability exception can carry (CVE, GHSA, RUSTSEC-…, PYSEC-…), not check or secret rule IDs. */
const VULNERABILITY_ID = /^(?:CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|[A-Z]+-\d{4}-[\w.-]+)$/i;

/** One place a finding was seen, with the exception its evaluation used. */
interface Located {
  finding: Finding;
  exception: PolicyException | undefined;
}

function isVulnerabilityException(exception: PolicyException, covered: readonly Located[]): boolean {
  if (covered.some((e) => e.finding.kind === 'vulnerability')) return true;
  return covered.length === 0 && VULNERABILITY_ID.test(exception.id);
}

function statementFor(
  exception: PolicyException,
  covered: readonly Located[],
  imageFindings: readonly Located[],
  product: OpenVexComponent,
  timestamp: string,
): OpenVexStatement | string {
  const base = { vulnerability: { name: exception.id }, timestamp, status: 'not_affected' as const };
  const notes = `policy exception (line ${exception.line}), expires ${exception.expires}`;
  const why = exception.justification
    ? { justification: exception.justification as OpenVexJustification, status_notes: `${notes}: ${exception.reason}` }
    : { impact_statement: exception.reason, status_notes: notes };
  if (exception.package === undefined && exception.path === undefined) return { ...base, products: [product], ...why };

  const purls = new Set<string>();
  for (const e of covered) if (e.finding.scope === 'image' && e.finding.kind === 'vulnerability' && e.finding.purl) purls.add(e.finding.purl);
  const sameVulnerability = (f: Finding) => f.id.toUpperCase() === exception.id.toUpperCase() || f.aliases.some((a) => a.toUpperCase() === exception.id.toUpperCase());
  for (const e of imageFindings) {
    if (e.exception !== exception && e.finding.purl && purls.has(e.finding.purl) && sameVulnerability(e.finding)) purls.delete(e.finding.purl);
  }
  if (purls.size === 0) {
    return covered.length === 0
      ? 'it is limited to a package or path and matched nothing in this image, so there is no Package URL to name'
      : 'it is limited to a path, and the same package also has this vulnerability elsewhere in the image (OpenVEX cannot name a path)';
  }
  return { ...base, products: [{ ...product, subcomponents: [...purls].sort().map((p) => ({ '@id': p })) }], ...why };
}

/** The OpenVEX document for a decision's active exceptions; pure: the time comes from the decision. */
export function buildOpenVex(request: VexOutRequest): VexOutResult {
  const { decision } = request;
  const timestamp = decision.evaluatedAt;
  const product = productComponent(request.product);
  const active = [...decision.exceptions.used.map((u) => u.exception), ...decision.exceptions.unused].sort((a, b) => a.index - b.index);
  const byException = new Map<PolicyException, Located[]>();
  const imageFindings: Located[] = [];
  for (const e of decision.findings) {
    // One evaluation can stand for the same problem in several places (context and image).
    for (const finding of e.locations?.length ? e.locations : [e.finding]) {
      const located = { finding, exception: e.exception };
      if (e.exception) {
        const list = byException.get(e.exception);
        if (list) list.push(located);
        else byException.set(e.exception, [located]);
      }
      if (finding.scope === 'image' && finding.kind === 'vulnerability') imageFindings.push(located);
    }
  }
  const statements: OpenVexStatement[] = [];
  const omitted: VexOutResult['omitted'] = [];
  for (const exception of active) {
    const covered = byException.get(exception) ?? [];
    if (!isVulnerabilityException(exception, covered)) continue;
    const statement = statementFor(exception, covered, imageFindings, product, timestamp);
    if (typeof statement === 'string') omitted.push({ exception, why: statement });
    else statements.push(statement);
  }
  if (statements.length === 0) return { document: undefined, omitted };
  const body = { author: request.author, timestamp, version: 1, tooling: request.tooling, statements };
  // A content address, as vexctl does: the same statements about the same image get the same ID.
  const id = `https://openvex.dev/docs/public/vex-${createHash('sha256').update(JSON.stringify({ product, statements })).digest('hex')}`;
  return {
    document: { '@context': OPENVEX_CONTEXT, '@id': id, author: body.author, role: 'Policy gate', timestamp, version: 1, tooling: body.tooling, statements },
    omitted,
  };
}
