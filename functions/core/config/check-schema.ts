/** The schema of one health check as written: common settings plus exactly one check type. */
import { z } from 'zod';
import { PLANES } from '../types';
import { DNS_RCODES, DNS_RECORD_TYPES } from './model';
import { duration } from './primitives';

const port = z.number().int().min(1).max(65_535);
const host = z.string().min(1).describe('A host name or IP address.');

export const httpCheckSchema = z
  .strictObject({
    url: z.string().describe('http:// or https:// URL to request.'),
    method: z.enum(['GET', 'HEAD', 'POST']).describe('Default GET.').optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().describe('Request body (POST).').optional(),
    address: z
      .string()
      .describe(
        'Connect to this IP instead of resolving the URL host; Host and SNI stay the URL name. Node only.',
      )
      .optional(),
    expectStatus: z.array(z.number().int().min(100).max(599)).min(1).optional(),
    bodyContains: z.string().min(1).optional(),
    bodyMatches: z.string().min(1).describe('A regular expression the body must match.').optional(),
    json: z
      .array(
        z.strictObject({
          path: z.string().describe('A JSON path such as $.status or $.checks[0].state.'),
          equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
          exists: z.boolean().optional(),
        }),
      )
      .min(1)
      .describe('Assertions on a JSON body; each gives equals or exists.')
      .optional(),
    maxLatency: duration.describe('Fail (class latency) when the answer takes longer.').optional(),
    redirect: z
      .enum(['manual', 'follow', 'error'])
      .describe(
        'manual (default): judge the 3xx itself; follow: up to 5 hops, http(s) only, the check headers dropped on another origin; error: any redirect fails.',
      )
      .optional(),
  })
  .describe('An HTTP(S) request that must answer with an expected status (default 200-399).');

export const dnsCheckSchema = z
  .strictObject({
    name: z.string().min(1).describe('The name to resolve.'),
    type: z.enum(DNS_RECORD_TYPES).describe('Default A.').optional(),
    resolvers: z
      .array(z.string())
      .min(1)
      .describe(
        'https://host/dns-query (DNS-over-HTTPS), udp://IP[:port], tcp://IP[:port] or IP[:port]. ' +
          'Default: DNS-over-HTTPS to 1.1.1.1, 8.8.8.8 and 9.9.9.9.',
      )
      .optional(),
    expect: z.array(z.string().min(1)).min(1).describe('Values the answer must contain.').optional(),
    rcode: z.enum(DNS_RCODES).describe('The response code to expect. Default NOERROR.').optional(),
    maxLatency: duration.describe('Fail (class latency) when a resolver takes longer.').optional(),
    require: z
      .enum(['all', 'majority', 'any'])
      .describe('How many resolvers must pass. Default majority.')
      .optional(),
  })
  .describe('Resolves a name through several resolvers and checks the answer.');

export const tcpCheckSchema = z
  .strictObject({ host, port })
  .describe('A TCP connection must open (Node net; connect() on the Worker).');

export const tlsCheckSchema = z
  .strictObject({
    host: host.describe('The name the certificate must match; also sent as SNI.'),
    port: port.describe('Default 443.').optional(),
    address: z.string().describe('Connect to this IP instead of resolving host.').optional(),
    warnDays: z.number().int().min(0).describe('Warn when fewer days remain. Default 21.').optional(),
    failDays: z.number().int().min(0).describe('Fail when fewer days remain. Default 7.').optional(),
    issuer: z.string().min(1).describe('Text the issuer CN or O must contain.').optional(),
  })
  .describe('The TLS certificate: trust, host name, issuer and days to expiry. Node only.');

export const openidCheckSchema = z
  .strictObject({
    url: z.string().describe('The .well-known/openid-configuration URL.'),
    issuer: z.string().min(1).describe('The exact issuer the document must carry.').optional(),
  })
  .describe('An OpenID configuration document with issuer and jwks_uri.');

export const stsCheckSchema = z
  .strictObject({
    region: z.string().min(1).describe('Default us-east-1.').optional(),
    endpoint: z.string().describe('An STS endpoint URL other than the regional default.').optional(),
    account: z
      .string()
      .regex(/^\d{12}$/, { message: 'must be a 12 digit AWS account id' })
      .optional(),
    arn: z.string().min(1).describe("Text the caller's ARN must contain.").optional(),
  })
  .describe('AWS STS GetCallerIdentity with the plane credentials. Node only.');

export const checkSchema = z
  .strictObject({
    http: httpCheckSchema.optional(),
    dns: dnsCheckSchema.optional(),
    tcp: tcpCheckSchema.optional(),
    tls: tlsCheckSchema.optional(),
    openid: openidCheckSchema.optional(),
    sts: stsCheckSchema.optional(),
    timeout: duration.describe('Give up after this long. Default 5s.').optional(),
    interval: duration.describe('Probe this often. Default 30s.').optional(),
    confirmInterval: duration
      .describe(
        'After a probe that points towards a change of health (a failure while not yet unhealthy, a pass while not yet healthy), probe again this soon instead of a full interval. Default 2s (or the interval, if shorter).',
      )
      .optional(),
    failureThreshold: z
      .number()
      .int()
      .min(1)
      .max(100)
      .describe('Failures in a row to turn unhealthy. Default 3.')
      .optional(),
    successThreshold: z
      .number()
      .int()
      .min(1)
      .max(100)
      .describe('Successes in a row to turn healthy. Default 2.')
      .optional(),
    planes: z
      .array(z.enum(PLANES))
      .min(1)
      .describe('The planes that run this check. Default every plane.')
      .optional(),
  })
  .describe('A health check; give exactly one check type.');

export type RawCheck = z.infer<typeof checkSchema>;
