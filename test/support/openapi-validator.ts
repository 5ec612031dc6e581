import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/*
 * GitHub's official OpenAPI description (from @octokit/openapi) turned into request and
 * response validators.
 *
 * The description is OpenAPI 3.0: its schemas are JSON Schema with a few differences that
 * Ajv would otherwise misread or reject, so every schema is converted once:
 * - `nullable: true` becomes `type: [T, 'null']` (or an `anyOf` with null when there is no
 *   `type`, e.g. `oneOf` + nullable, which GitHub uses for `milestone`);
 * - `$ref: '#/components/…'` points into one registered document holding the converted
 *   `components`, so references resolve without inlining the 13 MB description;
 * - annotations Ajv does not know (`example`, `x-github`, `discriminator`…) are dropped.
 */

const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const COMPONENTS_ID = 'https://api.github.test/openapi/components.json';
const DROPPED_KEYWORDS = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonObject;
}

export interface OpenApiOperation {
  operationId: string;
  method: string;
  pathTemplate: string;
  parameters: OpenApiParameter[];
  requestBodyRequired: boolean;
  /** The converted JSON schema of an application/json request body, if the operation takes one. */
  requestBodySchema: JsonObject | undefined;
  /** Documented status codes ('200', '404', 'default'…) → converted response schema (undefined = no JSON body). */
  responses: Map<string, JsonObject | undefined>;
}

interface IndexedOperation {
  regex: RegExp;
  names: string[];
  operation: OpenApiOperation;
}

export interface MatchedOperation {
  operation: OpenApiOperation;
  pathParams: Record<string, string>;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAPI 3.0 schema → JSON Schema (draft-07 as Ajv reads it). */
export function convertSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(convertSchema);
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYWORDS.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
      out[key] = `${COMPONENTS_ID}${value}`;
    } else if (key === 'properties' && isObject(value)) {
      // Property names are data, not keywords: convert each value, keep every name.
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, convertSchema(sub)]));
    } else {
      out[key] = convertSchema(value);
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string' && out.$ref === undefined) {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ');
}

export class OpenApiDescription {
  private readonly document: JsonObject;
  private readonly ajv: InstanceType<typeof Ajv>;
  private readonly operations: IndexedOperation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: JsonObject) {
    this.document = document;
    // strict: false because GitHub's schemas use `type` with `allOf` etc.; formats stay strict.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
    addFormats(this.ajv);
    const components = document.components as JsonObject;
    this.ajv.addSchema({ $id: COMPONENTS_ID, components: convertSchema(components) } as JsonObject);
    this.indexOperations();
  }

  static load(): OpenApiDescription {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    return new OpenApiDescription(JSON.parse(readFileSync(file, 'utf8')) as JsonObject);
  }

  private resolve(value: Json): Json {
    let current = value;
    // Follow component references (parameters, responses, request bodies) until a real object.
    while (isObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#/')) {
      const pointer = current.$ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
      let target: Json = this.document;
      for (const part of pointer) target = isObject(target) ? (target[part] as Json) : null;
      current = target;
    }
    return current;
  }

  private indexOperations(): void {
    const paths = this.document.paths as JsonObject;
    for (const [template, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      const names: string[] = [];
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      const regex = new RegExp(`^${pattern}$`);
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      for (const [method, rawOperation] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete', 'head'].includes(method) || !isObject(rawOperation)) continue;
        const parameters = [...shared, ...(Array.isArray(rawOperation.parameters) ? rawOperation.parameters : [])]
          .map((p) => this.resolve(p))
          .filter(isObject)
          .map(
            (p): OpenApiParameter => ({
              name: String(p.name),
              in: p.in as OpenApiParameter['in'],
              required: p.required === true,
              schema: convertSchema(isObject(p.schema) ? p.schema : {}) as JsonObject,
            }),
          );
        const body = this.resolve(rawOperation.requestBody ?? null);
        const bodyContent = isObject(body) && isObject(body.content) ? body.content['application/json'] : undefined;
        const responses = new Map<string, JsonObject | undefined>();
        for (const [status, rawResponse] of Object.entries(isObject(rawOperation.responses) ? rawOperation.responses : {})) {
          const response = this.resolve(rawResponse);
          const content = isObject(response) && isObject(response.content) ? response.content['application/json'] : undefined;
          responses.set(status, isObject(content) && isObject(content.schema) ? (convertSchema(content.schema) as JsonObject) : undefined);
        }
        this.operations.push({
          regex,
          names,
          operation: {
            operationId: String(rawOperation.operationId),
            method: method.toUpperCase(),
            pathTemplate: template,
            parameters,
            requestBodyRequired: isObject(body) && body.required === true,
            requestBodySchema: isObject(bodyContent) && isObject(bodyContent.schema) ? (convertSchema(bodyContent.schema) as JsonObject) : undefined,
            responses,
          },
        });
      }
    }
  }

  /** The documented operation for a method and a (decoded) path, or undefined. */
  match(method: string, path: string): MatchedOperation | undefined {
    // `/issues/comments` also matches `/issues/{issue_number}`: the template with the most literal segments wins, as on GitHub.
    let best: { entry: IndexedOperation; m: RegExpExecArray } | undefined;
    for (const entry of this.operations) {
      if (entry.operation.method !== method.toUpperCase()) continue;
      const m = entry.regex.exec(path);
      if (m && (!best || entry.names.length < best.entry.names.length)) best = { entry, m };
    }
    if (!best) return undefined;
    const pathParams: Record<string, string> = {};
    best.entry.names.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(best.m[i + 1] ?? '');
    });
    return { operation: best.entry.operation, pathParams };
  }

  /** An operation by its id (e.g. `issues/create`), for tests that name what they mean. */
  operation(operationId: string): OpenApiOperation {
    const found = this.operations.find((o) => o.operation.operationId === operationId);
    if (!found) throw new Error(`no operation ${operationId} in the OpenAPI description`);
    return found.operation;
  }

  private validator(key: string, schema: JsonObject): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Problems with a value against a converted schema (empty = valid). */
  check(key: string, schema: JsonObject, value: unknown): string[] {
    const validate = this.validator(key, schema);
    return validate(value) ? [] : [formatErrors(validate.errors)];
  }

  /**
   * Every problem with a request: undocumented query parameters, parameters of the wrong type,
   * a body that does not match the schema or carries fields the operation does not define.
   */
  validateRequest(
    matched: MatchedOperation,
    query: URLSearchParams,
    body: unknown,
    hasBody: boolean,
  ): { problems: string[]; params: Record<string, unknown> } {
    const { operation, pathParams } = matched;
    const problems: string[] = [];
    const params: Record<string, unknown> = {};
    for (const parameter of operation.parameters) {
      if (parameter.in !== 'path' && parameter.in !== 'query') continue;
      const raw = parameter.in === 'path' ? pathParams[parameter.name] : (query.get(parameter.name) ?? undefined);
      if (raw === undefined) {
        if (parameter.required) problems.push(`missing required ${parameter.in} parameter '${parameter.name}'`);
        continue;
      }
      const value = coerce(raw, parameter.schema);
      params[parameter.name] = value;
      const key = `${operation.operationId}:${parameter.in}:${parameter.name}`;
      for (const problem of this.check(key, parameter.schema, value)) {
        problems.push(`${parameter.in} parameter '${parameter.name}'=${JSON.stringify(raw)}: ${problem}`);
      }
    }
    const known = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of query.keys()) {
      if (!known.has(name)) problems.push(`query parameter '${name}' is not defined for ${operation.operationId}`);
    }
    if (operation.requestBodySchema) {
      if (!hasBody) {
        if (operation.requestBodyRequired) problems.push('request body is required');
      } else {
        problems.push(...this.check(`${operation.operationId}:body`, operation.requestBodySchema, body).map((p) => `request body: ${p}`));
        const properties = operation.requestBodySchema.properties;
        if (isObject(body) && isObject(properties)) {
          // GitHub ignores unknown fields; a test server that did too would hide typos in our requests.
          for (const field of Object.keys(body)) {
            if (!(field in properties)) problems.push(`request body field '${field}' is not defined for ${operation.operationId}`);
          }
        }
      }
    } else if (hasBody && (operation.method === 'GET' || operation.method === 'DELETE')) {
      problems.push(`${operation.operationId} takes no request body`);
    }
    return { problems, params };
  }

  /** Problems with a response: undocumented status, or a body that does not match its schema. */
  validateResponse(operation: OpenApiOperation, status: number, body: unknown, options: { allowUndocumented?: boolean } = {}): string[] {
    const key = String(status);
    const documented = operation.responses.has(key) ? key : operation.responses.has('default') ? 'default' : undefined;
    if (documented === undefined) {
      if (options.allowUndocumented) return body === undefined ? [] : this.check('basic-error', { $ref: `${COMPONENTS_ID}#/components/schemas/basic-error` }, body);
      return [`status ${status} is not documented for ${operation.operationId} (documented: ${[...operation.responses.keys()].join(', ')})`];
    }
    const schema = operation.responses.get(documented);
    if (!schema) return body === undefined ? [] : [`status ${status} of ${operation.operationId} has no JSON body, but one was sent`];
    if (body === undefined) return [`status ${status} of ${operation.operationId} needs a JSON body`];
    return this.check(`${operation.operationId}:response:${documented}`, schema, body).map((p) => `response ${status} body: ${p}`);
  }
}

/** Query and path values arrive as strings; the schema says what they should be. */
function coerce(raw: string, schema: JsonObject): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

let shared: OpenApiDescription | undefined;

/** Loading and converting the description takes a moment: share it between servers in one test file. */
export function githubOpenApi(): OpenApiDescription {
  shared ??= OpenApiDescription.load();
  return shared;
}
