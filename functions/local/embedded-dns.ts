/**
 * Wires the embedded DNS server to the local zone: the SOA serial follows every change of the zone
 * (kept in the state directory), and each new serial is announced by NOTIFY to the configured secondaries.
 */
import { join } from 'node:path';
import { type NotifyOptions, notifyAll } from '../adapters/local/dns/notify';
import type { TsigKey } from '../adapters/local/dns/tsig';
import { zoneSets } from '../adapters/local/dns/zone-answer';
import { ZoneSerials } from '../adapters/local/dns/zone-serial';
import { type RunningDnsServer, startDnsServer } from '../adapters/local/dns-server';
import type { LocalZoneProvider } from '../adapters/local/zone';
import type { LocalDnsSpec } from '../core/config/local-dns-schema';
import type { SecretRef } from '../core/config/model';
import { TwinplaneError } from '../core/errors';
import { normalizeName } from '../core/names';
import type { Logger } from '../core/ports';

export interface EmbeddedDnsOptions {
  zoneId: string;
  domain: string;
  zone: LocalZoneProvider;
  stateDir: string;
  port: number;
  /** Listen address (--listen). Default 127.0.0.1. */
  host?: string;
  spec?: LocalDnsSpec;
  resolveSecret?: (ref: SecretRef) => Promise<string>;
  logger?: Logger;
  /** NOTIFY retry schedule (tests shorten it). */
  notify?: Pick<NotifyOptions, 'attempts' | 'firstWaitMs'>;
  /** Bytes per zone transfer message (tests make it small to force several). */
  transferMessageBytes?: number;
}

async function tsigKey(options: EmbeddedDnsOptions): Promise<TsigKey | undefined> {
  const tsig = options.spec?.transfer?.tsig;
  if (!tsig) return undefined;
  if (!options.resolveSecret)
    throw new TwinplaneError(`providers.local.dns.transfer.tsig.secret: no secret resolver on this plane`);
  const text = (await options.resolveSecret(tsig.secret)).trim();
  const secret = Buffer.from(text, 'base64');
  if (secret.length < 16 || secret.toString('base64').replace(/=+$/, '') !== text.replace(/=+$/, ''))
    throw new TwinplaneError(
      `providers.local.dns.transfer.tsig.secret: ${tsig.secret.secret} must be a base64 key of at least 16 bytes`,
    );
  return { name: tsig.name, secret };
}

export async function startEmbeddedDns(options: EmbeddedDnsOptions): Promise<RunningDnsServer> {
  const { spec, zone, zoneId } = options;
  const apex = normalizeName(options.domain);
  const host = options.host ?? '127.0.0.1';
  const nameservers = spec?.nameservers ?? [];
  const key = await tsigKey(options);
  if ((host === '0.0.0.0' || host === '::') && nameservers.length === 0)
    options.logger?.warn(
      `the apex NS ns.${apex} has no address while listening on ${host}: set providers.local.dns.nameservers`,
    );
  const serials = new ZoneSerials(join(options.stateDir, 'zone-serials.json'));
  const content = () =>
    zoneSets({ apex, records: zone.records(zoneId), serial: 0, nameservers, address: host });
  let serial = serials.observe(zoneId, content()).serial;
  const closing = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const targets = spec?.transfer?.notify ?? [];
  const announce = (value: number) => {
    if (targets.length === 0) return;
    const sent = notifyAll(targets, {
      zone: apex,
      serial: value,
      signal: closing.signal,
      ...(key ? { key } : {}),
      ...options.notify,
    }).then((results) => {
      for (const r of results) {
        const fields = {
          zone: apex,
          serial: value,
          target: `${r.target.host}:${r.target.port}`,
          attempts: r.attempts,
        };
        if (r.acknowledged) options.logger?.info('NOTIFY acknowledged', fields);
        else if (!closing.signal.aborted)
          options.logger?.warn(`NOTIFY not acknowledged: ${r.reason}`, fields);
      }
    });
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
  };
  zone.listeners.push((changed) => {
    if (changed !== zoneId) return;
    const next = serials.observe(zoneId, content());
    serial = next.serial;
    if (next.changed) announce(serial);
  });
  const server = await startDnsServer({
    zone: apex,
    source: { records: () => zone.records(zoneId), serial: () => serial },
    host,
    port: options.port,
    nameservers,
    ...(spec?.transfer ? { transfer: { allow: spec.transfer.allow, signed: key !== undefined } } : {}),
    ...(key ? { key } : {}),
    ...(options.transferMessageBytes ? { transferMessageBytes: options.transferMessageBytes } : {}),
  });
  // Secondaries that kept an older copy while this plane was down learn about the current serial.
  announce(serial);
  return {
    port: server.port,
    async close() {
      closing.abort();
      await Promise.all(inFlight);
      await server.close();
    },
  };
}
