/** The production setup: the bundled config, the Lambda environment and real SDK clients. */
import { loadBundledConfig } from './bundled-config';
import { defaultClients } from './clients';
import type { PlaneSetup } from './middleware';
import { createAwsPlane } from './plane';
import { readSettings } from './settings';

export const productionSetup: PlaneSetup = () => {
  const config = loadBundledConfig();
  const settings = readSettings(process.env);
  return createAwsPlane({ config, settings, clients: defaultClients(config) });
};
