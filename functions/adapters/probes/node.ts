/** The Prober for Node (Lambda, the local plane): every check type. */
import type { CheckSpec } from '../../core/config/model';
import type { ProbeResult, Prober } from '../../core/ports';
import { fetchVia } from './address-fetch';
import { probeDns } from './dns';
import { tcpExchange, udpExchange } from './dns-node';
import { dohExchange } from './doh';
import { probeHttp } from './http';
import { probeOpenId } from './openid';
import { type StsOptions, stsProber } from './sts-node';
import { probeTcpNode } from './tcp-node';
import { probeTls } from './tls-node';

export interface NodeProberOptions {
  /** Extra trusted CA certificates (PEM) for TLS checks and `address` HTTPS requests. */
  ca?: readonly string[];
  /** Credentials for STS checks; default the SDK's default chain. */
  sts?: StsOptions;
}

export function createNodeProber(options: NodeProberOptions = {}): Prober {
  const doh = dohExchange();
  const sts = stsProber(options.sts);
  return {
    async probe(check: CheckSpec, signal: AbortSignal): Promise<ProbeResult> {
      const probe = check.probe;
      switch (probe.type) {
        case 'http':
          return probeHttp(probe, signal, { via: (address) => fetchVia(address, options.ca) });
        case 'openid':
          return probeOpenId(probe, signal);
        case 'dns':
          return probeDns(probe, signal, check.timeoutMs, { doh, udp: udpExchange, tcp: tcpExchange });
        case 'tcp':
          return probeTcpNode(probe, signal);
        case 'tls':
          return probeTls(probe, signal, options.ca ? { ca: options.ca } : {});
        case 'sts':
          return sts(probe, signal);
      }
    },
  };
}
