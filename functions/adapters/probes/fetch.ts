/**
 * The Prober for workerd (and any runtime with only fetch): HTTP(S), OpenID and DNS-over-HTTPS over
 * fetch, TCP through an injected `connect()`. Everything else is answered as `unsupported`, never
 * passed. What fetch could try but the Worker forbids (bare IP URLs) is for the validator:
 * validateChecksForRuntime(config, 'worker') reports it before a tick runs.
 */
import type { CheckSpec } from '../../core/config/model';
import type { ProbeResult, Prober } from '../../core/ports';
import { probeDns } from './dns';
import { dohExchange } from './doh';
import { type FetchLike, probeHttp } from './http';
import { probeOpenId } from './openid';
import { unsupported } from './result';
import { probeTcpSocket, type SocketConnect } from './tcp-socket';

export interface FetchProberOptions {
  /** `connect` from `cloudflare:sockets`; without it TCP checks are unsupported. */
  connect?: SocketConnect;
  /** Default: the global fetch. */
  fetch?: FetchLike;
}

export function createFetchProber(options: FetchProberOptions = {}): Prober {
  const fetchFn: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const doh = dohExchange(fetchFn);
  return {
    async probe(check: CheckSpec, signal: AbortSignal): Promise<ProbeResult> {
      const probe = check.probe;
      switch (probe.type) {
        case 'http':
          return probeHttp(probe, signal, { fetch: fetchFn });
        case 'openid':
          return probeOpenId(probe, signal, fetchFn);
        case 'dns':
          return probeDns(probe, signal, check.timeoutMs, { doh });
        case 'tcp':
          return options.connect
            ? probeTcpSocket(probe, signal, options.connect)
            : unsupported(
                'TCP checks need connect() from cloudflare:sockets, which this prober was not given',
              );
        case 'tls':
        case 'sts':
          return unsupported(`${probe.type} checks need the Node prober`);
      }
    },
  };
}
