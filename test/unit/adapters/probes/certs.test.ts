/** The test certificates are DER that OpenSSL accepts, whatever bytes their random serial starts with. */
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { issue } from './support/certs';

describe('test certificates', () => {
  it.each([
    ['a leading zero byte', '0012a1b2c3d4e5f60718293a', '12A1B2C3D4E5F60718293A'],
    ['two leading zero bytes before a high bit', '000085a1b2c3d4e5f6071829', '85A1B2C3D4E5F6071829'],
    ['a high first bit', '85a1b2c3d4e5f60718293a4b', '85A1B2C3D4E5F60718293A4B'],
  ])('encodes a serial with %s minimally', (_what, bytes, serial) => {
    const cert = issue({ cn: 'app.example.test', serial: Buffer.from(bytes, 'hex') });
    expect(() => createSecureContext({ cert: cert.certPem, key: cert.keyPem })).not.toThrow();
    expect(new X509Certificate(cert.certPem).serialNumber).toBe(serial);
  });
});
