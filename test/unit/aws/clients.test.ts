import { describe, expect, it } from 'vitest';
import { lazyApi } from '../../../functions/aws/clients';

interface Api {
  get(key: string): Promise<string>;
}

describe('lazyApi', () => {
  it('loads the implementation at the first call only, once, and forwards every argument', async () => {
    let loads = 0;
    const api = lazyApi<Api>(async () => {
      loads++;
      return { get: async (key) => `value of ${key}` };
    }, ['get']);
    expect(loads).toBe(0);
    expect(await Promise.all([api.get('a'), api.get('b')])).toEqual(['value of a', 'value of b']);
    expect(await api.get('c')).toBe('value of c');
    expect(loads).toBe(1);
  });

  it('loads again after a failed load instead of keeping the failure', async () => {
    let loads = 0;
    const api = lazyApi<Api>(async () => {
      loads++;
      if (loads === 1) throw new Error('chunk missing');
      return { get: async () => 'ok' };
    }, ['get']);
    await expect(api.get('a')).rejects.toThrow('chunk missing');
    expect(await api.get('a')).toBe('ok');
    expect(loads).toBe(2);
  });
});
