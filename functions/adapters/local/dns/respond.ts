/**
 * One DNS message in, the messages that answer it out (none: drop it). Applies what any
 * authoritative server does before looking at the zone: responses are never answered, only QUERY is
 * implemented, EDNS is negotiated, TSIG is checked and answers signed, transfers are gated, and UDP
 * answers that do not fit are truncated.
 */
import dnsPacket, { type Answer, type Packet, type Question } from 'dns-packet';
import { type Edns, optRecord, readEdns } from './edns';
import { axfrMessages, type TransferAccess, transferAllowed } from './transfer';
import { signResponses, type TsigKey, type TsigRequest, verifyRequest } from './tsig';
import { answer, RCODE, setAnswers, type ZoneView, zoneSets } from './zone-answer';

const AA = 1 << 10;
const TC = 1 << 9;
const RD = 1 << 8;
const BADVERS = 16;
/** Room kept for the TSIG record when a signed UDP answer is sized. */
const TSIG_ROOM = 120;

export interface ResponderContext {
  view(): ZoneView;
  transfer?: TransferAccess;
  key?: TsigKey;
  /** Seconds since the epoch, for TSIG. */
  now(): number;
  /** Bytes per transfer message (tests make it small to force several). */
  transferMessageBytes?: number;
}

export interface Incoming {
  message: Buffer;
  transport: 'udp' | 'tcp';
  address: string;
}

interface Reply {
  rcode: number;
  aa?: boolean;
  answers?: Answer[];
  authorities?: Answer[];
  additionals?: Answer[];
}

function encodeReply(query: Packet, flags: number, question: Question[], reply: Reply, edns?: Edns): Buffer {
  const additionals = [...(reply.additionals ?? []), ...(edns ? [optRecord(edns, reply.rcode)] : [])];
  return dnsPacket.encode({
    id: query.id ?? 0,
    type: 'response',
    flags: flags | (reply.aa ? AA : 0) | (reply.rcode & 0xf),
    questions: question,
    answers: reply.answers ?? [],
    authorities: reply.authorities ?? [],
    additionals,
  });
}

export function respond(ctx: ResponderContext, incoming: Incoming): Buffer[] {
  const { message, transport } = incoming;
  if (message.length < 12 || (message[2]! & 0x80) !== 0) return [];
  let query: Packet;
  try {
    query = dnsPacket.decode(message);
  } catch {
    return [];
  }
  const headerFlags = message.readUInt16BE(2);
  const opcode = (headerFlags >> 11) & 0xf;
  const flags = (opcode << 11) | (headerFlags & RD);
  const questions = query.questions ?? [];
  const edns = readEdns(query);
  let tsig: TsigRequest | undefined;
  try {
    tsig = verifyRequest(message, ctx.key, ctx.now());
  } catch {
    return [encodeReply(query, flags, questions, { rcode: RCODE.FORMERR })];
  }
  const sign = (messages: Buffer[]) => (tsig ? signResponses(messages, ctx.key, tsig, ctx.now()) : messages);
  if (edns === 'formerr') return sign([encodeReply(query, flags, questions, { rcode: RCODE.FORMERR })]);
  const reply = (r: Reply) => sign([encodeReply(query, flags, questions, r, edns)]);
  if (tsig && tsig.error !== 0) return reply({ rcode: RCODE.NOTAUTH });
  if (edns && edns.version > 0) return reply({ rcode: BADVERS });
  if (opcode !== 0) return reply({ rcode: RCODE.NOTIMP });
  const question = questions[0];
  if (!question || questions.length !== 1) return reply({ rcode: RCODE.FORMERR });
  if (question.class !== 'IN' && question.class !== 'ANY') return reply({ rcode: RCODE.REFUSED });
  const view = ctx.view();
  if (question.type === 'AXFR' || question.type === 'IXFR') {
    const inZone = question.name.toLowerCase().replace(/\.$/, '') === view.apex;
    if (!inZone || !transferAllowed(ctx.transfer, incoming.address, tsig !== undefined))
      return reply({ rcode: RCODE.REFUSED });
    if (transport === 'udp') {
      // An IXFR over UDP gets the current SOA, which tells the client to transfer over TCP.
      if (question.type === 'AXFR') return reply({ rcode: RCODE.REFUSED });
      return reply({ rcode: RCODE.NOERROR, aa: true, answers: setAnswers(zoneSets(view)[0]!) });
    }
    const extra = edns ? [optRecord(edns, 0)] : [];
    return sign(axfrMessages(view, query.id ?? 0, question, extra, ctx.transferMessageBytes));
  }
  const result = answer(view, question);
  const full = encodeReply(
    query,
    flags,
    [question],
    {
      rcode: result.rcode,
      aa: result.authoritative,
      answers: result.answers,
      authorities: result.authorities,
      additionals: result.additionals,
    },
    edns,
  );
  const limit = (edns?.udpPayload ?? 512) - (tsig ? TSIG_ROOM : 0);
  if (transport === 'tcp' || full.length <= limit) return sign([full]);
  const truncated = encodeReply(
    query,
    flags | TC,
    [question],
    { rcode: result.rcode, aa: result.authoritative },
    edns,
  );
  return sign([truncated]);
}
