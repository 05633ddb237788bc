/**
 * The Worker's Route 53 client over signed fetch, held to the SDK's: the same calls over the same HTTP
 * answers must send the same requests and give the same objects and errors.
 */
import { type ChangeResourceRecordSetsRequest, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRetryableAwsError } from '../../../../functions/adapters/aws-common/errors';
import { parseXml } from '../../../../functions/adapters/aws-fetch/xml';
import { type Route53Api, route53Api } from '../../../../functions/adapters/route53/api';
import { translateRoute53Error } from '../../../../functions/adapters/route53/errors';
import { route53FetchApi } from '../../../../functions/adapters/route53/fetch-api';
import { httpDouble, type Scripted, sideBySide, withoutMetadata } from './http-double';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const NS = 'xmlns="https://route53.amazonaws.com/doc/2013-04-01/"';
const xml = (body: string, status = 200): Scripted => ({
  status,
  body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-1' },
});

const LIST = xml(`<ListResourceRecordSetsResponse ${NS}>
  <ResourceRecordSets>
    <ResourceRecordSet><Name>app.example.com.</Name><Type>A</Type><TTL>300</TTL>
      <ResourceRecords><ResourceRecord><Value>192.0.2.10</Value></ResourceRecord><ResourceRecord><Value>192.0.2.11</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
    <ResourceRecordSet><Name>_twinplane-a.app.example.com.</Name><Type>TXT</Type><TTL>300</TTL>
      <ResourceRecords><ResourceRecord><Value>"heritage=twinplane,owner=t,record=app.example.com/A,pool=primary,epoch=0,plane=aws"</Value></ResourceRecord><ResourceRecord><Value>"a &amp; b &lt;c&gt; &#x41;&#66;"</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
    <ResourceRecordSet><Name>\\052.example.com.</Name><Type>CNAME</Type><SetIdentifier>primary</SetIdentifier><Failover>PRIMARY</Failover><TTL>60</TTL>
      <ResourceRecords><ResourceRecord><Value>a.example.net</Value></ResourceRecord></ResourceRecords><HealthCheckId>abcdef11-2222-3333-4444-555555fedcba</HealthCheckId></ResourceRecordSet>
    <ResourceRecordSet><Name>alias.example.com.</Name><Type>A</Type>
      <AliasTarget><HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId><DNSName>d111111abcdef8.cloudfront.net.</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>
    <ResourceRecordSet><Name>w.example.com.</Name><Type>A</Type><SetIdentifier>eu</SetIdentifier><Weight>70</Weight><TTL>30</TTL><ResourceRecords><ResourceRecord><Value>198.51.100.7</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
    <ResourceRecordSet><Name>geo.example.com.</Name><Type>A</Type><SetIdentifier>any</SetIdentifier><GeoLocation><CountryCode>*</CountryCode></GeoLocation><TTL>30</TTL><ResourceRecords><ResourceRecord><Value>198.51.100.8</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
    <ResourceRecordSet><Name>lat.example.com.</Name><Type>AAAA</Type><SetIdentifier>use1</SetIdentifier><Region>us-east-1</Region><MultiValueAnswer>true</MultiValueAnswer><TTL>30</TTL><ResourceRecords><ResourceRecord><Value>2001:db8::1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
    <ResourceRecordSet><Name>cidr.example.com.</Name><Type>A</Type><SetIdentifier>c</SetIdentifier><TTL>30</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords><CidrRoutingConfig><CollectionId>c-1</CollectionId><LocationName>office</LocationName></CidrRoutingConfig></ResourceRecordSet>
    <ResourceRecordSet><Name>prox.example.com.</Name><Type>A</Type><SetIdentifier>p</SetIdentifier><TTL>30</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.2</Value></ResourceRecord></ResourceRecords><GeoProximityLocation><Coordinates><Latitude>49.22</Latitude><Longitude>-74.01</Longitude></Coordinates><Bias>-20</Bias></GeoProximityLocation></ResourceRecordSet>
    <ResourceRecordSet><Name>new.example.com.</Name><Type>A</Type><TTL>30</TTL><SomeFutureMember>x</SomeFutureMember><ResourceRecords><ResourceRecord><Value>192.0.2.3</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
  </ResourceRecordSets>
  <IsTruncated>true</IsTruncated>
  <NextRecordName>z.example.com.</NextRecordName>
  <NextRecordType>A</NextRecordType>
  <NextRecordIdentifier>eu west</NextRecordIdentifier>
  <MaxItems>300</MaxItems>
</ListResourceRecordSetsResponse>`);

const CHANGE_INFO = (tag: string) =>
  xml(
    `<${tag} ${NS}><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>PENDING</Status><SubmittedAt>2026-12-03T08:00:00.123Z</SubmittedAt><Comment>twinplane</Comment></ChangeInfo></${tag}>`,
  );

const BATCH: ChangeResourceRecordSetsRequest = {
  HostedZoneId: '/hostedzone/Z0123456789ABC',
  ChangeBatch: {
    Comment: 'twinplane: app.example.com/A primary -> secondary <epoch 1> & more',
    Changes: [
      {
        Action: 'UPSERT',
        ResourceRecordSet: {
          TTL: 60,
          Name: 'app.example.com.',
          Type: 'A',
          ResourceRecords: [{ Value: '198.51.100.7' }, { Value: '198.51.100.8' }],
        },
      },
      {
        Action: 'DELETE',
        ResourceRecordSet: {
          Name: '_twinplane-a.app.example.com.',
          Type: 'TXT',
          TTL: 300,
          ResourceRecords: [{ Value: '"heritage=twinplane,owner=t,epoch=0 \'quoted\' & <b>"' }],
        },
      },
      {
        Action: 'CREATE',
        ResourceRecordSet: {
          HealthCheckId: 'abcdef11-2222-3333-4444-555555fedcba',
          Failover: 'SECONDARY',
          SetIdentifier: 'secondary',
          Name: 'fo.example.com.',
          Type: 'A',
          AliasTarget: { EvaluateTargetHealth: true, DNSName: 'lb.example.net.', HostedZoneId: 'Z0ALIAS' },
        },
      },
      {
        Action: 'UPSERT',
        ResourceRecordSet: {
          Name: 'geo.example.com.',
          Type: 'A',
          SetIdentifier: 'any',
          Weight: 0,
          MultiValueAnswer: false,
          GeoLocation: { SubdivisionCode: 'CA', CountryCode: 'US' },
          GeoProximityLocation: { Bias: 5, Coordinates: { Longitude: '1.5', Latitude: '2.5' } },
          CidrRoutingConfig: { LocationName: 'office', CollectionId: 'c-1' },
          Region: 'eu-west-1',
          TTL: 30,
          ResourceRecords: [{ Value: '192.0.2.9' }],
        },
      },
    ],
  },
};

let server: Awaited<ReturnType<typeof httpDouble>>;
let sdk: Route53Api;
let mine: Route53Api;

beforeAll(async () => {
  server = await httpDouble();
  sdk = route53Api(
    new Route53Client({ region: 'us-east-1', endpoint: server.endpoint, credentials, maxAttempts: 1 }),
  );
  mine = route53FetchApi({ endpoint: server.endpoint, credentials, timeoutMs: 500 });
});
afterAll(() => server.close());

/** Runs the call on both clients over the same answers: [sdk, mine], each with the request it sent. */
const both = <T>(answers: Scripted[], call: (api: Route53Api) => Promise<T>) =>
  sideBySide(server, [sdk, mine], answers, call);
const sentShape = (s: { method: string; path: string; query: Record<string, string> }) => ({
  method: s.method,
  path: s.path,
  query: s.query,
});

describe('Route 53 over signed fetch, side by side with the SDK client', () => {
  it('reads a page of every routing kind into the same objects, and sends the same query', async () => {
    const input = {
      HostedZoneId: '/hostedzone/Z0123456789ABC',
      StartRecordName: '*.example.com.',
      StartRecordType: 'CNAME' as const,
      StartRecordIdentifier: 'eu west',
      MaxItems: 300,
    };
    const [a, b] = await both([LIST], (api) => api.listResourceRecordSets(input));
    expect(b.error).toBeUndefined();
    expect(a.error).toBeUndefined();
    expect(b.result).toEqual(withoutMetadata(a.result));
    expect((b.result?.ResourceRecordSets ?? []).length).toBe(10);
    expect(b.sent.map(sentShape)).toEqual(a.sent.map(sentShape));
    expect(b.sent[0]?.path).toBe('/2013-04-01/hostedzone/Z0123456789ABC/rrset');
  });

  it('sends the same ChangeBatch XML (member order, escaping) and reads the same ChangeInfo', async () => {
    const [a, b] = await both([CHANGE_INFO('ChangeResourceRecordSetsResponse')], (api) =>
      api.changeResourceRecordSets(BATCH),
    );
    expect(a.error).toBeUndefined();
    expect(b.result).toEqual(withoutMetadata(a.result));
    expect(b.result?.ChangeInfo?.SubmittedAt).toEqual(new Date('2026-12-03T08:00:00.123Z'));
    expect(b.sent.map(sentShape)).toEqual(a.sent.map(sentShape));
    expect(parseXml(b.sent[0]!.body)).toEqual(parseXml(a.sent[0]!.body));
    expect(b.sent[0]?.headers['content-type']).toBe(a.sent[0]?.headers['content-type']);
  });

  it('polls a change by id, its /change/ prefix stripped as the SDK strips it', async () => {
    const [a, b] = await both([CHANGE_INFO('GetChangeResponse')], (api) =>
      api.getChange({ Id: '/change/C2682N5HXP0BZ4' }),
    );
    expect(b.result).toEqual(withoutMetadata(a.result));
    expect(b.sent.map(sentShape)).toEqual(a.sent.map(sentShape));
    expect(b.sent[0]?.path).toBe('/2013-04-01/change/C2682N5HXP0BZ4');
  });

  it('signs every request, with the payload hash the SDK sends', async () => {
    const [, b] = await both([CHANGE_INFO('ChangeResourceRecordSetsResponse')], (api) =>
      api.changeResourceRecordSets(BATCH),
    );
    const headers = b.sent[0]!.headers;
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/route53\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  const errors: [string, Scripted][] = [
    [
      'throttling',
      xml(
        `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
        400,
      ),
    ],
    [
      'a prior request not complete',
      xml(
        `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>PriorRequestNotComplete</Code><Message>The request was rejected because Route 53 was still processing a prior request.</Message></Error><RequestId>r2</RequestId></ErrorResponse>`,
        400,
      ),
    ],
    [
      'a refused change batch (ErrorResponse)',
      xml(
        `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>InvalidChangeBatch</Code><Message>[Tried to delete resource record set [name='app.example.com.', type='A'] but the values provided do not match the current values]</Message></Error><RequestId>r3</RequestId></ErrorResponse>`,
        400,
      ),
    ],
    [
      'a missing zone',
      xml(
        `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: Z0123456789ABC</Message></Error><RequestId>r5</RequestId></ErrorResponse>`,
        404,
      ),
    ],
    [
      'a bad signature',
      xml(
        `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error><RequestId>r6</RequestId></ErrorResponse>`,
        403,
      ),
    ],
    ['an unavailable service with an empty body', { status: 503, body: '' }],
    ['a 500 with an HTML body', { status: 500, body: '<html><body>Internal error</body></html>' }],
  ];

  for (const [what, answer] of errors) {
    it(`raises ${what} as the SDK does: the same name, messages, status and retry verdict`, async () => {
      const [a, b] = await both([answer], (api) => api.changeResourceRecordSets(BATCH));
      const shape = (e: unknown) => {
        const err = e as { name: string; messages?: string[]; $metadata: { httpStatusCode?: number } };
        return {
          name: err.name,
          messages: err.messages,
          status: err.$metadata.httpStatusCode,
          retryable: isRetryableAwsError(e),
          code: translateRoute53Error(e, 'x').code,
          retryableTyped: translateRoute53Error(e, 'x').retryable,
        };
      };
      expect(a.error).toBeDefined();
      expect(b.error).toBeDefined();
      expect(shape(b.error)).toEqual(shape(a.error));
      if (!/body/.test(what)) expect((b.error as Error).message).toBe((a.error as Error).message);
    });
  }

  it('reads the older InvalidChangeBatch body AWS documents, with its messages, where the SDK says Unknown', async () => {
    const legacy = xml(
      `<InvalidChangeBatch ${NS}><Messages><Message>Tried to create resource record set [name='app.example.com.', type='A'] but it already exists</Message><Message>second &amp; last</Message></Messages><RequestId>r4</RequestId></InvalidChangeBatch>`,
      400,
    );
    const [a, b] = await both([legacy], (api) => api.changeResourceRecordSets(BATCH));
    expect(a.error).toMatchObject({ name: 'Unknown' });
    expect(b.error).toMatchObject({
      name: 'InvalidChangeBatch',
      message:
        "Tried to create resource record set [name='app.example.com.', type='A'] but it already exists",
      messages: [
        "Tried to create resource record set [name='app.example.com.', type='A'] but it already exists",
        'second & last',
      ],
      $metadata: { httpStatusCode: 400, requestId: 'req-1' },
    });
    expect(isRetryableAwsError(b.error)).toBe(false);
  });

  it('refuses a member it does not know before sending anything', async () => {
    server.seen.length = 0;
    const bad = {
      HostedZoneId: 'Z1',
      ChangeBatch: {
        Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'a.', Type: 'A', Ttl: 60 } }],
      },
    } as unknown as ChangeResourceRecordSetsRequest;
    await expect(mine.changeResourceRecordSets(bad)).rejects.toThrow(
      'ChangeBatch.Changes[0].ResourceRecordSet.Ttl is not a member this client sends',
    );
    expect(server.seen).toEqual([]);
  });

  it('gives up on an endpoint that does not answer with a retryable TimeoutError', async () => {
    server.answer({ status: 200, body: '', hang: true });
    const error = await mine.getChange({ Id: 'C1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(isRetryableAwsError(error)).toBe(true);
  });

  it('raises an unreachable endpoint as a retryable network error', async () => {
    const down = route53FetchApi({ endpoint: 'http://127.0.0.1:9', credentials, timeoutMs: 2_000 });
    const error = await down.getChange({ Id: 'C1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NetworkError' });
    expect(isRetryableAwsError(error)).toBe(true);
  });

  it('refuses a 200 whose body is not XML rather than reading half of it', async () => {
    server.answer({ status: 200, body: '<ListResourceRecordSetsResponse><ResourceRecordSets>' });
    await expect(mine.listResourceRecordSets({ HostedZoneId: 'Z1' })).rejects.toThrow(/not closed/);
  });
});
