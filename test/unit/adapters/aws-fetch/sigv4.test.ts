import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { amzDate, signRequest, uriEncode } from '../../../../functions/adapters/aws-fetch/sigv4';

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** The SDK's own signer, with Node's hashes: the reference every signature here is held to. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const now = Date.UTC(2015, 7, 30, 12, 36, 0);

async function sdkAuthorization(input: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  sessionToken?: string;
}): Promise<string> {
  const signer = new SignatureV4({
    credentials: { ...credentials, ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}) },
    region: input.region,
    service: input.service,
    sha256: NodeSha256,
  });
  const query: Record<string, string> = {};
  for (const [k, v] of input.url.searchParams) query[k] = v;
  const signed = await signer.sign(
    {
      method: input.method,
      protocol: input.url.protocol,
      hostname: input.url.hostname,
      ...(input.url.port ? { port: Number(input.url.port) } : {}),
      path: input.url.pathname,
      query,
      headers: { ...input.headers, host: input.url.host },
      body: input.body,
    },
    { signingDate: new Date(now) },
  );
  return signed.headers.authorization as string;
}

describe('SigV4 over WebCrypto', () => {
  it("signs AWS's published get-vanilla example as AWS documents it", async () => {
    const headers = await signRequest({
      method: 'GET',
      url: new URL('https://example.amazonaws.com/'),
      headers: {},
      body: '',
      region: 'us-east-1',
      service: 'service',
      credentials,
      now,
      payloadHashHeader: false,
    });
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  const cases: {
    what: string;
    method: string;
    url: URL;
    headers: Record<string, string>;
    body: string;
    region: string;
    service: string;
    sessionToken?: string;
  }[] = [
    {
      what: 'a Route 53 zone read with a start name, type and page size',
      method: 'GET',
      url: new URL(
        'https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123/rrset?name=_twinplane-a.app.example.com.&type=TXT&maxitems=300',
      ),
      headers: {},
      body: '',
      region: 'us-east-1',
      service: 'route53',
    },
    {
      what: 'a wildcard start name, which needs encoding in the query',
      method: 'GET',
      url: new URL(
        `https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123/rrset?name=${encodeURIComponent("*.a b+c~d!'()")}&identifier=eu%20west`,
      ),
      headers: {},
      body: '',
      region: 'us-east-1',
      service: 'route53',
    },
    {
      what: 'a Route 53 change batch (XML body)',
      method: 'POST',
      url: new URL('https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123/rrset'),
      headers: { 'Content-Type': 'application/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest/>',
      region: 'us-east-1',
      service: 'route53',
    },
    {
      what: 'a DynamoDB GetItem on another region and port, with temporary credentials',
      method: 'POST',
      url: new URL('http://127.0.0.1:4566/'),
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.GetItem',
      },
      body: '{"TableName":"t","Key":{"pk":{"S":"BEACON"},"sk":{"S":"aws"}},"ConsistentRead":true}',
      region: 'eu-west-1',
      service: 'dynamodb',
      sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//token==',
    },
    {
      what: 'a path segment that needs encoding (encoded twice, as for every service but S3)',
      method: 'GET',
      url: new URL('https://route53.amazonaws.com/2013-04-01/change/C%2F1%20x'),
      headers: {},
      body: '',
      region: 'us-east-1',
      service: 'route53',
    },
  ];

  for (const input of cases) {
    it(`signs ${input.what} exactly as the SDK's signer does`, async () => {
      const mine = await signRequest({
        ...input,
        credentials: { ...credentials, sessionToken: input.sessionToken },
        now,
      });
      expect(mine.authorization).toBe(await sdkAuthorization(input));
      if (input.sessionToken) expect(mine['x-amz-security-token']).toBe(input.sessionToken);
      expect(mine).not.toHaveProperty('host');
    });
  }

  it('a different secret, day, region or body gives a different signature', async () => {
    const base = cases[2]!;
    const sign = (over: Partial<Parameters<typeof signRequest>[0]>) =>
      signRequest({ ...base, credentials, now, ...over }).then((h) => h.authorization);
    const reference = await sign({});
    expect(await sign({ credentials: { ...credentials, secretAccessKey: 'other' } })).not.toBe(reference);
    expect(await sign({ now: now + 86_400_000 })).not.toBe(reference);
    expect(await sign({ region: 'eu-west-1' })).not.toBe(reference);
    expect(await sign({ body: `${base.body} ` })).not.toBe(reference);
  });

  it('encodes as RFC 3986 and dates as AWS does', () => {
    expect(uriEncode("a b*c!'()~-_.")).toBe('a%20b%2Ac%21%27%28%29~-_.');
    expect(amzDate(Date.UTC(2026, 11, 3, 8, 5, 9, 123))).toBe('20261203T080509Z');
  });
});
