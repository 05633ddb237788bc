/** Secrets on the local plane: `{secret: NAME}` is the environment variable NAME. Values are never logged. */
import type { SecretRef } from '../../core/config/model';
import { SecretError } from '../../core/errors';

export function envSecrets(env: Record<string, string | undefined>) {
  return async (ref: SecretRef): Promise<string> => {
    const value = env[ref.secret];
    if (value === undefined || value === '') {
      throw new SecretError(ref.secret, `secret ${ref.secret}: set the environment variable ${ref.secret}`, {
        retryable: false,
      });
    }
    return value;
  };
}
