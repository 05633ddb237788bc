/**
 * Runs the Cloudflare API fake for local work: `npm run fake:cloudflare` serves the API, the origins
 * and the control surface on 127.0.0.1:8788 (TWINPLANE_FAKE_PORT to change; see infra/worker/dev-ports.ts), with the zone of infra/worker/local.yaml.
 */
import { devPorts } from '../../../infra/worker/dev-ports';
import { CloudflareApiFake } from './api';
import { serve } from './serve';

export const LOCAL_ZONE_ID = '0123456789abcdef0123456789abcdef';
export const LOCAL_TOKEN = 'local-cloudflare-token';

const fake = new CloudflareApiFake({ token: LOCAL_TOKEN, zones: { [LOCAL_ZONE_ID]: 'example.com' } });
const server = await serve(fake.handle, { port: devPorts(process.env).fake });
process.stdout.write(
  [
    `Cloudflare API fake on ${server.url}/client/v4 (token ${LOCAL_TOKEN}, zone ${LOCAL_ZONE_ID} example.com)`,
    `  records:        curl ${server.url}/__fake/zones/${LOCAL_ZONE_ID}/records`,
    `  primary down:   curl -X POST ${server.url}/__fake/origins/primary -d '{"status":503}'`,
    `  primary up:     curl -X POST ${server.url}/__fake/origins/primary -d '{"status":200}'`,
    `  throttle once:  curl -X POST ${server.url}/__fake/faults -d '{"status":429,"code":971,"message":"Please wait","retryAfter":2}'`,
    '',
  ].join('\n'),
);
// The server socket is unref'd for tests; keep this process alive until Ctrl-C.
setInterval(() => {}, 1 << 30);
