/**
 * The TCP connect probe on workerd, through `connect()` from `cloudflare:sockets`. The function is
 * injected by the Worker entry, so this file imports nothing that only exists in workerd.
 */
import type { TcpProbeSpec } from '../../core/config/model';
import type { ProbeResult } from '../../core/ports';
import { classifyNetError, netReason } from './net-errors';
import { fail, hostPort, pass, stopwatch } from './result';

/** The slice of a `cloudflare:sockets` Socket this probe uses. */
export interface SocketLike {
  opened: Promise<unknown>;
  close(): Promise<void> | void;
}
export type SocketConnect = (address: { hostname: string; port: number }) => SocketLike;

export async function probeTcpSocket(
  spec: TcpProbeSpec,
  signal: AbortSignal,
  connect: SocketConnect,
): Promise<ProbeResult> {
  const elapsed = stopwatch();
  const target = hostPort(spec.host, spec.port);
  let socket: SocketLike | undefined;
  const timedOut = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  try {
    socket = connect({ hostname: spec.host, port: spec.port });
    const outcome = await Promise.race([socket.opened.then(() => 'opened' as const), timedOut]);
    if (outcome === 'aborted')
      return fail('timeout', elapsed(), `no TCP handshake with ${target} within ${elapsed()} ms`);
    return pass(elapsed(), `connected to ${target} in ${elapsed()} ms`);
  } catch (error) {
    const { class: cls, detail } = classifyNetError(error, signal.aborted);
    return fail(cls, elapsed(), netReason(cls, detail, target, elapsed()));
  } finally {
    await Promise.resolve(socket?.close()).catch(() => {});
  }
}
