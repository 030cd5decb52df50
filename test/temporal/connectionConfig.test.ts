import { ZodError } from 'zod';
import { isLocalAddress, resolveConnectionConfig } from '../../src/temporal/connectionConfig';

describe('resolveConnectionConfig', () => {
  it('prefers flags, then TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE, then defaults', () => {
    const env = { TEMPORAL_ADDRESS: 'temporal.internal:7000', TEMPORAL_NAMESPACE: 'evals' };
    expect(resolveConnectionConfig({}, {})).toEqual({ address: 'localhost:7233', namespace: 'default' });
    expect(resolveConnectionConfig({}, env)).toEqual({
      address: 'temporal.internal:7000',
      namespace: 'evals',
    });
    expect(resolveConnectionConfig({ address: '127.0.0.1:7999' }, env)).toEqual({
      address: '127.0.0.1:7999',
      namespace: 'evals',
    });
  });

  it('rejects an address without a port', () => {
    expect(() => resolveConnectionConfig({ address: 'localhost' }, {})).toThrow(ZodError);
  });

  it('knows which addresses an embedded server can serve', () => {
    expect(isLocalAddress('localhost:7233')).toBe(true);
    expect(isLocalAddress('127.0.0.1:7233')).toBe(true);
    expect(isLocalAddress('temporal.internal:7233')).toBe(false);
  });
});
