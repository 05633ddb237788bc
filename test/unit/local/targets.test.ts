/** The CLI's plane targets: the Worker's routes with its bearer token, and the control Lambda's answers. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { lambdaTarget, workerRequest, workerTarget } from '../../../functions/local/targets';

describe('worker routes', () => {
  it.each([
    [{ action: 'status' }, 'GET', 'https://w.example/v1/status', undefined],
    [{ action: 'plan' }, 'GET', 'https://w.example/v1/plan', undefined],
    [
      { action: 'history', record: 'app.example.com', limit: 5 },
      'GET',
      'https://w.example/v1/history?record=app.example.com&limit=5',
      undefined,
    ],
    [{ action: 'run' }, 'POST', 'https://w.example/v1/run', '{}'],
    [
      { action: 'failover', record: 'app.example.com', pool: 'secondary' },
      'POST',
      'https://w.example/v1/records/app.example.com/failover',
      '{"pool":"secondary"}',
    ],
    [
      { action: 'pin', record: 'app.example.com/A', pool: 'b', until: '30m' },
      'POST',
      'https://w.example/v1/records/app.example.com%2FA/pin',
      '{"pool":"b","until":"30m"}',
    ],
  ])('%j', (request, method, url, body) => {
    expect(workerRequest('https://w.example/', request)).toEqual({ method, url, ...(body ? { body } : {}) });
  });
});

describe('worker target', () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

  async function worker(status: number, body: unknown) {
    const seen: { headers: IncomingHttpHeaders; url: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => {
        text += c;
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, url: req.url ?? '', body: text });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
  }

  it('sends the bearer token and returns the result', async () => {
    const w = await worker(200, { record: { record: 'app.example.com/A' } });
    const answer = await workerTarget(w.url, 't0k3n').send({ action: 'failover', record: 'app.example.com' });
    expect(answer).toEqual({ ok: true, result: { record: { record: 'app.example.com/A' } } });
    expect(w.seen[0]).toMatchObject({
      url: '/v1/records/app.example.com/failover',
      headers: { authorization: 'Bearer t0k3n' },
    });
  });

  it('turns a 400 with issues into a refusal naming the field', async () => {
    const error = {
      type: 'RequestError',
      message: 'request is invalid',
      issues: [{ path: 'pool', message: '"x" is not a pool' }],
      retryable: false,
    };
    const w = await worker(400, { ok: false, error });
    expect(await workerTarget(w.url, 't').send({ action: 'failover', record: 'a', pool: 'x' })).toEqual({
      ok: false,
      error,
    });
  });

  it('says when the Worker cannot be reached', async () => {
    const answer = await workerTarget('http://127.0.0.1:1', 't').send({ action: 'status' });
    expect(answer).toMatchObject({
      ok: false,
      error: {
        type: 'UnreachableError',
        message: expect.stringContaining('cannot reach the Worker'),
        retryable: true,
      },
    });
  });
});

describe('lambda target', () => {
  const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

  it('invokes the control function with the request as payload', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: encode({ ok: true, action: 'status', result: { records: [] } }) as never,
    });
    const answer = await lambdaTarget(
      'twinplane-prod-control',
      new LambdaClient({ region: 'us-east-1' }),
    ).send({ action: 'status' });
    expect(answer).toEqual({ ok: true, result: { records: [] } });
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input.FunctionName).toBe('twinplane-prod-control');
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({ action: 'status' });
    lambda.restore();
  });

  it.each([
    [
      {
        StatusCode: 200,
        Payload: encode({
          ok: false,
          error: {
            type: 'RequestError',
            message: 'request is invalid',
            issues: [{ path: 'pool', message: 'bad' }],
          },
        }),
      },
      {
        ok: false,
        error: {
          type: 'RequestError',
          message: 'request is invalid',
          issues: [{ path: 'pool', message: 'bad' }],
          retryable: false,
        },
      },
    ],
    [
      { StatusCode: 200, FunctionError: 'Unhandled', Payload: encode({ errorMessage: 'Task timed out' }) },
      {
        ok: false,
        error: {
          type: 'FunctionError',
          message: 'twinplane-prod-control failed: Task timed out',
          retryable: true,
        },
      },
    ],
  ])('maps a refusal: %#', async (output, expected) => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves(output as never);
    expect(
      await lambdaTarget('twinplane-prod-control', new LambdaClient({ region: 'us-east-1' })).send({
        action: 'failover',
      }),
    ).toEqual(expected);
    lambda.restore();
  });
});
