/** The TCP connect probe on Node: the handshake must complete; nothing is sent. */
import { connect } from 'node:net';
import type { TcpProbeSpec } from '../../core/config/model';
import type { ProbeResult } from '../../core/ports';
import { classifyNetError, netReason } from './net-errors';
import { fail, hostPort, pass, stopwatch } from './result';

export function probeTcpNode(spec: TcpProbeSpec, signal: AbortSignal): Promise<ProbeResult> {
  const elapsed = stopwatch();
  const target = hostPort(spec.host, spec.port);
  return new Promise((resolve) => {
    const socket = connect({ host: spec.host, port: spec.port });
    const finish = (result: ProbeResult) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () =>
      finish(fail('timeout', elapsed(), `no TCP handshake with ${target} within ${elapsed()} ms`));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    socket.once('connect', () => finish(pass(elapsed(), `connected to ${target} in ${elapsed()} ms`)));
    socket.once('error', (error) => {
      const { class: cls, detail } = classifyNetError(error, false);
      finish(fail(cls, elapsed(), netReason(cls, detail, target, elapsed())));
    });
  });
}
