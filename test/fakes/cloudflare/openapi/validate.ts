/**
 * Holds the Cloudflare API fake to Cloudflare's published OpenAPI schema (the subset vendored in
 * dns-records.json): every query and body it takes and every envelope it answers is checked, and a
 * mismatch is a SchemaViolation naming the operation, the JSON pointer and the rule broken.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import spec from './dns-records.json' with { type: 'json' };

export type Operation = 'list' | 'batch';

const PATHS: Record<Operation, { path: string; method: 'get' | 'post' }> = {
  list: { path: '/zones/{zone_id}/dns_records', method: 'get' },
  batch: { path: '/zones/{zone_id}/dns_records/batch', method: 'post' },
};

/** The failure envelope, as the batch operation's 4XX answer names it. */
const FAILURE = '#/components/schemas/dns-records_api-response-common-failure';

/** Thrown when a request or a response of the fake breaks the published schema. */
export class SchemaViolation extends Error {
  override readonly name = 'SchemaViolation';
  constructor(
    readonly where: string,
    readonly errors: readonly ErrorObject[],
  ) {
    super(`${where} breaks Cloudflare's published schema: ${describe(errors)}`);
  }
}

const describe = (errors: readonly ErrorObject[]) =>
  errors
    .slice(0, 8)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`)
    .join('; ');

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema: object;
}
interface OperationSpec {
  parameters: ({ $ref: string } | Parameter)[];
  requestBody?: { content: { 'application/json': { schema: object } } };
  responses: Record<string, { content: { 'application/json': { schema: object } } }>;
}

const operationOf = (op: Operation): OperationSpec => {
  const { path, method } = PATHS[op];
  return (spec.paths as unknown as Record<string, Record<string, OperationSpec>>)[path]![method]!;
};

const resolveParameter = (p: { $ref: string } | Parameter): Parameter => {
  if (!('$ref' in p)) return p;
  const name = p.$ref.split('/').pop()!;
  return (spec.components.parameters as Record<string, Parameter>)[name]!;
};

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

function compiler(coerceTypes: boolean): Ajv {
  // The schema carries OpenAPI keywords (`example`, `x-*`, `nullable`) that JSON Schema does not know.
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, logger: false });
  addFormats(ajv);
  ajv.addSchema({ components: spec.components }, 'spec');
  return ajv;
}

/** `#/components/...` refs, resolved inside the registered spec. */
const local = (schema: object): object =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/'));

/**
 * The live API sends code 971 on HTTP 429 ("Please wait and consider throttling your request speed"),
 * below the schema's `minimum: 1000` for message codes. That one divergence is accepted; see README.md.
 */
function knownDivergence(status: number, body: unknown, e: ErrorObject): boolean {
  const at = /^\/errors\/(\d+)\/code$/.exec(e.instancePath);
  if (!at || e.keyword !== 'minimum' || status !== 429) return false;
  const errors = (body as { errors?: { code?: unknown }[] }).errors ?? [];
  return errors[Number(at[1])]?.code === 971;
}

export class CloudflareContract {
  private readonly query = new Map<Operation, ValidateFunction>();
  private readonly body = new Map<Operation, ValidateFunction>();
  private readonly ok = new Map<Operation, ValidateFunction>();
  private readonly zoneId: ValidateFunction;
  private readonly failure: ValidateFunction;

  constructor() {
    const strict = compiler(false);
    // Query values arrive as strings; the schema types them as numbers and booleans.
    const coercing = compiler(true);
    for (const op of Object.keys(PATHS) as Operation[]) {
      const spec = operationOf(op);
      const params = spec.parameters.map(resolveParameter);
      this.query.set(
        op,
        coercing.compile({
          type: 'object',
          properties: Object.fromEntries(
            params.filter((p) => p.in === 'query').map((p) => [p.name, local(p.schema)]),
          ),
          // The schema lists every parameter the operation takes; anything else is a client bug.
          additionalProperties: false,
        }),
      );
      const body = spec.requestBody?.content['application/json'].schema;
      if (body) this.body.set(op, strict.compile(local(body)));
      this.ok.set(op, strict.compile(local(spec.responses['200']!.content['application/json'].schema)));
    }
    const zone = resolveParameter(operationOf('list').parameters[0]!);
    this.zoneId = strict.compile(local(zone.schema));
    this.failure = strict.compile({ $ref: `spec${FAILURE}` });
  }

  /** Checks a request's zone id, query and (for writes) JSON body. */
  request(op: Operation, zoneId: string, query: URLSearchParams, body?: unknown): void {
    check(this.zoneId, zoneId, `${op} request path zone_id`);
    const params: Record<string, string> = {};
    for (const [k, v] of query) params[k] = v;
    check(this.query.get(op)!, params, `${op} request query`);
    const validate = this.body.get(op);
    if (validate) check(validate, body, `${op} request body`);
  }

  /**
   * Checks a response envelope: a 200 against the operation's success schema; any error against the
   * failure envelope (the list operation's published 4XX schema is allOf success-and-failure, which no
   * body satisfies, so errors of every operation are held to the failure component the batch one names).
   */
  response(op: Operation | undefined, status: number, body: unknown): void {
    const where = `${op ?? 'API'} response (HTTP ${status})`;
    if (status < 400) {
      if (!op)
        throw new SchemaViolation(where, [{ instancePath: '', message: 'no operation' } as ErrorObject]);
      check(this.ok.get(op)!, body, where);
      return;
    }
    check(this.failure, body, where, (e) => knownDivergence(status, body, e));
  }
}

function check(
  validate: ValidateFunction,
  data: unknown,
  where: string,
  allowed?: (e: ErrorObject) => boolean,
) {
  if (validate(data)) return;
  const errors = (validate.errors ?? []).filter((e) => !allowed?.(e));
  if (errors.length > 0) throw new SchemaViolation(where, errors);
}
