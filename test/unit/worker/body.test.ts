/** The Worker's body limit holds for a chunked body with no Content-Length. */
import { describe, expect, it } from 'vitest';
import { MAX_BODY, withBody } from '../../../functions/worker/routes';

const CHUNK = 64 * 1024;

/** A body that would stream 64 MiB of JSON-ish bytes, counting what the reader pulled. */
function hugeChunkedRequest() {
  const seen = { pulledBytes: 0, cancelled: false };
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 64 * 1024 * 1024) return controller.close();
      const chunk = new Uint8Array(CHUNK).fill(0x20);
      sent += chunk.byteLength;
      seen.pulledBytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  const request = new Request('https://worker.test/v1/run', {
    method: 'POST',
    body,
    duplex: 'half',
  } as RequestInit);
  return { request, seen };
}

describe('withBody', () => {
  it('stops reading a chunked body at the limit and cancels the stream', async () => {
    const { request, seen } = hugeChunkedRequest();
    expect(request.headers.get('content-length')).toBeNull();
    await expect(withBody(request, { action: 'run' })).rejects.toMatchObject({
      issues: [{ path: 'body', message: `is larger than ${MAX_BODY} bytes` }],
    });
    expect(seen.cancelled).toBe(true);
    // Read up to the limit plus what the stream had queued ahead, never the whole 64 MiB.
    expect(seen.pulledBytes).toBeLessThanOrEqual(MAX_BODY + 2 * CHUNK);
  });

  it('counts bytes, not characters', async () => {
    const text = JSON.stringify({ pool: 'é'.repeat(MAX_BODY / 2) });
    expect(text.length).toBeLessThan(MAX_BODY + 20);
    const request = new Request('https://worker.test/v1/run', { method: 'POST', body: text });
    await expect(withBody(request, { action: 'run' })).rejects.toMatchObject({ issues: [{ path: 'body' }] });
  });

  it('reads a body under the limit', async () => {
    const request = new Request('https://worker.test/v1/run', {
      method: 'POST',
      body: JSON.stringify({ dryRun: true }),
    });
    expect(await withBody(request, { action: 'run' })).toEqual({ action: 'run', dryRun: true });
  });
});
