/**
 * What a target provider can hold, from its declared capabilities (octoDNS' SUPPORTS, as data): a
 * record it cannot hold gets a message saying what to do instead; one it can hold with a change (a
 * proxy it lacks, a TTL below its minimum) is adjusted and the change is said.
 */
import type { ProviderCapabilities } from '../core/ports';
import type { ZoneRecord } from './model';

export interface Target {
  /** `route53`, `cloudflare`, `local`: used in messages. */
  provider: string;
  capabilities: ProviderCapabilities;
}

export type Fit = { record: ZoneRecord; notes: string[] } | { unsupported: string };

const HINTS: Record<string, string> = {
  SPF: 'publish the policy as a TXT record instead',
  SOA: 'the zone apex SOA belongs to the provider',
};

const PROXIABLE = new Set(['A', 'AAAA', 'CNAME']);

function aliasAdvice(record: ZoneRecord, provider: string): string {
  const cloudflare = provider === 'cloudflare';
  return cloudflare
    ? 'use a CNAME at the name; Cloudflare flattens it at the apex'
    : `write the addresses ${record.alias?.target} answers with as ${record.type} records`;
}

/** The record as the target can hold it, or why it cannot. */
export function fitRecord(record: ZoneRecord, target: Target): Fit {
  const caps = target.capabilities;
  const where = `${record.name} ${record.type}`;
  if (record.setIdentifier) {
    return {
      unsupported: `${where} is a Route 53 routing-policy set ("${record.setIdentifier}"); its policy is not exported, so recreate it in Route 53 or keep one plain record set`,
    };
  }
  if (record.alias && !caps.alias) {
    return {
      unsupported: `${where} is a Route 53 alias to ${record.alias.target}; ${target.provider} has no alias records: ${aliasAdvice(record, target.provider)}`,
    };
  }
  if (!caps.types.includes(record.type)) {
    const hint = HINTS[record.type];
    return {
      unsupported: `${record.type} records are not supported by ${target.provider}${hint ? `: ${hint}` : ''}`,
    };
  }
  const notes: string[] = [];
  const out: ZoneRecord = { ...record, values: [...record.values] };
  if (record.proxied && !(caps.proxied && PROXIABLE.has(record.type))) {
    delete out.proxied;
    if (out.ttl <= 1) out.ttl = 300;
    notes.push(
      `proxied on Cloudflare; ${target.provider} answers with the origin values themselves (written DNS-only)`,
    );
  } else if (record.proxied) {
    out.ttl = 1;
  }
  if (!out.alias && !out.proxied && out.ttl < caps.minTtl) {
    notes.push(`ttl ${out.ttl} raised to ${target.provider}'s minimum of ${caps.minTtl}`);
    out.ttl = caps.minTtl;
  }
  return { record: out, notes };
}
