/** EDNS(0) (RFC 6891): reads the requester's OPT and builds the one the answer carries. */
import type { Answer, Packet } from 'dns-packet';

/** The largest UDP answer sent, whatever the requester offers: avoids IP fragmentation (DNS Flag Day 2020). */
export const MAX_UDP_PAYLOAD = 1232;
/** Answers to requests without EDNS fit the classic limit. */
export const CLASSIC_UDP_PAYLOAD = 512;
const DO = 1 << 15;

export interface Edns {
  /** Bytes an answer over UDP may take. */
  udpPayload: number;
  dnssecOk: boolean;
  /** Version asked for; only 0 is spoken. */
  version: number;
}

type Opt = { type: 'OPT'; udpPayloadSize?: number; ednsVersion?: number; flags?: number; name: string };

/** The request's EDNS, undefined without an OPT; 'formerr' for more than one OPT or one not at the root. */
export function readEdns(query: Packet): Edns | undefined | 'formerr' {
  const opts = (query.additionals ?? []).filter((a) => a.type === 'OPT') as unknown as Opt[];
  if (opts.length === 0) return undefined;
  if (opts.length > 1 || opts[0]!.name !== '.') return 'formerr';
  const opt = opts[0]!;
  return {
    udpPayload: Math.min(MAX_UDP_PAYLOAD, Math.max(CLASSIC_UDP_PAYLOAD, opt.udpPayloadSize ?? 0)),
    dnssecOk: ((opt.flags ?? 0) & DO) !== 0,
    version: opt.ednsVersion ?? 0,
  };
}

/** The OPT of the answer: our payload size, the DO bit echoed, the upper bits of an extended rcode. */
export function optRecord(edns: Edns, rcode: number): Answer {
  return {
    type: 'OPT',
    name: '.',
    udpPayloadSize: MAX_UDP_PAYLOAD,
    extendedRcode: rcode >> 4,
    ednsVersion: 0,
    flags: edns.dnssecOk ? DO : 0,
    options: [],
  } as unknown as Answer;
}
