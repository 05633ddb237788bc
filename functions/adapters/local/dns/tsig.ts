/**
 * TSIG (RFC 8945) with HMAC-SHA256: verifies a signed request and signs responses, including every
 * message of a multi-message zone transfer. Works on wire bytes, as the MAC covers the message exactly.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import dnsPacket from 'dns-packet';

export const ALGORITHM = 'hmac-sha256';
const TSIG = 250;
const CLASS_ANY = 255;
/** TSIG errors, in the TSIG record (the header says NOTAUTH). */
export const TSIG_ERROR = { BADSIG: 16, BADKEY: 17, BADTIME: 18, BADTRUNC: 22 } as const;
const FUDGE = 300;

export interface TsigKey {
  name: string;
  secret: Buffer;
}

/** What a verified (or rejected) request carried, needed to answer it. */
export interface TsigRequest {
  keyName: string;
  algorithm: string;
  /** The request's MAC, prefixed to the first response's digest. */
  mac: Buffer;
  timeSigned: number;
  /** 0 when valid, else a TSIG_ERROR. */
  error: number;
}

/** dns-packet's name codec, which its type definitions leave out. */
const names = (
  dnsPacket as unknown as { name: { decode: ((buf: Buffer, offset: number) => string) & { bytes: number } } }
).name;

/** A name in canonical wire form: lower case, uncompressed. */
function wireName(name: string): Buffer {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
}

function readName(buf: Buffer, offset: number): { name: string; end: number } {
  const name = names.decode(buf, offset);
  return { name, end: offset + names.decode.bytes };
}

/** Offset of the last additional record, when it is a TSIG; header counts are read from the wire. */
function tsigOffset(buf: Buffer): number | undefined {
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  if (counts[3] === 0) return undefined;
  let offset = 12;
  for (let i = 0; i < counts[0]!; i++) offset = readName(buf, offset).end + 4;
  const records = counts[1]! + counts[2]! + counts[3]!;
  let last = offset;
  for (let i = 0; i < records; i++) {
    last = offset;
    const end = readName(buf, offset).end;
    offset = end + 10 + buf.readUInt16BE(end + 8);
  }
  const end = readName(buf, last).end;
  return buf.readUInt16BE(end) === TSIG ? last : undefined;
}

function time48(seconds: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUIntBE(seconds, 0, 6);
  return b;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function variables(keyName: string, timeSigned: number, error: number, other: Buffer): Buffer {
  return Buffer.concat([
    wireName(keyName),
    u16(CLASS_ANY),
    Buffer.alloc(4),
    wireName(ALGORITHM),
    time48(timeSigned),
    u16(FUDGE),
    u16(error),
    u16(other.length),
    other,
  ]);
}

const hmac = (key: TsigKey, ...parts: Buffer[]) => {
  const h = createHmac('sha256', key.secret);
  for (const p of parts) h.update(p);
  return h.digest();
};

/** The message without its TSIG record, ARCOUNT one less, the ID as originally signed. */
function stripped(buf: Buffer, at: number, originalId: number): Buffer {
  const out = Buffer.from(buf.subarray(0, at));
  out.writeUInt16BE(originalId, 0);
  out.writeUInt16BE(buf.readUInt16BE(10) - 1, 10);
  return out;
}

/**
 * Reads and checks a request's TSIG. Undefined when the request carries none; else the request with
 * `error` set: BADKEY for another key or algorithm, BADSIG for a wrong MAC, BADTIME outside the fudge.
 */
export function verifyRequest(
  buf: Buffer,
  key: TsigKey | undefined,
  nowSeconds: number,
): TsigRequest | undefined {
  const at = tsigOffset(buf);
  if (at === undefined) return undefined;
  const owner = readName(buf, at);
  let offset = owner.end + 10;
  const algorithm = readName(buf, offset);
  offset = algorithm.end;
  const timeSigned = buf.readUIntBE(offset, 6);
  const fudge = buf.readUInt16BE(offset + 6);
  const macSize = buf.readUInt16BE(offset + 8);
  const mac = Buffer.from(buf.subarray(offset + 10, offset + 10 + macSize));
  offset += 10 + macSize;
  const originalId = buf.readUInt16BE(offset);
  const error = buf.readUInt16BE(offset + 2);
  const otherLen = buf.readUInt16BE(offset + 4);
  const other = buf.subarray(offset + 6, offset + 6 + otherLen);
  const request = {
    keyName: owner.name.toLowerCase(),
    algorithm: algorithm.name.toLowerCase(),
    mac,
    timeSigned,
    error: 0,
  };
  if (!key || request.keyName !== key.name || request.algorithm !== ALGORITHM)
    return { ...request, error: TSIG_ERROR.BADKEY, mac: Buffer.alloc(0) };
  const expected = hmac(key, stripped(buf, at, originalId), variables(owner.name, timeSigned, error, other));
  if (
    mac.length < 16 ||
    mac.length > expected.length ||
    !timingSafeEqual(mac, expected.subarray(0, mac.length))
  )
    return { ...request, error: TSIG_ERROR.BADSIG, mac: Buffer.alloc(0) };
  if (Math.abs(nowSeconds - timeSigned) > fudge) return { ...request, error: TSIG_ERROR.BADTIME };
  return request;
}

function tsigRecord(
  keyName: string,
  timeSigned: number,
  mac: Buffer,
  id: number,
  error: number,
  other: Buffer,
) {
  return Buffer.concat([
    wireName(keyName),
    u16(TSIG),
    u16(CLASS_ANY),
    Buffer.alloc(4),
    u16(wireName(ALGORITHM).length + 16 + mac.length + other.length),
    wireName(ALGORITHM),
    time48(timeSigned),
    u16(FUDGE),
    u16(mac.length),
    mac,
    u16(id),
    u16(error),
    u16(other.length),
    other,
  ]);
}

function appendRecord(message: Buffer, record: Buffer): Buffer {
  const out = Buffer.concat([message, record]);
  out.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return out;
}

/**
 * Signs the messages of one response. The first digest covers the request's MAC and the full TSIG
 * variables; each following one the previous MAC, the message and the timers (RFC 8945 section 5.3.1).
 * A request rejected as BADKEY or BADSIG gets an unsigned TSIG carrying the error.
 */
export function signResponses(
  messages: readonly Buffer[],
  key: TsigKey | undefined,
  request: TsigRequest,
  nowSeconds: number,
  keyName = request.keyName,
): Buffer[] {
  if (!key || request.error === TSIG_ERROR.BADKEY || request.error === TSIG_ERROR.BADSIG) {
    return messages.map((m) =>
      appendRecord(
        m,
        tsigRecord(
          keyName,
          request.timeSigned,
          Buffer.alloc(0),
          m.readUInt16BE(0),
          request.error,
          Buffer.alloc(0),
        ),
      ),
    );
  }
  const other = request.error === TSIG_ERROR.BADTIME ? time48(nowSeconds) : Buffer.alloc(0);
  const signedAt = request.error === TSIG_ERROR.BADTIME ? request.timeSigned : nowSeconds;
  let prior = request.mac;
  return messages.map((m, i) => {
    const prefix = prior.length > 0 ? [u16(prior.length), prior] : [];
    const mac =
      i === 0
        ? hmac(key, ...prefix, m, variables(keyName, signedAt, request.error, other))
        : hmac(key, ...prefix, m, time48(signedAt), u16(FUDGE));
    prior = mac;
    return appendRecord(m, tsigRecord(keyName, signedAt, mac, m.readUInt16BE(0), request.error, other));
  });
}

/** Signs a message this server originates (a NOTIFY): no request MAC precedes it. */
export function signRequest(message: Buffer, key: TsigKey, nowSeconds: number): Buffer {
  const request = {
    keyName: key.name,
    algorithm: ALGORITHM,
    mac: Buffer.alloc(0),
    timeSigned: nowSeconds,
    error: 0,
  };
  return signResponses([message], key, request, nowSeconds)[0]!;
}
