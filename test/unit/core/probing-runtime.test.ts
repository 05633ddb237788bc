import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RUNTIME_PLANES, validateChecksForRuntime } from '../../../functions/core/config/runtime';
import { parseConfig, validateConfig } from '../../../functions/core/config/validate';
import { configWithChecks as doc } from '../adapters/probes/support/check';

describe('validateChecksForRuntime', () => {
  const checks = {
    'bare-ip': { http: { url: 'https://192.0.2.44/health' } },
    'by-address': { http: { url: 'https://app.example.com/', address: '192.0.2.44' } },
    'by-name': { http: { url: 'https://app.example.com/health' } },
    'doh-ip': { dns: { name: 'app.example.com', resolvers: ['https://1.1.1.1/dns-query', 'udp://8.8.8.8'] } },
    'doh-default': { dns: { name: 'app.example.com' } },
    smtp: { tcp: { host: 'mx.example.com', port: 25 } },
    postgres: { tcp: { host: 'db.example.com', port: 5432 } },
    cert: { tls: { host: 'app.example.com' } },
    'cert-on-node': { tls: { host: 'app.example.com' }, planes: ['aws', 'local'] },
    identity: { sts: {} },
    oidc: { openid: { url: 'https://[2001:db8::1]/.well-known/openid-configuration' } },
  };
  const config = parseConfig(doc(checks));

  it('reports every check the Worker would run but cannot, each with its field', () => {
    expect(validateChecksForRuntime(config, 'worker').map((i) => `${i.path}: ${i.message}`)).toEqual([
      'checks.bare-ip.http.url: the Worker cannot fetch a bare IP address (192.0.2.44); use a host name, or run this check on Node planes only (planes: [aws, local])',
      'checks.by-address.http.address: the Worker cannot choose the address it connects to; drop address, or run this check on Node planes only (planes: [aws, local])',
      'checks.doh-ip.dns.resolvers[0]: the Worker cannot fetch a bare IP address (1.1.1.1); use a host name, or run this check on Node planes only (planes: [aws, local])',
      'checks.doh-ip.dns.resolvers[1]: plain DNS over udp needs Node; use a DNS-over-HTTPS resolver, or run this check on Node planes only (planes: [aws, local])',
      'checks.smtp.tcp.port: the Worker cannot connect to port 25',
      'checks.cert.tls: TLS certificate checks are unsupported on the Worker (it cannot read peer certificates); run this check on Node planes only (planes: [aws, local])',
      'checks.identity.sts: AWS STS checks are unsupported on the Worker; run this check on Node planes only (planes: [aws, local])',
      'checks.oidc.openid.url: the Worker cannot fetch a bare IP address (2001:db8::1); use a host name, or run this check on Node planes only (planes: [aws, local])',
    ]);
  });

  it('finds nothing Node cannot run', () => {
    expect(validateChecksForRuntime(config, 'node')).toEqual([]);
  });

  it('skips checks the runtime does not run', () => {
    const only = parseConfig(doc({ cert: { tls: { host: 'app.example.com' }, planes: ['aws'] } }));
    expect(validateChecksForRuntime(only, 'worker')).toEqual([]);
    expect(validateChecksForRuntime(only, 'worker', 'cloudflare')).toEqual([]);
    expect(RUNTIME_PLANES.worker).toEqual(['cloudflare']);
  });
});

describe('the README health check examples', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Health checks'),
    readme.indexOf('\n## ', readme.indexOf('## Health checks') + 3),
  );
  const checks: Record<string, unknown> = {};
  for (const block of section.matchAll(/```yaml\n([\s\S]*?)```/g))
    Object.assign(checks, parse(block[1]!).checks);

  it('are valid configuration', () => {
    expect(Object.keys(checks).length).toBeGreaterThanOrEqual(7);
    expect(validateConfig(doc(checks))).toMatchObject({ ok: true });
  });

  it('name the Worker errors the validator gives for them', () => {
    const everywhere = Object.fromEntries(
      Object.entries(checks).map(([name, check]) => {
        const { planes: _planes, ...rest } = check as Record<string, unknown>;
        return [name, rest];
      }),
    );
    const issues = validateChecksForRuntime(parseConfig(doc(everywhere)), 'worker').map(
      (i) => `${i.path}: ${i.message}`,
    );
    const shown = /### Where checks run[\s\S]*?```\n([\s\S]*?)```/.exec(section)![1]!.trim().split('\n');
    expect(shown.length).toBeGreaterThan(0);
    for (const line of shown) expect(issues).toContain(line);
  });
});
