/**
 * A fake of the Cloudflare API v4, as a fetch handler: the DNS records list and batch endpoints, a KV
 * value read, every answer in the v4 envelope {success, errors, messages, result, result_info}. Each
 * DNS request and answer is held to Cloudflare's published OpenAPI schema (openapi/); a breach is
 * answered 500 with the reason and kept in `violations`. It also serves origin health endpoints and a
 * control surface under /__fake for tests and local runs.
 */
import { CloudflareContract, type Operation, SchemaViolation } from './openapi/validate';
import { ApiFault, type BatchBody, FakeZone, type RecordInput } from './zone';

export interface Fault {
  status: number;
  code: number;
  message: string;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** Which API calls it hits: reads (GET), writes (anything else) or any. Default any. */
  on?: 'read' | 'write' | 'any';
  /** How many calls it hits. Default 1. */
  times?: number;
}

export interface FakeOptions {
  token?: string;
  zones?: Record<string, string>;
}

let contract: CloudflareContract | undefined;
/** Compiled once per process: the schema is large and the fake is built per test file. */
const theContract = () => {
  contract ??= new CloudflareContract();
  return contract;
};

const RECORDS = /^\/zones\/([^/]+)\/dns_records(\/batch)?$/;

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

const API = '/client/v4';

const envelope = (status: number, result: unknown, extra: Record<string, unknown> = {}) =>
  Response.json({ success: true, errors: [], messages: [], result, ...extra }, { status });

const failure = (
  status: number,
  code: number,
  message: string,
  headers?: HeadersInit,
  chain?: { code: number; message: string }[],
) =>
  Response.json(
    {
      success: false,
      errors: [{ code, message, ...(chain ? { error_chain: chain } : {}) }],
      messages: [],
      result: null,
    },
    { status, ...(headers ? { headers } : {}) },
  );

export class CloudflareApiFake {
  token: string;
  zones = new Map<string, FakeZone>();
  kv = new Map<string, string>();
  origins = new Map<string, number>();
  /** Origins whose health answers wait until released (`{"hold": true}`, then `{"hold": false}`). */
  holds = new Map<string, { gate: Promise<void>; open: () => void; waiting: number }>();
  faults: Fault[] = [];
  requests: LoggedRequest[] = [];
  /** Requests or answers that broke the published schema (each was answered 500). */
  violations: SchemaViolation[] = [];
  /** Records to add to a zone right after its next list is served: a writer racing the reader. */
  afterNextRead = new Map<string, RecordInput[]>();

  constructor(private readonly options: FakeOptions = {}) {
    this.token = options.token ?? 'fake-cloudflare-token';
    this.reset();
  }

  reset() {
    this.zones = new Map(
      Object.entries(this.options.zones ?? {}).map(([id, name]) => [id, new FakeZone(id, name)]),
    );
    this.kv.clear();
    this.origins.clear();
    for (const hold of this.holds.values()) hold.open();
    this.holds.clear();
    this.faults = [];
    this.requests = [];
    this.violations = [];
    this.afterNextRead.clear();
  }

  zone(id: string): FakeZone {
    const zone = this.zones.get(id);
    if (!zone) throw new Error(`the fake has no zone ${id}`);
    return zone;
  }

  /** API calls only (the control surface and origins are not logged). */
  apiCalls(method?: string): LoggedRequest[] {
    return this.requests.filter((r) => !method || r.method === method);
  }

  handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/__fake/')) return this.control(request, url);
    const origin = /^\/origins\/([^/]+)\/health$/.exec(url.pathname);
    if (origin) {
      const hold = this.holds.get(origin[1]!);
      if (hold) {
        hold.waiting++;
        await hold.gate;
      }
      const status = this.origins.get(origin[1]!) ?? 200;
      return new Response(status < 400 ? 'ok' : 'down', { status });
    }
    if (!url.pathname.startsWith(API)) return failure(404, 7000, 'No route for that URI');
    const path = url.pathname.slice(API.length);
    const response = await this.held(request, path, url.searchParams);
    this.requests.push({ method: request.method, path: url.pathname, status: response.status });
    return response;
  };

  /** One API call, its request and its answer checked against the schema where the schema covers it. */
  private async held(request: Request, path: string, query: URLSearchParams): Promise<Response> {
    const route = RECORDS.exec(path);
    const op: Operation | undefined = !route
      ? undefined
      : route[2]
        ? request.method === 'POST'
          ? 'batch'
          : undefined
        : request.method === 'GET'
          ? 'list'
          : undefined;
    try {
      let body: unknown;
      if (op === 'batch') {
        const text = await request.text();
        try {
          body = JSON.parse(text);
        } catch {
          return failure(400, 6007, 'Malformed JSON in request body');
        }
      }
      if (op) theContract().request(op, route![1]!, query, body);
      const response = await this.api(request, path, query, body);
      // The KV value read is outside the vendored schema: its answer is the raw value.
      if (!route && response.ok) return response;
      theContract().response(op, response.status, await response.clone().json());
      return response;
    } catch (error) {
      if (!(error instanceof SchemaViolation)) throw error;
      this.violations.push(error);
      console.error(`Cloudflare API fake: ${error.message}`);
      return new Response(`Cloudflare API fake: ${error.message}`, { status: 500 });
    }
  }

  private async api(
    request: Request,
    path: string,
    query: URLSearchParams,
    body: unknown,
  ): Promise<Response> {
    if (request.headers.get('authorization') !== `Bearer ${this.token}`)
      return failure(403, 10000, 'Authentication error');
    const kind = request.method === 'GET' ? 'read' : 'write';
    const fault = this.faults.find((f) => (f.on ?? 'any') === 'any' || f.on === kind);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      const headers =
        fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : undefined;
      return failure(fault.status, fault.code, fault.message, headers);
    }
    try {
      const records = RECORDS.exec(path);
      if (records) {
        const zone = this.zones.get(records[1]!);
        if (!zone)
          return failure(
            404,
            7003,
            `Could not route to ${API}${path}, perhaps your object identifier is invalid?`,
          );
        if (records[2] && request.method === 'POST') return envelope(200, zone.batch(body as BatchBody));
        if (!records[2] && request.method === 'GET') return this.list(zone, query);
        return failure(405, 10405, `Method ${request.method} not allowed`);
      }
      const kv = /^\/accounts\/([^/]+)\/storage\/kv\/namespaces\/([^/]+)\/values\/(.+)$/.exec(path);
      if (kv && request.method === 'GET') {
        const value = this.kv.get(`${kv[2]}/${decodeURIComponent(kv[3]!)}`);
        return value === undefined ? failure(404, 10009, "get: 'key not found'") : new Response(value);
      }
      return failure(404, 7000, 'No route for that URI');
    } catch (error) {
      if (error instanceof ApiFault)
        return failure(error.status, error.code, error.message, undefined, error.chain);
      if (error instanceof SyntaxError) return failure(400, 6007, 'Malformed JSON in request body');
      throw error;
    }
  }

  private list(zone: FakeZone, query: URLSearchParams) {
    const { result, total, page, perPage } = zone.list(query);
    const race = this.afterNextRead.get(zone.id);
    if (race) {
      this.afterNextRead.delete(zone.id);
      zone.seed(race);
    }
    return envelope(200, result, {
      result_info: {
        page,
        per_page: perPage,
        count: result.length,
        total_count: total,
        total_pages: Math.max(1, Math.ceil(total / perPage)),
      },
    });
  }

  /** The control surface: seed and inspect zones, KV and origins, inject faults. */
  private async control(request: Request, url: URL): Promise<Response> {
    const path = url.pathname.slice('/__fake'.length);
    const body = request.method === 'POST' ? ((await request.json().catch(() => ({}))) as never) : undefined;
    const zone = /^\/zones\/([0-9a-f]{32})\/(records|race)$/.exec(path);
    if (zone && this.zones.has(zone[1]!)) {
      const fake = this.zone(zone[1]!);
      if (zone[2] === 'race' && body) this.afterNextRead.set(fake.id, body);
      else if (body) fake.seed(body);
      return Response.json([...fake.records.values()]);
    }
    const origin = /^\/origins\/([^/]+)$/.exec(path);
    if (origin && body) {
      const { status, hold } = body as { status?: number; hold?: boolean };
      if (status !== undefined) this.origins.set(origin[1]!, status);
      if (hold === true && !this.holds.has(origin[1]!)) {
        let open = () => {};
        const gate = new Promise<void>((resolve) => {
          open = resolve;
        });
        this.holds.set(origin[1]!, { gate, open, waiting: 0 });
      } else if (hold === false) {
        this.holds.get(origin[1]!)?.open();
        this.holds.delete(origin[1]!);
      }
      return Response.json({ ok: true });
    }
    if (origin) {
      const name = origin[1]!;
      return Response.json({
        status: this.origins.get(name) ?? 200,
        waiting: this.holds.get(name)?.waiting ?? 0,
      });
    }
    const kv = /^\/kv\/([^/]+)\/(.+)$/.exec(path);
    if (kv && body !== undefined) {
      this.kv.set(`${kv[1]}/${decodeURIComponent(kv[2]!)}`, JSON.stringify(body));
      return Response.json({ ok: true });
    }
    if (path === '/faults' && body) {
      this.faults.push(body);
      return Response.json({ ok: true });
    }
    if (path === '/requests') return Response.json(this.requests);
    if (path === '/reset' && request.method === 'POST') {
      this.reset();
      return Response.json({ ok: true });
    }
    return new Response('no such control route', { status: 404 });
  }
}
