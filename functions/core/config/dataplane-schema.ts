/**
 * The schema of Route 53 data-plane mode: per record (`route53: { mode: dataplane }`) and the verdict
 * endpoints Route 53's health checkers ask (`planes.verdicts`).
 */
import { z } from 'zod';

const secretName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_./-]{0,127}$/, { message: 'must be a secret name' });

const baseUrl = z.string().regex(/^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?\/?$/i, {
  message: 'must be a base URL like https://name.example.com (scheme, host, optional port, no path)',
});

export const verdictsSchema = z
  .strictObject({
    secret: z
      .strictObject({ secret: secretName })
      .describe(
        'The secret path segment of every verdict URL (Route 53 health checks cannot send custom headers). ' +
          'At least 32 characters; it is visible to anyone who may read the health checks.',
      ),
    aws: baseUrl
      .describe('The AWS plane verdict endpoint (Outputs.VerdictFunctionUrl of the stack).')
      .optional(),
    cloudflare: baseUrl
      .describe('The Worker base URL; it serves /v1/verdict/... from its Durable Object.')
      .optional(),
  })
  .describe('Where Route 53 health checkers ask the planes for their verdicts (records in dataplane mode).');

export const originCheckSchema = z
  .strictObject({
    protocol: z.enum(['HTTP', 'HTTPS']).describe('Default HTTPS.').optional(),
    port: z.number().int().min(1).max(65_535).describe('Default 443 for HTTPS, 80 for HTTP.').optional(),
    path: z
      .string()
      .regex(/^\/\S{0,254}$/, { message: 'must be a path starting with /' })
      .optional(),
  })
  .describe("A plain Route 53 check of each pool's first value, combined with the verdicts.");

export const recordRoute53Schema = z
  .strictObject({
    mode: z
      .enum(['swap', 'dataplane'])
      .describe(
        'swap (default): twinplane rewrites the record through the Route 53 API. dataplane: failover record ' +
          "sets and health checks on the planes' verdicts, so Route 53's data plane moves the name without an API call.",
      ),
    rule: z
      .enum(['any', 'all'])
      .describe("dataplane: any (default): either plane's verdict moves the name; all: every plane's must.")
      .optional(),
    failureThreshold: z
      .number()
      .int()
      .min(1)
      .max(10)
      .describe('dataplane: consecutive checker results before Route 53 changes a status. Default 3.')
      .optional(),
    requestInterval: z
      .union([z.literal(10), z.literal(30)])
      .describe('dataplane: seconds between checks of one checker, 10 (fast, default) or 30.')
      .optional(),
    originCheck: originCheckSchema.optional(),
  })
  .describe('How twinplane steers this record in Route 53.');
