/** Secrets on the local plane: `{secret: NAME}` is the environment variable NAME. Values are never logged. */
import type { SecretRef } from '../../core/config/model';
import { TwinplaneError } from '../../core/errors';

export function envSecrets(env: Record<string, string | undefined>) {
  return async (ref: SecretRef): Promise<string> => {
    const value = env[ref.secret];
    if (value === undefined || value === '') {
      throw new TwinplaneError(`secret ${ref.secret}: set the environment variable ${ref.secret}`);
    }
    return value;
  };
}
