import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { parameterName, SecretError, SsmSecrets } from '../../../../functions/adapters/aws-secrets/ssm';
import { ssmApi } from '../../../../functions/adapters/aws-secrets/ssm-client';

const ssm = mockClient(SSMClient);
const secrets = () => new SsmSecrets(ssmApi(new SSMClient({ region: 'us-east-1' })), '/twinplane/prod/');
const TOKEN = 'cf-token-0123456789';

beforeEach(() => ssm.reset());

describe('SsmSecrets', () => {
  it.each([
    ['/twinplane/prod/', '/twinplane/prod/CLOUDFLARE_API_TOKEN'],
    ['/twinplane/prod', '/twinplane/prod/CLOUDFLARE_API_TOKEN'],
  ])('names the parameter from the prefix %s', (prefix, expected) => {
    expect(parameterName({ secret: 'CLOUDFLARE_API_TOKEN' }, prefix)).toBe(expected);
  });

  it('decrypts a SecureString once per container', async () => {
    ssm
      .on(GetParameterCommand)
      .resolves({ Parameter: { Name: '/twinplane/prod/CLOUDFLARE_API_TOKEN', Value: TOKEN } });
    const resolver = secrets();
    const ref = { secret: 'CLOUDFLARE_API_TOKEN' };
    expect(await Promise.all([resolver.resolve(ref), resolver.resolve(ref)])).toEqual([TOKEN, TOKEN]);
    await resolver.resolve(ref);
    expect(ssm).toHaveReceivedCommandExactlyOnceWith(GetParameterCommand, {
      Name: '/twinplane/prod/CLOUDFLARE_API_TOKEN',
      WithDecryption: true,
    });
  });

  it('says how to fix a missing parameter and asks again next time', async () => {
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(new ParameterNotFound({ $metadata: {}, message: '' }))
      .resolves({ Parameter: { Value: TOKEN } });
    const resolver = secrets();
    const error = await resolver.resolve({ secret: 'CLOUDFLARE_API_TOKEN' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toContain('create it as a SecureString');
    await expect(resolver.resolve({ secret: 'CLOUDFLARE_API_TOKEN' })).resolves.toBe(TOKEN);
  });
});
