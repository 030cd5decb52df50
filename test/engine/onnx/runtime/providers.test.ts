import { ProviderUnavailableError } from '../../../../src/errors';
import {
  DeviceSchema,
  assertProviderAvailable,
  executionProviderFor,
  sessionOptionsFor,
} from '../../../../src/engine/onnx/runtime/providers';

describe('DeviceSchema', () => {
  it('parses cpu, cuda:N and webgpu:N (index 0 when omitted)', () => {
    expect(DeviceSchema.parse('cpu')).toEqual({ provider: 'cpu', index: 0, name: 'cpu' });
    expect(DeviceSchema.parse('cuda:3')).toEqual({ provider: 'cuda', index: 3, name: 'cuda:3' });
    expect(DeviceSchema.parse('webgpu')).toEqual({ provider: 'webgpu', index: 0, name: 'webgpu:0' });
  });

  it('rejects anything else with a message naming the accepted forms', () => {
    for (const bad of ['gpu', 'cuda:', 'cpu:0', 'cuda:x', 'metal:0', '']) {
      const result = DeviceSchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain("'cpu', 'cuda:N' or 'webgpu:N'");
    }
  });
});

describe('session options', () => {
  it('name exactly one provider, the requested one, with every graph optimization', () => {
    const options = sessionOptionsFor(DeviceSchema.parse('cuda:1'), { intraOpThreads: 2 });
    expect(options.executionProviders).toEqual([{ name: 'cuda', deviceId: 1 }]);
    expect(options.graphOptimizationLevel).toBe('all');
    expect(options.intraOpNumThreads).toBe(2);
    expect(executionProviderFor(DeviceSchema.parse('cpu'))).toBe('cpu');
  });
});

describe('assertProviderAvailable', () => {
  it('accepts the CPU provider', async () => {
    await expect(assertProviderAvailable(DeviceSchema.parse('cpu'))).resolves.toBeUndefined();
  });

  it('throws ProviderUnavailableError for cuda:0 on a machine without the CUDA provider (no fallback)', async () => {
    const attempt = assertProviderAvailable(DeviceSchema.parse('cuda:0'));
    await expect(attempt).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(attempt).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    await expect(attempt).rejects.toThrow(/cuda:0/);
  });

  it('refuses a WebGPU adapter index other than 0 (the Node binding cannot select one)', async () => {
    await expect(assertProviderAvailable(DeviceSchema.parse('webgpu:1'))).rejects.toThrow(
      /default adapter|default one/,
    );
  });
});
