/**
 * The three Route 53 calls of the DNS adapter over signed `fetch`, for the Worker: Route 53's REST/XML
 * API (2013-04-01) written and read by the shapes below, which follow the SDK's model member by member
 * and in its order, so the adapter sees the same objects and errors as from the SDK client
 * (test/unit/adapters/route53-fetch-api.test.ts holds the two side by side over the same HTTP answers).
 * A member the shapes do not know is refused before anything is sent.
 */
import type {
  ChangeResourceRecordSetsRequest,
  ChangeResourceRecordSetsResponse,
  GetChangeRequest,
  GetChangeResponse,
  ListResourceRecordSetsRequest,
  ListResourceRecordSetsResponse,
} from '@aws-sdk/client-route-53';
import { type AwsFetchOptions, AwsServiceError, awsFetch } from '../aws-fetch/client';
import { child, escapeXml, parseXml, type XmlElement } from '../aws-fetch/xml';
import type { Route53Api } from './api';

/** A member's type: text, number, boolean, timestamp, a structure, or a list of `item` elements. */
type Shape = 's' | 'n' | 'b' | 't' | Struct | { list: string; of: Shape };
type Struct = { [member: string]: Shape };

const GEO_LOCATION: Struct = { ContinentCode: 's', CountryCode: 's', SubdivisionCode: 's' };
const ALIAS_TARGET: Struct = { HostedZoneId: 's', DNSName: 's', EvaluateTargetHealth: 'b' };
const CIDR_ROUTING: Struct = { CollectionId: 's', LocationName: 's' };
const GEO_PROXIMITY: Struct = {
  AWSRegion: 's',
  LocalZoneGroup: 's',
  Coordinates: { Latitude: 's', Longitude: 's' },
  Bias: 'n',
};
const RECORD_SET: Struct = {
  Name: 's',
  Type: 's',
  SetIdentifier: 's',
  Weight: 'n',
  Region: 's',
  GeoLocation: GEO_LOCATION,
  Failover: 's',
  MultiValueAnswer: 'b',
  TTL: 'n',
  ResourceRecords: { list: 'ResourceRecord', of: { Value: 's' } },
  AliasTarget: ALIAS_TARGET,
  HealthCheckId: 's',
  TrafficPolicyInstanceId: 's',
  CidrRoutingConfig: CIDR_ROUTING,
  GeoProximityLocation: GEO_PROXIMITY,
};
const CHANGE_BATCH: Struct = {
  Changes: { list: 'Change', of: { Action: 's', ResourceRecordSet: RECORD_SET } },
  Comment: 's',
};
const CHANGE_INFO: Struct = { Id: 's', Status: 's', SubmittedAt: 't', Comment: 's' };
const LIST_RESPONSE: Struct = {
  ResourceRecordSets: { list: 'ResourceRecordSet', of: RECORD_SET },
  IsTruncated: 'b',
  MaxItems: 'n',
  NextRecordName: 's',
  NextRecordType: 's',
  NextRecordIdentifier: 's',
};

const NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/';

function write(shape: Shape, value: unknown, path: string): string {
  if (typeof shape === 'string') {
    const text = value instanceof Date ? value.toISOString() : String(value);
    return escapeXml(text);
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) throw new TypeError(`Route 53 request: ${path} must be a list`);
    const item = shape.list;
    return value.map((v, i) => `<${item}>${write(shape.of, v, `${path}[${i}]`)}</${item}>`).join('');
  }
  if (typeof value !== 'object' || value === null)
    throw new TypeError(`Route 53 request: ${path} must be a structure`);
  const fields = value as Record<string, unknown>;
  for (const name of Object.keys(fields))
    if (!(name in shape) && fields[name] !== undefined)
      throw new TypeError(`Route 53 request: ${path}.${name} is not a member this client sends`);
  let xml = '';
  for (const [name, member] of Object.entries(shape)) {
    const v = fields[name];
    if (v === undefined || v === null) continue;
    xml += `<${name}>${write(member, v, `${path}.${name}`)}</${name}>`;
  }
  return xml;
}

function read(shape: Shape, element: XmlElement): unknown {
  if (shape === 's') return element.text;
  if (shape === 'n') return Number(element.text.trim());
  if (shape === 'b') return element.text.trim() === 'true';
  if (shape === 't') return new Date(element.text.trim());
  if ('list' in shape) {
    const item = shape.list;
    return element.children.filter((c) => c.name === item).map((c) => read(shape.of, c));
  }
  const out: Record<string, unknown> = {};
  for (const c of element.children) {
    const member = shape[c.name];
    if (member !== undefined) out[c.name] = read(member, c);
  }
  return out;
}

/** The SDK strips these prefixes from ids it is given; so does this client. */
const bareId = (id: string | undefined, prefix: string) =>
  id?.startsWith(`/${prefix}/`) ? id.slice(prefix.length + 2) : (id ?? '');

/**
 * Route 53's error body as the SDK raises it: `ErrorResponse/Error` with Code and Message. The older
 * `InvalidChangeBatch` root with its `Messages`, which AWS documents and Route 53 has since replaced by the
 * standard form, is read too (the SDK names it `Unknown`): the adapter tells a lost race by that code.
 */
function route53Error(status: number, text: string, requestId: string | undefined): AwsServiceError {
  let root: XmlElement | undefined;
  try {
    root = parseXml(text);
  } catch {
    root = undefined;
  }
  const error = root?.name === 'ErrorResponse' ? child(root, 'Error') : root;
  const code =
    child(error, 'Code')?.text ?? (root?.name === 'InvalidChangeBatch' ? 'InvalidChangeBatch' : undefined);
  const messages = child(error, 'Messages')
    ?.children.filter((c) => c.name === 'Message')
    .map((c) => c.text);
  const message = child(error, 'Message')?.text ?? messages?.[0] ?? 'UnknownError';
  const name = code ?? (status === 404 ? 'NotFound' : 'Unknown');
  return new AwsServiceError(
    name,
    message,
    { httpStatusCode: status, requestId: requestId ?? child(root, 'RequestId')?.text },
    { fields: messages || name === 'InvalidChangeBatch' ? { messages: messages ?? [] } : {} },
  );
}

/** Route 53 over signed fetch; credentials from the Worker's secrets. Signed for us-east-1, as AWS documents. */
export function route53FetchApi(options: Omit<AwsFetchOptions, 'region'> & { region?: string }): Route53Api {
  const aws: AwsFetchOptions = { ...options, region: options.region ?? 'us-east-1' };
  const call = async (
    method: 'GET' | 'POST',
    path: string,
    query?: Record<string, string | undefined>,
    body?: string,
  ): Promise<XmlElement> => {
    const response = await awsFetch(aws, {
      service: 'route53',
      host: 'route53.amazonaws.com',
      method,
      path,
      ...(query ? { query } : {}),
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/xml' } }),
    });
    if (response.status >= 300) throw route53Error(response.status, response.text, response.requestId);
    return parseXml(response.text);
  };
  const changeInfo = (root: XmlElement) => {
    const info = child(root, 'ChangeInfo');
    return info ? { ChangeInfo: read(CHANGE_INFO, info) as GetChangeResponse['ChangeInfo'] } : {};
  };
  return {
    async listResourceRecordSets(input: ListResourceRecordSetsRequest) {
      const root = await call(
        'GET',
        `/2013-04-01/hostedzone/${encodeURIComponent(bareId(input.HostedZoneId, 'hostedzone'))}/rrset`,
        {
          name: input.StartRecordName,
          type: input.StartRecordType,
          identifier: input.StartRecordIdentifier,
          maxitems: input.MaxItems === undefined ? undefined : String(input.MaxItems),
        },
      );
      return read(LIST_RESPONSE, root) as ListResourceRecordSetsResponse;
    },
    async changeResourceRecordSets(input: ChangeResourceRecordSetsRequest) {
      const body = `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="${NAMESPACE}"><ChangeBatch>${write(CHANGE_BATCH, input.ChangeBatch, 'ChangeBatch')}</ChangeBatch></ChangeResourceRecordSetsRequest>`;
      const root = await call(
        'POST',
        `/2013-04-01/hostedzone/${encodeURIComponent(bareId(input.HostedZoneId, 'hostedzone'))}/rrset`,
        undefined,
        body,
      );
      return changeInfo(root) as ChangeResourceRecordSetsResponse;
    },
    async getChange(input: GetChangeRequest) {
      const root = await call('GET', `/2013-04-01/change/${encodeURIComponent(bareId(input.Id, 'change'))}`);
      return changeInfo(root) as GetChangeResponse;
    },
  };
}
