/**
 * The DNS wire format (RFC 1035) on Uint8Array alone, so DNS-over-HTTPS runs in workerd without Buffer:
 * a query encoder and a response decoder for the record types checks ask about.
 */
import type { DnsRecordType } from '../../core/config/model';
import { toBase64 } from '../encoding';

export const TYPE_CODES: Record<DnsRecordType, number> = { A: 1, NS: 2, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 };
const TYPE_NAMES = new Map(Object.entries(TYPE_CODES).map(([name, code]) => [code, name]));
const RCODES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

export interface DnsAnswer {
  name: string;
  type: string;
  /** Presentation form: an address, a name without the trailing dot, "10 mx.example.com", TXT text. */
  data: string;
}

export interface DnsMessage {
  id: number;
  truncated: boolean;
  rcode: string;
  answers: DnsAnswer[];
}

export class DnsFormatError extends Error {
  override name = 'DnsFormatError';
}

/** A recursive query (RD set) for one name and type. */
export function encodeQuery(name: string, type: DnsRecordType, id: number): Uint8Array {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  const encoder = new TextEncoder();
  const parts = labels.map((l) => encoder.encode(l));
  const out = new Uint8Array(12 + parts.reduce((n, p) => n + p.length + 1, 0) + 5);
  const view = new DataView(out.buffer);
  view.setUint16(0, id);
  view.setUint16(2, 0x0100);
  view.setUint16(4, 1);
  let at = 12;
  for (const part of parts) {
    out[at++] = part.length;
    out.set(part, at);
    at += part.length;
  }
  out[at++] = 0;
  view.setUint16(at, TYPE_CODES[type]);
  view.setUint16(at + 2, 1);
  return out;
}

function readName(bytes: Uint8Array, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let at = start;
  let next = -1;
  for (let jumps = 0; ; ) {
    if (at >= bytes.length) throw new DnsFormatError('name runs past the message');
    const length = bytes[at]!;
    if (length === 0) {
      if (next < 0) next = at + 1;
      break;
    }
    if ((length & 0xc0) === 0xc0) {
      if (++jumps > 16) throw new DnsFormatError('compression loop');
      if (next < 0) next = at + 2;
      at = ((length & 0x3f) << 8) | bytes[at + 1]!;
      continue;
    }
    labels.push(new TextDecoder().decode(bytes.subarray(at + 1, at + 1 + length)));
    at += length + 1;
  }
  return { name: labels.join('.').toLowerCase(), next };
}

function ipv6(data: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((data[i]! << 8) | data[i + 1]!);
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** The RFC 5952 form of an IPv6 address written any valid way, so answers and expectations compare. */
export function canonicalIPv6(text: string): string {
  const hex = text
    .toLowerCase()
    .replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
      [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((n) => n.toString(16)).join(':'),
    );
  const [left = '', right] = hex.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const l = parse(left);
  const r = right === undefined ? [] : parse(right);
  const groups = [...l, ...new Array<number>(Math.max(0, 8 - l.length - r.length)).fill(0), ...r];
  const bytes = new Uint8Array(16);
  groups.slice(0, 8).forEach((g, i) => {
    bytes[2 * i] = (g >> 8) & 0xff;
    bytes[2 * i + 1] = g & 0xff;
  });
  return ipv6(bytes);
}

function rdata(bytes: Uint8Array, type: number, at: number, length: number): string {
  const data = bytes.subarray(at, at + length);
  switch (type) {
    case 1:
      return Array.from(data).join('.');
    case 28:
      return ipv6(data);
    case 2:
    case 5:
      return readName(bytes, at).name;
    case 15:
      return `${(data[0]! << 8) | data[1]!} ${readName(bytes, at + 2).name}`;
    case 16: {
      const strings: string[] = [];
      for (let i = 0; i < data.length; i += data[i]! + 1) {
        strings.push(new TextDecoder().decode(data.subarray(i + 1, i + 1 + data[i]!)));
      }
      return strings.join('');
    }
    default:
      return '';
  }
}

/** Decodes a response; throws DnsFormatError when the bytes are not one. */
export function decodeMessage(bytes: Uint8Array): DnsMessage {
  if (bytes.length < 12) throw new DnsFormatError(`message of ${bytes.length} bytes is too short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint16(2);
  if ((flags & 0x8000) === 0) throw new DnsFormatError('not a response');
  const questions = view.getUint16(4);
  const answerCount = view.getUint16(6);
  let at = 12;
  for (let i = 0; i < questions; i++) at = readName(bytes, at).next + 4;
  const answers: DnsAnswer[] = [];
  for (let i = 0; i < answerCount; i++) {
    const { name, next } = readName(bytes, at);
    if (next + 10 > bytes.length) throw new DnsFormatError('answer runs past the message');
    const type = view.getUint16(next);
    const length = view.getUint16(next + 8);
    const start = next + 10;
    if (start + length > bytes.length) throw new DnsFormatError('answer data runs past the message');
    const typeName = TYPE_NAMES.get(type);
    if (typeName) answers.push({ name, type: typeName, data: rdata(bytes, type, start, length) });
    at = start + length;
  }
  return {
    id: view.getUint16(0),
    truncated: (flags & 0x0200) !== 0,
    rcode: RCODES[flags & 0x0f] ?? `RCODE${flags & 0x0f}`,
    answers,
  };
}

/** base64url without padding, for the `?dns=` parameter of RFC 8484 GET requests. */
export function base64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
