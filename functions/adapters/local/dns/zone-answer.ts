/**
 * Answers one question from the zone: its records plus the SOA, the apex NS and (for the default
 * ns.<zone>) that name's address. Pure, so tests can call it without sockets.
 */
import type { Answer, Question } from 'dns-packet';
import { isIPv4, isWithin, normalizeName } from '../../../core/names';
import type { RecordSet } from '../../../core/types';

export const RCODE = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  NOTAUTH: 9,
} as const;

const APEX_TTL = 3600;

/** A snapshot of everything the server publishes for the zone. */
export interface ZoneView {
  apex: string;
  records: readonly RecordSet[];
  serial: number;
  /** Apex NS names; empty for the default ns.<apex>, which then resolves to `address`. */
  nameservers: readonly string[];
  /** The listen address, published for the default ns.<apex>. */
  address: string;
}

export interface ZoneAnswer {
  rcode: number;
  /** Whether this server is authoritative for the name (false: outside the zone). */
  authoritative: boolean;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

function toAnswer(set: RecordSet, value: string): Answer {
  const base = { name: set.name, ttl: set.ttl, class: 'IN' as const };
  const f = value.split(/\s+/);
  if (set.type === 'TXT') return { ...base, type: 'TXT', data: [value] };
  if (set.type === 'MX')
    return { ...base, type: 'MX', data: { preference: Number(f[0]), exchange: f[1] ?? '' } };
  if (set.type === 'SRV') {
    const [priority, weight, port, target] = f;
    return {
      ...base,
      type: 'SRV',
      data: { priority: Number(priority), weight: Number(weight), port: Number(port), target: target ?? '' },
    };
  }
  if (set.type === 'CAA') {
    const m = /^(\d+)\s+(\S+)\s+"?(.*?)"?$/.exec(value);
    return {
      ...base,
      type: 'CAA',
      data: { flags: Number(m?.[1] ?? 0), tag: (m?.[2] ?? 'issue') as 'issue', value: m?.[3] ?? '' },
    };
  }
  return { ...base, type: set.type as 'A', data: value };
}

/** Every record set served, the synthesised apex ones first (SOA, NS, the default NS address). */
export function zoneSets(view: ZoneView): RecordSet[] {
  const { apex } = view;
  const defaultNs = `ns.${apex}`;
  const ns = view.nameservers.length > 0 ? view.nameservers : [defaultNs];
  const soa = `${ns[0]} hostmaster.${apex} ${view.serial} 3600 600 86400 60`;
  const synthesised: RecordSet[] = [
    { name: apex, type: 'SOA', ttl: APEX_TTL, values: [soa] },
    { name: apex, type: 'NS', ttl: APEX_TTL, values: [...ns] },
  ];
  // A wildcard listen address is no address to publish: then only configured NS names are right.
  const reachable = view.address !== '0.0.0.0' && view.address !== '::';
  if (view.nameservers.length === 0 && reachable && !view.records.some((s) => s.name === defaultNs)) {
    const type = isIPv4(view.address) ? 'A' : 'AAAA';
    synthesised.push({ name: defaultNs, type, ttl: APEX_TTL, values: [view.address] });
  }
  // Apex SOA and NS are the server's own: a stored set of those types is not served twice.
  const own = view.records.filter((s) => !(s.name === apex && (s.type === 'SOA' || s.type === 'NS')));
  return [...synthesised, ...own];
}

/** The zone as wire records, each set expanded. */
export function setAnswers(set: RecordSet): Answer[] {
  if (set.type === 'SOA') {
    const [mname, rname, serial, refresh, retry, expire, minimum] = set.values[0]!.split(' ');
    return [
      {
        name: set.name,
        type: 'SOA',
        ttl: set.ttl,
        class: 'IN',
        data: {
          mname: mname!,
          rname: rname!,
          serial: Number(serial),
          refresh: Number(refresh),
          retry: Number(retry),
          expire: Number(expire),
          minimum: Number(minimum),
        },
      },
    ];
  }
  return set.values.map((v) => toAnswer(set, v));
}

function additionalFor(sets: readonly RecordSet[], answers: readonly Answer[], apex: string): Answer[] {
  const targets = answers.flatMap((a) => (a.type === 'NS' ? [normalizeName(a.data as string)] : []));
  return sets
    .filter(
      (s) => (s.type === 'A' || s.type === 'AAAA') && targets.includes(s.name) && isWithin(s.name, apex),
    )
    .flatMap(setAnswers);
}

export function answer(view: ZoneView, question: Question): ZoneAnswer {
  const apex = normalizeName(view.apex);
  let name = normalizeName(question.name);
  const none = { answers: [], authorities: [], additionals: [] };
  if (!isWithin(name, apex)) return { rcode: RCODE.REFUSED, authoritative: false, ...none };
  const sets = zoneSets({ ...view, apex });
  const soa = setAnswers(sets[0]!);
  const answers: Answer[] = [];
  const done = (rcode: number, authorities: Answer[] = []): ZoneAnswer => ({
    rcode,
    authoritative: true,
    answers,
    authorities,
    additionals: additionalFor(sets, answers, apex),
  });
  for (let hops = 0; hops < 8; hops++) {
    const atName = sets.filter((s) => s.name === name);
    if ((question.type as string) === 'ANY' && atName.length > 0) {
      // RFC 8482: one RRset stands for all; the SOA at the apex, the first set elsewhere.
      answers.push(...setAnswers(atName[0]!));
      return done(RCODE.NOERROR);
    }
    const exact = atName.find((s) => s.type === question.type);
    if (exact) {
      answers.push(...setAnswers(exact));
      return done(RCODE.NOERROR);
    }
    const cname = atName.find((s) => s.type === 'CNAME');
    if (cname && question.type !== 'CNAME') {
      answers.push(...setAnswers(cname));
      name = normalizeName(cname.values[0]!);
      if (!isWithin(name, apex)) return done(RCODE.NOERROR);
      continue;
    }
    const exists = name === apex || sets.some((s) => isWithin(s.name, name));
    return done(answers.length > 0 || exists ? RCODE.NOERROR : RCODE.NXDOMAIN, soa);
  }
  return { rcode: RCODE.SERVFAIL, authoritative: true, answers, authorities: [], additionals: [] };
}
