/**
 * Zone transfer (AXFR, RFC 5936): the whole zone between two copies of its SOA, split over as many
 * messages as it needs. IXFR (RFC 1995) is answered the same way, which RFC 1995 allows when no
 * history is kept.
 */
import dnsPacket, { type Answer, type Packet, type Question } from 'dns-packet';
import { setAnswers, type ZoneView, zoneSets } from './zone-answer';

const AA = 1 << 10;
/** dns-packet's record codec, which its type definitions leave out. */
interface RecordCodec {
  answer: { encodingLength(record: Answer): number };
}

/** Bytes per transfer message before a new one is started; a message may hold at most 65,535. */
export const TRANSFER_MESSAGE_BYTES = 16_000;

export interface TransferAccess {
  /** Client addresses allowed to transfer. */
  allow: readonly string[];
  /** When set, a transfer request must be signed with this key. */
  signed: boolean;
}

/** An IPv4-mapped IPv6 peer (::ffff:127.0.0.1) is the IPv4 address it maps. */
export function plainAddress(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

export function transferAllowed(
  access: TransferAccess | undefined,
  address: string,
  signedRequest: boolean,
): boolean {
  if (!access) return false;
  if (access.signed && !signedRequest) return false;
  return access.allow.includes(plainAddress(address));
}

/** The AXFR response messages, unsigned and encoded; `extra` (an OPT) goes in the first one. */
export function axfrMessages(
  view: ZoneView,
  id: number,
  question: Question,
  extra: Answer[] = [],
  maxBytes = TRANSFER_MESSAGE_BYTES,
): Buffer[] {
  const sets = zoneSets(view);
  const soa = setAnswers(sets[0]!);
  const records = [...soa, ...sets.slice(1).flatMap(setAnswers), ...soa];
  const messages: Packet[] = [];
  let current: Packet | undefined;
  let size = 0;
  for (const record of records) {
    const length = (dnsPacket as unknown as RecordCodec).answer.encodingLength(record);
    if (!current || size + length > maxBytes) {
      current = {
        id,
        type: 'response',
        flags: AA,
        questions: messages.length === 0 ? [question] : [],
        answers: [],
        additionals: messages.length === 0 ? extra : [],
      };
      messages.push(current);
      size = dnsPacket.encodingLength(current);
    }
    current.answers!.push(record);
    size += length;
  }
  return messages.map((m) => dnsPacket.encode(m));
}
