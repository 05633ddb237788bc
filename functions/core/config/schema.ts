/**
 * The twinplane.yaml schema: one source for validation and for the editor JSON Schema.
 * It describes the document as written (durations as text, optional keys); `normalize` turns it into
 * the resolved Config the core runs on.
 */
import { z } from 'zod';
import { PLANES, PROVIDERS, RECORD_TYPES } from '../types';
import { checkSchema } from './check-schema';
import { recordRoute53Schema, verdictsSchema } from './dataplane-schema';
import { localDnsSchema } from './local-dns-schema';
import { duration } from './primitives';

export { checkSchema, duration };

const NAME = /^[a-z0-9](?:[a-z0-9_-]{0,62})$/;

export const secretRef = z
  .strictObject({
    secret: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_./-]{0,127}$/, { message: 'must be a secret name' })
      .describe(
        'Name of a secret: an environment variable on the local plane, an SSM SecureString or Secrets Manager ' +
          'secret on AWS, a wrangler secret on the Worker. The value itself never appears in config.',
      ),
  })
  .describe('A reference to a secret held outside the config.');

const name = (what: string) =>
  z.string().regex(NAME, { message: `must be a ${what} name: lower case letters, digits, - and _` });

const ROUTE53_ZONE_ID = /^(\/hostedzone\/)?[A-Z0-9]{2,32}$/;
const route53ZoneId = z
  .string()
  .regex(ROUTE53_ZONE_ID, { message: 'must be a Route 53 hosted zone id like Z0123456789ABC' });
const cloudflareZoneId = z
  .string()
  .regex(/^[0-9a-f]{32}$/, { message: 'must be a 32 character Cloudflare zone id' });
const zoneMap = (id: z.ZodString) => z.record(z.string().min(1), id);

export const planesSchema = z
  .strictObject({
    leader: z
      .enum(PLANES)
      .describe('The plane that applies changes while it is alive. Default aws.')
      .optional(),
    takeoverAfter: duration
      .describe('A follower applies only when the leader beacon is older than this. Default 3m.')
      .optional(),
    agreement: z
      .enum(['all', 'majority', 'any'])
      .describe(
        'How many fresh vantages must see a check fail before it counts as down. Default majority; ' +
          'the own vantage always counts.',
      )
      .optional(),
    observationMaxAge: duration
      .describe('Peer observations older than this are ignored. Default 3m.')
      .optional(),
    tickInterval: duration
      .describe('How often the local plane ticks. Default: the shortest check interval.')
      .optional(),
    peers: z
      .strictObject({
        aws: z
          .strictObject({
            table: z
              .string()
              .min(3)
              .describe('The AWS plane state table (Outputs.StateTableName of the stack).'),
            region: z.string().optional(),
          })
          .describe('Where the other planes read the AWS plane beacon (DynamoDB).')
          .optional(),
        cloudflare: z
          .strictObject({
            accountId: z
              .string()
              .regex(/^[0-9a-f]{32}$/, { message: 'must be a 32 character Cloudflare account id' }),
            namespaceId: z.string().regex(/^[0-9a-f]{32}$/, {
              message: 'must be the 32 character id of the Worker STATE namespace',
            }),
            apiToken: secretRef.describe('A token with Workers KV Storage read permission.'),
            url: z
              .string()
              .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
                message:
                  'must be an http:// or https:// base URL, e.g. https://twinplane.example.workers.dev',
              })
              .describe(
                "The Worker's base URL: its beacon is read from GET /v1/beacon (the Durable Object, strongly consistent) first, from KV when that fails.",
              )
              .optional(),
            token: secretRef
              .describe("The Worker's API token (its TWINPLANE_API_TOKEN), sent as the bearer token to url.")
              .optional(),
          })
          .describe(
            'Where the other planes read the Cloudflare plane beacon (the Worker API, then Workers KV).',
          )
          .optional(),
        local: z
          .strictObject({
            via: z.literal('aws').describe('The local plane publishes its beacon into the AWS plane table.'),
          })
          .describe('Where the clouds read the local plane beacon, so it votes as a third vantage.')
          .optional(),
      })
      .describe('Where each plane publishes its beacon, so the others can read it.')
      .optional(),
    verdicts: verdictsSchema.optional(),
  })
  .describe('Which plane leads and how the planes agree.');

export const providersSchema = z
  .strictObject({
    route53: z
      .strictObject({
        hostedZoneId: route53ZoneId.optional(),
        zones: zoneMap(route53ZoneId)
          .describe('Domain -> hosted zone id, when records span several zones.')
          .optional(),
        region: z.string().optional(),
      })
      .describe('Amazon Route 53. Give hostedZoneId, or zones for several.')
      .optional(),
    cloudflare: z
      .strictObject({
        zoneId: cloudflareZoneId.optional(),
        zones: zoneMap(cloudflareZoneId)
          .describe('Domain -> zone id, when records span several zones.')
          .optional(),
        apiToken: secretRef.optional(),
      })
      .describe('Cloudflare DNS. Give zoneId, or zones for several.')
      .optional(),
    local: z
      .strictObject({
        zone: z.string().min(1).describe('The zone the embedded DNS server of the local plane answers for.'),
        dns: localDnsSchema.optional(),
      })
      .describe('The embedded authoritative DNS server of the local plane.')
      .optional(),
  })
  .describe('The DNS providers twinplane writes to.');

export const poolSchema = z
  .strictObject({
    name: name('pool'),
    values: z.array(z.string()).min(1, { message: 'must list at least one value' }),
    checks: z.array(z.string()).min(1, { message: 'must list at least one check' }),
    cloudflare: z
      .strictObject({ proxied: z.boolean().describe('Serve through the Cloudflare proxy. Default false.') })
      .optional(),
  })
  .describe('A set of endpoints that answer together; the first pool is the preferred one.');

export const ttlSchema = z.union([
  z.number().int(),
  z.strictObject({
    normal: z.number().int().describe('TTL while the preferred (first) pool is active.'),
    outage: z.number().int().describe('TTL while any other pool is active, so failback spreads fast.'),
  }),
]);

export const recordSchema = z
  .strictObject({
    name: z.string().min(1),
    type: z.enum(RECORD_TYPES),
    providers: z.array(z.enum(PROVIDERS)).min(1),
    ttl: ttlSchema.describe('Seconds, or {normal, outage}. Default {normal: 300, outage: 60}.').optional(),
    pools: z.array(poolSchema).min(2, { message: 'must list at least two pools' }),
    route53: recordRoute53Schema.optional(),
    failback: z
      .strictObject({
        mode: z.enum(['auto', 'manual']),
        after: duration
          .describe('auto: how long the preferred pool must stay healthy before failback. Default 5m.')
          .optional(),
      })
      .describe('When to return to the preferred pool. Default {mode: auto, after: 5m}.')
      .optional(),
  })
  .describe('A DNS name twinplane steers between pools.');

export const notifySchema = z.union([
  z.strictObject({ slack: z.strictObject({ webhook: secretRef }) }),
  z.strictObject({ teams: z.strictObject({ webhook: secretRef }) }),
  z.strictObject({
    webhook: z.strictObject({ url: z.string(), signingSecret: secretRef.optional() }),
  }),
  z.strictObject({ sns: z.strictObject({ topicArn: z.string().regex(/^arn:aws[a-z-]*:sns:/) }) }),
]);

export const safetySchema = z
  .strictObject({
    maxChangesPerTick: z
      .number()
      .int()
      .min(1)
      .describe('Refuse a tick that would change more record sets than this. Default 100.')
      .optional(),
    dryRun: z.boolean().describe('Plan and report, never write to a provider. Default false.').optional(),
  })
  .describe('Gates applied to every plan.');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    owner: name('owner')
      .describe('Ownership id written in the registry TXT markers. Default twinplane.')
      .optional(),
    planes: planesSchema.optional(),
    providers: providersSchema,
    checks: z.record(z.string(), checkSchema),
    records: z.array(recordSchema).min(1, { message: 'must list at least one record' }),
    notify: z.array(notifySchema).optional(),
    safety: safetySchema.optional(),
  })
  .describe('twinplane configuration (twinplane.yaml).');

export type RawConfig = z.infer<typeof configSchema>;
export type { RawCheck } from './check-schema';
export type RawRecord = z.infer<typeof recordSchema>;
