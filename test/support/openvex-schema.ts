// The OpenVEX 0.2.0 JSON schema's constraints (openvex/spec openvex_json_schema.json), written
// out as a zod schema for the tests: the schema's licence terms are not ours to copy, so its
// rules are restated here, one for one — required keys, no unknown keys, the status and
// justification enums, date-time and IRI formats, unique non-empty statements, and
// "not_affected needs exactly one of justification / impact_statement".
import { z } from 'zod';

const iri = z.string().refine((value) => /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(value), 'expected an IRI');
// RFC 3339 date-time, as JSON Schema's `date-time` format.
const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/, 'expected an RFC 3339 date-time');

const identifiers = z.strictObject({ purl: z.string().optional(), '@cpe22': z.string().optional(), '@cpe23': z.string().optional() });
const HASH_KEYS = ['md5', 'sha1', 'sha-256', 'sha-384', 'sha-512', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512', 'blake2s-256', 'blake2b-256', 'blake2b-512'] as const;
const hashes = z.strictObject(Object.fromEntries(HASH_KEYS.map((k) => [k, z.string().optional()])) as Record<(typeof HASH_KEYS)[number], z.ZodOptional<z.ZodString>>);
const subcomponent = z.strictObject({ '@id': iri.optional(), identifiers: identifiers.optional(), hashes: hashes.optional() });

function unique<T>(items: T[]): boolean {
  return new Set(items.map((i) => JSON.stringify(i))).size === items.length;
}

const component = z.strictObject({
  '@id': iri.optional(),
  identifiers: identifiers.optional(),
  hashes: hashes.optional(),
  subcomponents: z.array(subcomponent).refine(unique, 'subcomponents must be unique').optional(),
});

const vulnerability = z.strictObject({
  '@id': iri.optional(),
  name: z.string(),
  description: z.string().optional(),
  aliases: z.array(z.string()).refine(unique, 'aliases must be unique').optional(),
});

const JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;

const statement = z
  .strictObject({
    '@id': iri.optional(),
    version: z.number().int().min(1).optional(),
    vulnerability,
    timestamp: dateTime.optional(),
    last_updated: dateTime.optional(),
    products: z.array(component).refine(unique, 'products must be unique').optional(),
    status: z.enum(['not_affected', 'affected', 'fixed', 'under_investigation']),
    supplier: z.string().optional(),
    status_notes: z.string().optional(),
    justification: z.enum(JUSTIFICATIONS).optional(),
    impact_statement: z.string().optional(),
    action_statement: z.string().optional(),
    action_statement_timestamp: dateTime.optional(),
  })
  .refine((s) => s.status !== 'not_affected' || (s.justification === undefined) !== (s.impact_statement === undefined), {
    message: 'not_affected needs exactly one of justification and impact_statement',
  })
  .refine((s) => s.status !== 'affected' || s.action_statement !== undefined, { message: 'affected needs an action_statement' });

export const openVexSchema = z.strictObject({
  '@context': iri,
  '@id': iri,
  author: z.string(),
  role: z.string().optional(),
  timestamp: dateTime,
  last_updated: dateTime.optional(),
  version: z.number().int().min(1),
  tooling: z.string().optional(),
  statements: z.array(statement).min(1).refine(unique, 'statements must be unique'),
});

/** The schema's verdict as a list of problems (empty = valid). */
export function openVexProblems(document: unknown): string[] {
  const parsed = openVexSchema.safeParse(document);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
