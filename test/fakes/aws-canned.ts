/**
 * A canned AWS endpoint: enough of Route 53's REST/XML API to prove the Route 53 adapter runs inside
 * workerd (over signed fetch: XML read by adapters/aws-fetch, requests signed with WebCrypto): it lists a fixed zone and
 * accepts ChangeBatches, keeping their bodies for the test to read. It also answers DynamoDB's GetItem
 * (JSON protocol) with the AWS plane's beacon, and with a local plane's beacon of 10,000 records stored
 * gzipped (a binary `gz` attribute, base64 on the wire), as a beacon past the 400 KB item limit is kept.
 */
import { toBase64 } from '../../functions/adapters/encoding';

export const CANNED_ZONE = 'Z0123456789ABC';

const LIST = `<?xml version="1.0" encoding="UTF-8"?>
<ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <ResourceRecordSets>
    <ResourceRecordSet><Name>app.example.com.</Name><Type>A</Type><TTL>300</TTL>
      <ResourceRecords><ResourceRecord><Value>192.0.2.10</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
    <ResourceRecordSet><Name>_twinplane-a.app.example.com.</Name><Type>TXT</Type><TTL>300</TTL>
      <ResourceRecords><ResourceRecord><Value>"heritage=twinplane,owner=test,record=app.example.com/A,pool=primary,epoch=0,plane=aws"</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
  </ResourceRecordSets>
  <IsTruncated>false</IsTruncated>
  <MaxItems>300</MaxItems>
</ListResourceRecordSetsResponse>`;

const CHANGED = `<?xml version="1.0" encoding="UTF-8"?>
<ChangeResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <ChangeInfo><Id>/change/C0123456789</Id><Status>PENDING</Status><SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt></ChangeInfo>
</ChangeResourceRecordSetsResponse>`;

/** The AWS plane's beacon, as its DynamoDB table holds it. */
export const CANNED_AWS_BEACON = {
  plane: 'aws',
  at: Date.UTC(2026, 0, 1),
  records: { 'app.example.com/A': { activePool: 'primary', epoch: 0 } },
  view: { vantage: 'aws', at: Date.UTC(2026, 0, 1), checks: {} },
};

/** A local plane's beacon of 10,000 records: about 600 KB as JSON, over DynamoDB's item limit. */
export function cannedLargeBeacon() {
  const records: Record<string, { activePool: string; epoch: number }> = {};
  for (let i = 0; i < 10_000; i++) records[`app-${i}.example.com/A`] = { activePool: 'primary', epoch: i };
  const at = Date.UTC(2026, 0, 1);
  return { plane: 'local', at, records, view: { vantage: 'local', at, checks: {} } };
}

async function gzipBase64(text: string): Promise<string> {
  const gz = new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip')));
  return toBase64(new Uint8Array(await gz.arrayBuffer()));
}

async function getItem(body: { Key?: { pk?: { S?: string }; sk?: { S?: string } } }): Promise<Response> {
  const sk = body.Key?.pk?.S === 'BEACON' ? body.Key?.sk?.S : undefined;
  const head = { pk: { S: 'BEACON' }, sk: { S: sk } };
  const item =
    sk === 'aws'
      ? { ...head, data: { S: JSON.stringify(CANNED_AWS_BEACON) }, at: { N: String(CANNED_AWS_BEACON.at) } }
      : sk === 'local'
        ? { ...head, gz: { B: await gzipBase64(JSON.stringify(cannedLargeBeacon())) }, at: { N: '0' } }
        : undefined;
  return Response.json(item ? { Item: item } : {}, {
    headers: { 'content-type': 'application/x-amz-json-1.0' },
  });
}

export function cannedAws() {
  const changes: string[] = [];
  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/__changes') return Response.json(changes);
    const xml = (body: string) => new Response(body, { headers: { 'content-type': 'text/xml' } });
    if (!request.headers.get('authorization')?.startsWith('AWS4-HMAC-SHA256 '))
      return new Response(
        '<ErrorResponse><Error><Code>MissingAuthenticationToken</Code></Error></ErrorResponse>',
        {
          status: 403,
        },
      );
    if (request.headers.get('x-amz-target') === 'DynamoDB_20120810.GetItem')
      return getItem(await request.json());
    if (url.pathname === `/2013-04-01/hostedzone/${CANNED_ZONE}/rrset` && request.method === 'GET')
      return xml(LIST);
    if (url.pathname === `/2013-04-01/hostedzone/${CANNED_ZONE}/rrset` && request.method === 'POST') {
      changes.push(await request.text());
      return xml(CHANGED);
    }
    return new Response(`no canned answer for ${request.method} ${url.pathname}`, { status: 404 });
  };
  return { handle, changes };
}
