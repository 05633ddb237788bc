/**
 * `providers.local.dns`: how the local plane's embedded DNS server presents its zone to the world —
 * the apex NS names, and zone transfers (AXFR) to secondary servers. The address is `--listen`.
 */
import { z } from 'zod';
import { isHostname, isIPv4, isIPv6, normalizeName } from '../names';
import type { SecretRef } from './model';

const ip = z.string().refine((v) => isIPv4(v) || isIPv6(v), { message: 'must be an IPv4 or IPv6 address' });
const hostname = z.string().refine(isHostname, { message: 'must be a host name' });
function parseTarget(text: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(text);
  const host = m?.[1] ?? m?.[2] ?? '';
  const port = m?.[3] === undefined ? 53 : Number(m[3]);
  return (isIPv4(host) || isIPv6(host)) && port > 0 && port < 65_536 ? { host, port } : undefined;
}
const target = z
  .string()
  .refine((v) => parseTarget(v) !== undefined, { message: 'must be IP[:port] or [IPv6]:port' });

export const localDnsSchema = z
  .strictObject({
    nameservers: z
      .array(hostname)
      .min(1)
      .describe(
        'The apex NS names, first one also the SOA MNAME. Default ns.<zone>, served with an A/AAAA for the --listen address.',
      )
      .optional(),
    transfer: z
      .strictObject({
        allow: z.array(ip).min(1).describe('Client addresses allowed to transfer the zone (AXFR over TCP).'),
        tsig: z
          .strictObject({
            name: hostname.describe('TSIG key name, as configured on the secondary.'),
            algorithm: z
              .literal('hmac-sha256')
              .describe('The only algorithm offered. Default hmac-sha256.')
              .optional(),
            secret: z
              .strictObject({ secret: z.string().regex(/^[A-Za-z_][A-Za-z0-9_./-]{0,127}$/) })
              .describe('The base64 key, held outside the config (environment variable on the local plane).'),
          })
          .describe(
            'When set, transfers and NOTIFY are TSIG-signed and unsigned transfer requests are refused.',
          )
          .optional(),
        notify: z
          .array(target)
          .describe(
            'Secondaries sent a NOTIFY (RFC 1996) on every serial change: IP[:port], port 53 by default.',
          )
          .optional(),
      })
      .describe('Zone transfers to secondary servers.')
      .optional(),
  })
  .describe('How the embedded DNS server presents the zone: NS names and transfers.');

export type RawLocalDns = z.infer<typeof localDnsSchema>;

export interface LocalDnsSpec {
  /** Normalised NS names; empty means the default ns.<zone> with an address record. */
  nameservers: string[];
  transfer?: {
    allow: string[];
    tsig?: { name: string; secret: SecretRef };
    notify: { host: string; port: number }[];
  };
}

export function normalizeLocalDns(raw: RawLocalDns): LocalDnsSpec {
  const out: LocalDnsSpec = { nameservers: (raw.nameservers ?? []).map(normalizeName) };
  if (raw.transfer) {
    const { allow, tsig, notify } = raw.transfer;
    out.transfer = {
      allow: [...allow],
      notify: (notify ?? []).map((t) => parseTarget(t) as { host: string; port: number }),
      ...(tsig ? { tsig: { name: normalizeName(tsig.name), secret: tsig.secret } } : {}),
    };
  }
  return out;
}
