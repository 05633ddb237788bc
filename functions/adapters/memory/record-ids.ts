/**
 * Cloudflare's id-based semantics for the in-memory provider: every value of a set is a record with
 * an id, a write addresses the ids the writer read (as the Cloudflare adapter does), an id that is
 * gone fails the write with not-found (the API's 81044), and there is no compare on values: a record
 * patched in place by another writer keeps its id and is overwritten; a create next to existing
 * records adds records; an identical record already there is taken as done (the adapter's 81058
 * path), the same value with other settings is refused (81057).
 */
import { ConflictError } from '../../core/errors';
import { sameRecordSet } from '../../core/plan';
import type { Change, RecordSet } from '../../core/types';

interface Entry {
  id: string;
  value: string;
  ttl: number;
  /** Absent where the set has no such notion (as the core's RecordSet). */
  proxied: boolean | undefined;
}

const sameSettings = (e: Entry, s: RecordSet) =>
  e.ttl === s.ttl && (e.proxied ?? false) === (s.proxied ?? false);

const key = (s: RecordSet) => `${s.name}/${s.type}`;
/** How many distinct reads of a zone a writer may still address (older reads are long stale). */
const REMEMBERED = 8;

export class RecordIds {
  private readonly entries = new WeakMap<RecordSet, Entry[]>();
  /**
   * By zone, the sets each recent read returned, newest first. A stored set is never changed in place
   * (a write stores new sets), so the set a read returned still carries the ids it had then.
   */
  private readonly reads = new Map<string, Map<string, RecordSet>[]>();
  private counter = 0;
  /** By zone, the stored sets the newest remembered read returned, in order. */
  private readonly lastRead = new Map<string, RecordSet[]>();

  constructor(private readonly provider: string) {}

  private newId(): string {
    return (++this.counter).toString(16).padStart(32, '0');
  }

  /** A stored set's records; a set placed or edited from outside gets ids for what it holds. */
  private entriesOf(set: RecordSet): Entry[] {
    const cached = this.entries.get(set) ?? [];
    const mixed = set.ttl === 0;
    const list = set.values.map((value, i) => {
      const known = cached[i];
      const id = known && cached.length === set.values.length ? known.id : this.newId();
      return mixed && known ? { ...known, id, value } : { id, value, ttl: set.ttl, proxied: set.proxied };
    });
    this.entries.set(set, list);
    return list;
  }

  /** Notes what a read returned, so a later write addresses the records it saw. */
  remember(zoneId: string, sets: readonly RecordSet[]): void {
    // A read of the same stored sets as the newest remembered one adds nothing a writer could address.
    const last = this.lastRead.get(zoneId);
    if (last && last.length === sets.length && last.every((set, i) => set === sets[i])) return;
    this.lastRead.set(zoneId, [...sets]);
    const read = new Map<string, RecordSet>();
    for (const set of sets) read.set(key(set), set);
    this.reads.set(zoneId, [read, ...(this.reads.get(zoneId) ?? [])].slice(0, REMEMBERED));
  }

  /**
   * One record's changes as one batch against the zone as it is now: the sets to store (undefined to
   * remove), or ConflictError when an addressed record is gone or a post collides. Nothing is stored
   * by this call.
   */
  apply(
    zoneId: string,
    changes: readonly Change[],
    held: (k: string) => RecordSet | undefined,
  ): Map<string, RecordSet | undefined> {
    const work = new Map<string, Entry[]>();
    const current = (k: string) => {
      let list = work.get(k);
      if (!list) {
        const set = held(k);
        list = set ? this.entriesOf(set).map((e) => ({ ...e })) : [];
        work.set(k, list);
      }
      return list;
    };
    for (const change of changes) {
      if (change.kind === 'create') {
        this.post(current(key(change.next)), change.next, change.next.values);
        continue;
      }
      const k = key(change.prev);
      const list = current(k);
      const read = this.addressed(zoneId, change.prev, held(k));
      const gone = read.find(({ id }) => !list.some((e) => e.id === id));
      if (gone) {
        throw new ConflictError(
          `${this.provider} ${k}`,
          `record ${gone.id} does not exist (81044): the set changed since it was read`,
        );
      }
      if (change.kind === 'delete' || change.role === 'marker') {
        // Markers are deleted by id and posted anew, as the adapter does, so each write gets new ids.
        for (const { id } of read)
          list.splice(
            list.findIndex((e) => e.id === id),
            1,
          );
        if (change.kind === 'update') this.post(current(key(change.next)), change.next, change.next.values);
        continue;
      }
      this.update(list, read, change.next);
    }
    const out = new Map<string, RecordSet | undefined>();
    for (const [k, list] of work) out.set(k, this.setOf(k, list));
    return out;
  }

  /** The records a writer with `prev` in hand addresses: the ids `prev` was read with. */
  private addressed(
    zoneId: string,
    prev: RecordSet,
    now: RecordSet | undefined,
  ): { id: string; value: string }[] {
    for (const read of this.reads.get(zoneId) ?? []) {
      const seen = read.get(key(prev));
      if (seen && sameRecordSet(seen, prev))
        return this.entriesOf(seen).map(({ id, value }) => ({ id, value }));
    }
    // Never read with that content: the adapter lists the zone first and compares what it finds.
    if (!now || !sameRecordSet(now, prev)) {
      throw new ConflictError(
        `${this.provider} ${key(prev)}`,
        'it no longer holds the value this change was planned against',
      );
    }
    return this.entriesOf(now).map(({ id, value }) => ({ id, value }));
  }

  /** The adapter's rewrite of a managed set: records keep their ids, patched to the new values. */
  private update(list: Entry[], read: readonly { id: string; value: string }[], next: RecordSet) {
    const pending = [...next.values];
    const leftover: string[] = [];
    for (const { id, value } of read) {
      const at = pending.indexOf(value);
      if (at < 0) leftover.push(id);
      else {
        pending.splice(at, 1);
        this.patch(list, id, value, next);
      }
    }
    leftover.forEach((id, i) => {
      const value = pending[i];
      if (value === undefined)
        list.splice(
          list.findIndex((e) => e.id === id),
          1,
        );
      else this.patch(list, id, value, next);
    });
    this.post(list, next, pending.slice(leftover.length));
  }

  private patch(list: Entry[], id: string, value: string, next: RecordSet) {
    const entry = list.find((e) => e.id === id)!;
    Object.assign(entry, { value, ttl: next.ttl, proxied: next.proxied });
  }

  private post(list: Entry[], next: RecordSet, values: readonly string[]) {
    for (const value of values) {
      const same = list.find((e) => e.value === value);
      if (same && sameSettings(same, next)) continue;
      if (same) {
        throw new ConflictError(
          `${this.provider} ${key(next)}`,
          `record already exists (81057): ${value} is held with other settings`,
        );
      }
      list.push({ id: this.newId(), value, ttl: next.ttl, proxied: next.proxied });
    }
  }

  /** Regroups records into the set a read reports: a set whose records disagree on TTL reads TTL 0. */
  private setOf(k: string, list: Entry[]): RecordSet | undefined {
    if (list.length === 0) return undefined;
    const sorted = [...list].sort((a, b) => (a.value < b.value ? -1 : 1));
    const first = sorted[0]!;
    const uniform = sorted.every(
      (e) => e.ttl === first.ttl && (e.proxied ?? false) === (first.proxied ?? false),
    );
    const slash = k.lastIndexOf('/');
    const set: RecordSet = {
      name: k.slice(0, slash),
      type: k.slice(slash + 1),
      ttl: uniform ? first.ttl : 0,
      values: sorted.map((e) => e.value),
      ...(uniform
        ? first.proxied === undefined
          ? {}
          : { proxied: first.proxied }
        : { proxied: sorted.every((e) => e.proxied ?? false) }),
    };
    this.entries.set(set, sorted);
    return set;
  }
}
