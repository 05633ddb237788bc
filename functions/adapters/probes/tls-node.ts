/**
 * The TLS certificate probe (Node only: workerd cannot read a peer certificate). It completes a
 * handshake without rejecting, then judges the certificate itself: validity dates, trust, host name,
 * issuer, and days left against the warn and fail thresholds.
 */
import { isIP } from 'node:net';
import { checkServerIdentity, connect, type PeerCertificate, rootCertificates } from 'node:tls';
import type { TlsProbeSpec } from '../../core/config/model';
import type { ProbeResult } from '../../core/ports';
import { classifyNetError, netReason } from './net-errors';
import { fail, hostPort, pass, stopwatch } from './result';

const DAY = 86_400_000;

export interface TlsOptions {
  /** Extra trusted CA certificates (PEM), added to Node's roots: private CAs, tests. */
  ca?: readonly string[];
  now?: () => number;
}

const dn = (name: PeerCertificate['issuer'] | undefined) =>
  name ? ['CN', 'O'].flatMap((k) => (name[k as 'CN'] ? [`${k}=${name[k as 'CN']}`] : [])).join(', ') : '';

/** Judges a certificate already received; pure apart from the clock. */
export function judgeCertificate(
  spec: TlsProbeSpec,
  cert: PeerCertificate,
  authorizationError: string | undefined,
  latency: number,
  now: number,
): ProbeResult {
  const subject = `certificate for ${spec.host}`;
  const issuer = dn(cert.issuer) || 'unknown issuer';
  const notAfter = Date.parse(cert.valid_to);
  const notBefore = Date.parse(cert.valid_from);
  if (now > notAfter) {
    const ago = Math.floor((now - notAfter) / DAY);
    return fail(
      'tls',
      latency,
      `${subject} expired ${ago} days ago (${new Date(notAfter).toISOString().slice(0, 10)}), ${issuer}`,
    );
  }
  if (now < notBefore) {
    return fail(
      'tls',
      latency,
      `${subject} is not valid before ${new Date(notBefore).toISOString()}, ${issuer}`,
    );
  }
  // Node reports a name mismatch as an authorization error too; the chain itself was trusted then.
  if (authorizationError && authorizationError !== 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return fail('tls', latency, `${subject} is not trusted (${authorizationError}), ${issuer}`);
  }
  const mismatch = checkServerIdentity(spec.host, cert);
  if (mismatch) {
    const why = (mismatch as Error & { reason?: string }).reason ?? mismatch.message;
    return fail('tls', latency, `${subject} does not match the name: ${why}`);
  }
  if (spec.issuer !== undefined && !issuer.includes(spec.issuer)) {
    return fail('tls', latency, `${subject} is issued by ${issuer}, expected "${spec.issuer}"`);
  }
  const days = Math.floor((notAfter - now) / DAY);
  if (days < spec.failDays) {
    return fail(
      'tls',
      latency,
      `${subject} expires in ${days} days (fail under ${spec.failDays}), ${issuer}`,
    );
  }
  if (days < spec.warnDays) {
    return pass(
      latency,
      `warning: ${subject} expires in ${days} days (warn under ${spec.warnDays}), ${issuer}`,
    );
  }
  return pass(latency, `${subject} valid for ${days} more days, ${issuer}`);
}

export function probeTls(
  spec: TlsProbeSpec,
  signal: AbortSignal,
  options: TlsOptions = {},
): Promise<ProbeResult> {
  const elapsed = stopwatch();
  const host = spec.address ?? spec.host;
  const target = hostPort(host, spec.port);
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port: spec.port,
      ...(isIP(spec.host) ? {} : { servername: spec.host }),
      rejectUnauthorized: false,
      ...(options.ca ? { ca: [...rootCertificates, ...options.ca] } : {}),
    });
    const finish = (result: ProbeResult) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () =>
      finish(fail('timeout', elapsed(), `no TLS handshake with ${target} within ${elapsed()} ms`));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert || Object.keys(cert).length === 0) {
        return finish(fail('tls', elapsed(), `no certificate from ${target}`));
      }
      const error = socket.authorized ? undefined : String(socket.authorizationError ?? 'not authorized');
      finish(judgeCertificate(spec, cert, error, elapsed(), (options.now ?? Date.now)()));
    });
    socket.once('error', (error) => {
      const { class: cls, detail } = classifyNetError(error, false);
      const tlsCls = cls === 'connect' && /ssl|tls|handshake/i.test(detail) ? 'tls' : cls;
      finish(fail(tlsCls, elapsed(), netReason(tlsCls, detail, target, elapsed())));
    });
  });
}
