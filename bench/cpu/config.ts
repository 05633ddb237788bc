/** The 10-record config of the CPU benchmark, validated in full and wrapped the way a build embeds it. */
import { type BuiltConfig, builtConfig } from '../../functions/core/config/built';
import { parseConfig } from '../../functions/core/config/validate';
import { RECORDS } from './fixture';

/** Ten records, each with its own primary and secondary check, on Route 53 and Cloudflare. */
export function tenRecordBuilt(): BuiltConfig {
  const checks: Record<string, unknown> = {};
  const records = [];
  for (let i = 0; i < RECORDS; i++) {
    for (const pool of ['primary', 'secondary'])
      checks[`app${i}-${pool}`] = { http: { url: `https://${pool}.app${i}.example.com/health` } };
    records.push({
      name: `app${i}.example.com`,
      type: 'A',
      providers: ['route53', 'cloudflare'],
      pools: [
        { name: 'primary', values: [`192.0.2.${10 + i}`], checks: [`app${i}-primary`] },
        { name: 'secondary', values: [`198.51.100.${10 + i}`], checks: [`app${i}-secondary`] },
      ],
    });
  }
  const config = parseConfig({
    providers: {
      route53: { hostedZoneId: 'ZBENCH' },
      cloudflare: { zoneId: '0123456789abcdef0123456789abcdef' },
    },
    checks,
    records,
  });
  return builtConfig(config);
}
