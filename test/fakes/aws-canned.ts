/**
 * A canned Route 53 endpoint: enough of the REST/XML API to prove the Route 53 adapter runs inside
 * workerd (XML parsed by the xmldom DOMParser, requests signed with WebCrypto). It lists a fixed zone
 * and accepts one ChangeBatch, keeping the request bodies for the test to read.
 */
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

export function cannedRoute53() {
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
