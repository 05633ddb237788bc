import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFetchProber } from '../../../../functions/adapters/probes/fetch';
import { createNodeProber } from '../../../../functions/adapters/probes/node';
import { redFlag } from '../../../../functions/adapters/probes/red-flags';
import { classifyStsError } from '../../../../functions/adapters/probes/sts-node';
import { checkOf, within } from './support/check';
import { type Running, startHttp } from './support/servers';

const stable = (reason: string) =>
  reason.replace(/\b(in|after|within) \d+ ms/g, '$1 N ms').replace(/127\.0\.0\.1:\d+/g, 'ORIGIN');

const ISSUER = 'https://login.example.test/tenant/v2.0';
const entraError = (code: string, text: string) =>
  JSON.stringify({
    error: 'invalid_request',
    error_description: `${code}: ${text}`,
    error_codes: [Number(code.slice(6))],
  });

function openid(req: IncomingMessage, res: ServerResponse) {
  const send = (status: number, body: string) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  switch (new URL(req.url ?? '/', 'http://x').pathname.split('/')[1]) {
    case 'good':
      return send(
        200,
        JSON.stringify({
          issuer: ISSUER,
          jwks_uri: 'https://login.example.test/keys',
          response_types_supported: ['code'],
        }),
      );
    case 'no-keys':
      return send(200, JSON.stringify({ issuer: ISSUER }));
    case 'html':
      return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in</html>');
    case 'aadsts90033':
      return send(503, entraError('AADSTS90033', 'A transient error has occurred. Please try again.'));
    case 'aadsts90072':
      return send(
        400,
        entraError('AADSTS90072', 'User account from identity provider does not exist in tenant.'),
      );
    default:
      return send(404, entraError('AADSTS90002', "Tenant 'nope' not found."));
  }
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const stsError = (code: string, message: string) =>
  `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;

/** An STS endpoint whose answer depends on the access key id the request was signed with. */
function sts(req: IncomingMessage, res: ServerResponse) {
  const key = /Credential=([A-Z0-9]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const xml = (status: number, body: string) =>
    res.writeHead(status, { 'content-type': 'text/xml' }).end(body);
  req.resume();
  if (key === 'AKIDEXPIRED')
    return xml(400, stsError('ExpiredToken', 'The security token included in the request is expired'));
  if (key === 'AKIDINVALID')
    return xml(
      403,
      stsError('InvalidClientTokenId', 'The security token included in the request is invalid.'),
    );
  if (key === 'AKIDBROKEN') return xml(500, stsError('InternalFailure', 'We encountered an internal error.'));
  if (key === 'AKIDHANG') return;
  xml(
    200,
    `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/twinplane/lambda</Arn><UserId>AROA:lambda</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );
}

let idp: Running;
let stsEndpoint: Running;
beforeAll(async () => {
  idp = await startHttp(openid);
  stsEndpoint = await startHttp(sts);
});
afterAll(() => Promise.all([idp.close(), stsEndpoint.close()]));

describe('OpenID configuration preset', () => {
  it.each([
    ['a sound document', 'good', {}, 'ok', `openid configuration from ORIGIN in N ms, issuer ${ISSUER}`],
    [
      'a document for another issuer',
      'good',
      { issuer: 'https://sts.windows.net/x/' },
      'body',
      `openid configuration from ORIGIN: issuer is ${ISSUER}, expected https://sts.windows.net/x/`,
    ],
    [
      'a document without jwks_uri',
      'no-keys',
      {},
      'body',
      'openid configuration from ORIGIN lacks jwks_uri (status 200 in N ms)',
    ],
    [
      'a page that is not JSON',
      'html',
      {},
      'body',
      'openid configuration from ORIGIN is not a JSON object (status 200 in N ms)',
    ],
    [
      'AADSTS90033',
      'aadsts90033',
      {},
      'auth',
      'AADSTS90033 (identity provider temporarily unavailable): openid configuration from ORIGIN: status 503 in N ms, expected 200',
    ],
    [
      'AADSTS90072',
      'aadsts90072',
      {},
      'auth',
      'AADSTS90072 (the external account is not in the tenant): openid configuration from ORIGIN: status 400 in N ms, expected 200',
    ],
    [
      'an unknown tenant',
      'nope',
      {},
      'auth',
      'AADSTS90002 (Entra ID sign-in error): openid configuration from ORIGIN: status 404 in N ms, expected 200',
    ],
  ])('judges %s', async (_name, path, extra, cls, reason) => {
    const check = checkOf({
      openid: { url: `${idp.origin}/${path}/v2.0/.well-known/openid-configuration`, ...extra },
    });
    for (const prober of [createNodeProber(), createFetchProber()]) {
      const result = await prober.probe(check, within());
      expect([result.ok, result.class, stable(result.reason)]).toEqual([cls === 'ok', cls, reason]);
    }
  });
});

describe('AWS STS preset', () => {
  const probe = (accessKeyId: string, sts: Record<string, unknown> = {}, ms = 2_000) =>
    createNodeProber({ sts: { credentials: { accessKeyId, secretAccessKey: 'secret' } } }).probe(
      checkOf({ sts: { endpoint: stsEndpoint.origin, ...sts }, planes: ['aws'] }),
      within(ms),
    );

  it.each([
    [
      'a caller',
      'AKIDGOOD',
      {},
      'ok',
      'STS GetCallerIdentity in us-east-1 as arn:aws:sts::123456789012:assumed-role/twinplane/lambda in N ms',
    ],
    [
      'a caller in another account',
      'AKIDGOOD',
      { account: '210987654321' },
      'auth',
      'STS GetCallerIdentity in us-east-1: caller arn:aws:sts::123456789012:assumed-role/twinplane/lambda is in account 123456789012, expected 210987654321',
    ],
    [
      'a caller with another role',
      'AKIDGOOD',
      { arn: 'role/other' },
      'auth',
      'STS GetCallerIdentity in us-east-1: caller arn:aws:sts::123456789012:assumed-role/twinplane/lambda does not contain "role/other"',
    ],
    [
      'expired credentials',
      'AKIDEXPIRED',
      {},
      'auth',
      'STS GetCallerIdentity in us-east-1: ExpiredToken (the AWS credentials have expired): The security token included in the request is expired after N ms',
    ],
    [
      'an invalid token',
      'AKIDINVALID',
      {},
      'auth',
      'STS GetCallerIdentity in us-east-1: InvalidClientTokenId (the AWS security token is invalid): The security token included in the request is invalid. after N ms',
    ],
    [
      'a failing service',
      'AKIDBROKEN',
      {},
      'status',
      'STS GetCallerIdentity in us-east-1: status 500 (InternalFailure: We encountered an internal error.) after N ms',
    ],
  ])('judges %s', async (_name, key, extra, cls, reason) => {
    const result = await probe(key, extra);
    expect([result.ok, result.class, stable(result.reason)]).toEqual([cls === 'ok', cls, reason]);
  });

  it('reports a hanging endpoint as a timeout', async () => {
    const result = await probe('AKIDHANG', {}, 300);
    expect([result.ok, result.class, stable(result.reason)]).toEqual([
      false,
      'timeout',
      'STS GetCallerIdentity in us-east-1: no answer from ORIGIN within N ms',
    ]);
  });

  describe('without credentials anywhere', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it('names CredentialsProviderError', async () => {
      for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
      Object.assign(process.env, {
        AWS_CONFIG_FILE: '/nonexistent/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
      });
      const result = await createNodeProber().probe(
        checkOf({ sts: { endpoint: stsEndpoint.origin } }),
        within(),
      );
      expect([result.ok, result.class]).toEqual([false, 'auth']);
      expect(result.reason).toMatch(
        /^STS GetCallerIdentity in us-east-1: no AWS credentials \(CredentialsProviderError\): /,
      );
    });
  });

  it('is unsupported, never passed, on the fetch prober', async () => {
    const result = await createFetchProber().probe(checkOf({ sts: {} }), within());
    expect([result.ok, result.class]).toEqual([false, 'unsupported']);
  });
});

describe('red flags', () => {
  it.each([
    ['Unable to load AWS credentials from any providers', 'no AWS credentials (CredentialsProviderError)'],
    [
      'CredentialsProviderError: Could not load credentials from any providers',
      'no AWS credentials (CredentialsProviderError)',
    ],
    ['ExpiredTokenException: token expired', 'ExpiredToken (the AWS credentials have expired)'],
    [
      'The security token included in the request is invalid',
      'InvalidClientTokenId (the AWS security token is invalid)',
    ],
    [
      '{"error_description":"AADSTS90033: A transient error"}',
      'AADSTS90033 (identity provider temporarily unavailable)',
    ],
    ['AADSTS90072: PassThroughUserMfaError', 'AADSTS90072 (the external account is not in the tenant)'],
    ['AADSTS700016: Application not found', 'AADSTS700016 (Entra ID sign-in error)'],
    ['status 503 Service Unavailable', undefined],
  ])('finds %j', (text, label) => {
    expect(redFlag(text)).toBe(label);
  });

  it.each([
    [{ name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }, 'auth'],
    [{ name: 'ExpiredTokenException', message: 'expired', $metadata: { httpStatusCode: 400 } }, 'auth'],
    [{ name: 'AccessDenied', message: 'no', $metadata: { httpStatusCode: 403 } }, 'auth'],
    [{ name: 'ServiceUnavailable', message: 'later', $metadata: { httpStatusCode: 503 } }, 'status'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'connect'],
    [{ name: 'TimeoutError', message: 'socket hang up' }, 'timeout'],
  ])('classes the STS error %j as %s', (error, cls) => {
    expect(classifyStsError(error, false).class).toBe(cls);
  });
});
