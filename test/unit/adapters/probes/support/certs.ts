/**
 * X.509 certificates made at test time with node:crypto alone (DER by hand, ECDSA P-256), so TLS tests
 * need no openssl binary: a CA, leaves it signs (valid, expired, expiring, for another name), and
 * self-signed leaves.
 */
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

const DAY = 86_400_000;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  return Buffer.from([0x82, n >> 8, n & 0xff]);
}
const tlv = (tag: number, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const set = (...parts: Buffer[]) => tlv(0x31, ...parts);
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
const octets = (inner: Buffer) => tlv(0x04, inner);
const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));
/**
 * A non-negative INTEGER in DER's minimal form: leading zero bytes dropped (1 random serial in 256 starts
 * with one, and OpenSSL refuses it as illegal padding when the next byte's top bit is clear), and one put
 * back when the top bit is set.
 */
function integer(bytes: Buffer): Buffer {
  let at = 0;
  while (at < bytes.length - 1 && bytes[at] === 0) at++;
  const minimal = bytes.subarray(at);
  return tlv(0x02, minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = date.getUTCFullYear();
  return year < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const name = (cn: string, o?: string) =>
  seq(
    set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn)))),
    ...(o ? [set(seq(oid('2.5.4.10'), tlv(0x0c, Buffer.from(o))))] : []),
  );

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

export interface Issued {
  certPem: string;
  keyPem: string;
  key: KeyObject;
  subject: { cn: string; o?: string };
}

export interface CertOptions {
  cn: string;
  o?: string;
  /** DNS names for subjectAltName; default [cn]. */
  names?: string[];
  /** Days from now; negative for the past. */
  notBefore?: number;
  notAfter?: number;
  ca?: boolean;
  /** The issuer; absent for a self-signed certificate. */
  issuer?: Issued;
  /** The serial number's bytes; default 12 random ones. */
  serial?: Buffer;
}

export function issue(options: CertOptions): Issued {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = Date.now();
  const issuerKey = options.issuer?.key ?? privateKey;
  const issuerName = options.issuer
    ? name(options.issuer.subject.cn, options.issuer.subject.o)
    : name(options.cn, options.o);
  const san = seq(...(options.names ?? [options.cn]).map((n) => tlv(0x82, Buffer.from(n))));
  const extensions = [
    seq(oid('2.5.29.19'), bool(true), octets(seq(...(options.ca ? [bool(true)] : [])))),
    ...(options.ca ? [] : [seq(oid('2.5.29.17'), octets(san))]),
  ];
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(options.serial ?? randomBytes(12)),
    ECDSA_SHA256,
    issuerName,
    seq(
      time(new Date(now + (options.notBefore ?? -1) * DAY)),
      time(new Date(now + (options.notAfter ?? 90) * DAY)),
    ),
    name(options.cn, options.o),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, issuerKey);
  const der = seq(tbs, ECDSA_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const lines = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    key: privateKey,
    subject: { cn: options.cn, ...(options.o ? { o: options.o } : {}) },
  };
}
