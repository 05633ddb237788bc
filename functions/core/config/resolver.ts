/**
 * Resolver addresses as written in a DNS check: `https://dns.google/dns-query` (DNS-over-HTTPS),
 * `udp://9.9.9.9`, `tcp://[2620:fe::fe]:53`, or a bare `1.1.1.1` / `1.1.1.1:5353` (UDP).
 */
import { isIPv4, isIPv6 } from '../names';
import type { ResolverSpec } from './model';

const PLAIN = /^(?:(udp|tcp):\/\/)?(?:\[([0-9a-fA-F:.]+)\]|([^:[\]/]+)|([0-9a-fA-F:.]+))(?::(\d{1,5}))?$/;

/** Parses one resolver; returns an error message when the text is not one. */
export function parseResolver(text: string): ResolverSpec | string {
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      return { kind: 'doh', url: url.href, label: url.host };
    } catch {
      return `"${text}" is not a URL`;
    }
  }
  const match = PLAIN.exec(text.trim());
  if (!match)
    return `"${text}" is not a resolver: use https://host/dns-query, udp://IP, tcp://IP or IP[:port]`;
  const [, scheme, bracketed, plain, bareV6, portText] = match;
  // "2001:db8::1" matches the bare IPv6 form only when no port could have been meant.
  const host = bracketed ?? plain ?? bareV6 ?? '';
  const port = portText === undefined ? 53 : Number(portText);
  if (!isIPv4(host) && !isIPv6(host)) {
    return `"${text}" must give the resolver as an IP address (a name would need a resolver of its own)`;
  }
  if (port < 1 || port > 65_535) return `"${text}" has a port out of range`;
  const label = isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  return { kind: scheme === 'tcp' ? 'tcp' : 'udp', host, port, label };
}
