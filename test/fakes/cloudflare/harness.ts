/** Node-side harness: the Cloudflare API fake on a loopback port, and providers pointed at it. */
import {
  type CloudflareProviderOptions,
  createCloudflareProvider,
} from '../../../functions/adapters/cloudflare/provider';
import { CloudflareApiFake } from './api';
import { type RunningServer, serve } from './serve';

export const ZONE_ID = '0123456789abcdef0123456789abcdef';
export const ZONE_NAME = 'example.com';

import { InstantClock } from '../../helpers/aws';

export { InstantClock };

export interface FakeHarness {
  fake: CloudflareApiFake;
  server: RunningServer;
  baseURL: string;
  provider(options?: Partial<CloudflareProviderOptions>): ReturnType<typeof createCloudflareProvider>;
}

export async function startFake(): Promise<FakeHarness> {
  const fake = new CloudflareApiFake({ zones: { [ZONE_ID]: ZONE_NAME } });
  const server = await serve(fake.handle);
  const baseURL = `${server.url}/client/v4`;
  return {
    fake,
    server,
    baseURL,
    provider: (options = {}) =>
      createCloudflareProvider({ apiToken: fake.token, baseURL, clock: new InstantClock(), ...options }),
  };
}
