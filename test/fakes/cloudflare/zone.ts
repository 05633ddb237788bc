/** One zone of the Cloudflare API fake: its DNS records and the rules the batch endpoint enforces. */
import type { BatchPatchParam, RecordBatchParams, RecordResponse } from 'cloudflare/resources/dns/records';

/** The fields of a DNS record the fake keeps; a subset of the SDK's RecordResponse. */
export interface FakeRecord {
  id: string;
  name: string;
  type: 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'MX' | 'SRV' | 'CAA' | 'NS' | 'PTR';
  content: string;
  /** MX preference (and SRV priority, as the API also answers it). */
  priority?: number;
  /**
   * SRV and CAA parts, as written; `content` is derived from them. Empty for the other types: the
   * published schema requires `data` (and `comment`) on every record it answers.
   */
  data: RecordData;
  ttl: number;
  proxied: boolean;
  proxiable: boolean;
  /** Empty when the record has none (the schema types it a required string). */
  comment: string;
  created_on: string;
  modified_on: string;
  meta: Record<string, never>;
  settings: Record<string, never>;
  tags: string[];
}

export interface RecordData {
  priority?: number;
  weight?: number;
  port?: number;
  target?: string;
  flags?: number;
  tag?: string;
  value?: string;
}

// The fake's record must stay assignable to the SDK's response type.
export const asResponse = (r: FakeRecord): RecordResponse => r;

/** An error in the v4 envelope's `errors` array, with the HTTP status the API answers it with. */
export class ApiFault extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** The specific reasons the live API nests under a general code (as 9021 under 1004). */
    readonly chain?: { code: number; message: string }[],
  ) {
    super(message);
  }
}

export type RecordInput = Partial<Omit<FakeRecord, 'id'>> & Pick<FakeRecord, 'name' | 'type'>;
export type BatchBody = Pick<RecordBatchParams, 'deletes' | 'posts'> & {
  patches?: BatchPatchParam[];
  puts?: (RecordInput & { id: string })[];
};

/** Cloudflare's answers for a batch that addresses a record by an id the zone does not hold. */
const missing = () => new ApiFault(404, 81044, 'Record does not exist.');

const TYPES = new Set(['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'SRV', 'CAA', 'NS', 'PTR']);
const HOST_TYPES = new Set(['CNAME', 'MX', 'NS', 'PTR']);
const isPort = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 65_535;
const ADDRESS = new Set(['A', 'AAAA', 'CNAME']);
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** localeCompare's order, without building a collator per comparison. */
const collate = new Intl.Collator().compare;

let counter = 0;
const newId = () => (Date.now().toString(16) + (++counter).toString(16).padStart(8, '0')).padStart(32, '0');

export class FakeZone {
  readonly #records = new Map<string, FakeRecord>();
  /** The zone's records by name, kept with the records, so a record's checks against the rest are one lookup. */
  readonly #byName = new Map<string, Set<FakeRecord>>();
  constructor(
    readonly id: string,
    readonly name: string,
  ) {}

  list(query: URLSearchParams): { result: FakeRecord[]; total: number; page: number; perPage: number } {
    // Their bounds (page >= 1, 1 <= per_page <= 5,000,000) are held by the schema check before this.
    const page = Math.floor(Number(query.get('page') ?? 1));
    const perPage = Math.floor(Number(query.get('per_page') ?? 100));
    const type = query.get('type');
    const name = query.get('name') ?? query.get('name.exact');
    const all = [...this.#records.values()]
      .filter((r) => (!type || r.type === type) && (!name || r.name === name))
      .sort((a, b) => collate(a.name, b.name) || collate(a.type, b.type) || collate(a.id, b.id));
    return {
      result: structuredClone(all.slice((page - 1) * perPage, page * perPage)),
      total: all.length,
      page,
      perPage,
    };
  }

  /** Seeds records directly, bypassing the API's checks (the state a zone can be found in). */
  seed(inputs: readonly RecordInput[]): FakeRecord[] {
    return inputs.map((input) => {
      const record = this.build(newId(), input);
      this.#put(record);
      return record;
    });
  }

  /** The zone's records by id (change them through the API, `seed` or `remove`). */
  get records(): ReadonlyMap<string, FakeRecord> {
    return this.#records;
  }

  /** Deletes a record directly, bypassing the API (another writer's change). */
  remove(id: string) {
    this.#delete(id);
  }

  /** Applies a batch all or nothing, in the API's order: deletes, patches, puts, posts. */
  batch(body: BatchBody) {
    // Applied in place with an undo journal: a batch that fails leaves the zone as it found it.
    const undo: Array<() => void> = [];
    const put = (record: FakeRecord) => {
      const was = this.#records.get(record.id);
      this.#put(record);
      undo.push(() => (was ? this.#put(was) : this.#delete(record.id)));
    };
    const drop = (record: FakeRecord) => {
      this.#delete(record.id);
      undo.push(() => this.#put(record));
    };
    const result = {
      deletes: [] as FakeRecord[],
      patches: [] as FakeRecord[],
      puts: [] as FakeRecord[],
      posts: [] as FakeRecord[],
    };
    try {
      for (const { id } of body.deletes ?? []) {
        const found = this.#records.get(id);
        if (!found) throw missing();
        drop(found);
        result.deletes.push(found);
      }
      for (const patch of body.patches ?? []) {
        const found = this.#records.get(patch.id);
        if (!found) throw missing();
        const next = this.build(patch.id, { ...found, ...(patch as Partial<FakeRecord>) }, found.created_on);
        drop(found);
        this.admit(next);
        put(next);
        result.patches.push(next);
      }
      for (const change of body.puts ?? []) {
        // PUT overwrites the record whole: what the body leaves out takes its default, not the old value.
        const found = this.#records.get(change.id);
        if (!found) throw missing();
        const next = this.build(change.id, change, found.created_on);
        drop(found);
        this.admit(next);
        put(next);
        result.puts.push(next);
      }
      for (const post of body.posts ?? []) {
        const next = this.build(newId(), post as RecordInput);
        this.admit(next);
        put(next);
        result.posts.push(next);
      }
    } catch (error) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      throw error;
    }
    return structuredClone(result);
  }

  #put(record: FakeRecord) {
    this.#delete(record.id);
    this.#records.set(record.id, record);
    const same = this.#byName.get(record.name);
    if (same) same.add(record);
    else this.#byName.set(record.name, new Set([record]));
  }

  #delete(id: string) {
    const record = this.#records.get(id);
    if (!record) return;
    this.#records.delete(id);
    const same = this.#byName.get(record.name);
    same?.delete(record);
    if (same?.size === 0) this.#byName.delete(record.name);
  }

  private build(id: string, input: RecordInput, createdOn?: string): FakeRecord {
    const now = new Date().toISOString();
    const type = input.type;
    if (!TYPES.has(type))
      throw new ApiFault(400, 1004, `DNS record type "${type}" is not served by this fake`);
    const name = input.name.toLowerCase().replace(/\.$/, '');
    if (name !== this.name && !name.endsWith(`.${this.name}`))
      throw new ApiFault(400, 1004, `DNS name ${name} is not in zone ${this.name}`);
    const { content, priority, data } = this.fields(input);
    if (type === 'A' && !IPV4.test(content))
      throw new ApiFault(400, 9005, 'Content for A record must be a valid IPv4 address.');
    if (type === 'AAAA' && !content.includes(':'))
      throw new ApiFault(400, 9006, 'Content for AAAA record must be a valid IPv6 address.');
    const proxied = input.proxied ?? false;
    if (proxied && !ADDRESS.has(type)) throw new ApiFault(400, 9004, 'This record type cannot be proxied.');
    const ttl = proxied ? 1 : (input.ttl ?? 1);
    if (ttl !== 1 && (ttl < 60 || ttl > 86_400))
      throw new ApiFault(400, 1004, 'DNS Validation Error', [
        { code: 9021, message: 'TTL must be between 60 and 86400 seconds, or 1 for Automatic.' },
      ]);
    return {
      id,
      name,
      type,
      content: HOST_TYPES.has(type) ? content.toLowerCase().replace(/\.$/, '') : content,
      ...(priority !== undefined ? { priority } : {}),
      data: data ?? {},
      ttl,
      proxied,
      proxiable: ADDRESS.has(type),
      comment: input.comment ?? '',
      created_on: createdOn ?? now,
      modified_on: now,
      meta: {},
      settings: {},
      tags: input.tags ?? [],
    };
  }

  /** MX needs `priority`; SRV and CAA are written through `data`, and the API derives `content`. */
  private fields(input: RecordInput): { content: string; priority?: number; data?: RecordData } {
    if (input.type === 'MX') {
      if (!isPort(input.priority)) throw new ApiFault(400, 9100, 'MX records must have a priority.');
      return { content: input.content ?? '', priority: input.priority! };
    }
    if (input.type === 'SRV') {
      const d = input.data ?? {};
      if (![d.priority, d.weight, d.port].every(isPort) || !d.target)
        throw new ApiFault(400, 9101, 'SRV data must have priority, weight, port and target.');
      const target = d.target.toLowerCase().replace(/\.$/, '');
      const data = { priority: d.priority!, weight: d.weight!, port: d.port!, target };
      return { content: `${data.weight}\t${data.port}\t${target}`, priority: data.priority, data };
    }
    if (input.type === 'CAA') {
      const d = input.data ?? {};
      if (!Number.isInteger(d.flags) || !d.tag || d.value === undefined)
        throw new ApiFault(400, 9102, 'CAA data must have flags, tag and value.');
      const data = { flags: d.flags!, tag: d.tag, value: d.value };
      return { content: `${data.flags} ${data.tag} "${data.value}"`, data };
    }
    return { content: input.content ?? '' };
  }

  /** The API's checks against the rest of the zone. */
  private admit(next: FakeRecord) {
    for (const other of this.#byName.get(next.name) ?? []) {
      if (next.type === 'CNAME' && ADDRESS.has(other.type))
        throw new ApiFault(400, 81053, 'An A, AAAA, or CNAME record with that host already exists.');
      if (ADDRESS.has(next.type) && other.type === 'CNAME')
        throw new ApiFault(400, 81054, 'A CNAME record with that host already exists.');
      if (other.type === next.type && other.content === next.content && other.priority === next.priority) {
        if (other.ttl === next.ttl && other.proxied === next.proxied)
          throw new ApiFault(400, 81058, 'An identical record already exists.');
        throw new ApiFault(400, 81057, 'Record already exists.');
      }
    }
  }
}
