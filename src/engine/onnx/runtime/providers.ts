import { InferenceSession, Tensor, listSupportedBackends } from 'onnxruntime-node';
import { z } from 'zod';
import { ProviderUnavailableError } from '../../../errors';
import { buildProbeModel } from './probeModel';

/** Execution providers the engine can run on. */
export const ProviderNameSchema = z.enum(['cpu', 'cuda', 'webgpu']);

/**
 * A device string as users write it: `cpu`, `cuda:N` or `webgpu:N` (`cuda`/`webgpu` alone mean
 * index 0). Parses to the provider, the index and the normalized name.
 */
export const DeviceSchema = z
  .string()
  .trim()
  .regex(/^(cpu|(cuda|webgpu)(:\d{1,3})?)$/, "device must be 'cpu', 'cuda:N' or 'webgpu:N'")
  .transform((text) => {
    const [providerText, indexText] = text.split(':');
    const provider = ProviderNameSchema.parse(providerText);
    const index = provider === 'cpu' ? 0 : Number(indexText ?? '0');
    return { provider, index, name: provider === 'cpu' ? 'cpu' : `${provider}:${index}` };
  });

/** A parsed device. */
export type Device = z.output<typeof DeviceSchema>;

/** Settings of the sessions the engine creates, apart from the device. */
export interface RuntimeOptions {
  /** Threads for one operator on CPU (onnxruntime's intra-op pool); default: onnxruntime's choice. */
  intraOpThreads?: number;
}

/** The onnxruntime execution-provider entry for a device (no fallback entry is ever added). */
export function executionProviderFor(device: Device): InferenceSession.ExecutionProviderConfig {
  switch (device.provider) {
    case 'cpu':
      return 'cpu';
    case 'cuda':
      return { name: 'cuda', deviceId: device.index };
    case 'webgpu':
      // The Node binding's WebGPU EP takes no adapter index: it always opens the default adapter.
      return { name: 'webgpu' };
  }
}

/** Session options for a device: its provider alone, every graph optimization, the thread setting. */
export function sessionOptionsFor(
  device: Device,
  runtime: RuntimeOptions,
  extra: Pick<InferenceSession.SessionOptions, 'preferredOutputLocation'> = {},
): InferenceSession.SessionOptions {
  return {
    executionProviders: [executionProviderFor(device)],
    graphOptimizationLevel: 'all',
    ...(runtime.intraOpThreads !== undefined ? { intraOpNumThreads: runtime.intraOpThreads } : {}),
    ...extra,
  };
}

/**
 * Whether onnxruntime-node can keep outputs on this device between runs. Only its WebGPU EP has
 * device-resident outputs (`preferredOutputLocation: 'gpu-buffer'`); CUDA outputs always come back
 * to the host in the Node binding.
 */
export function keepsOutputsOnDevice(device: Device): boolean {
  return device.provider === 'webgpu';
}

const probes = new Map<string, Promise<void>>();

/**
 * Throws ProviderUnavailableError unless this onnxruntime build lists the provider and a trial
 * session on a one-node model both loads and runs on it. Never falls back to another provider.
 * The result is cached per device for the life of the process.
 */
export function assertProviderAvailable(device: Device): Promise<void> {
  let probe = probes.get(device.name);
  if (probe === undefined) {
    probe = probeProvider(device);
    probes.set(device.name, probe);
  }
  return probe;
}

async function probeProvider(device: Device): Promise<void> {
  const listed = listSupportedBackends().map((backend) => backend.name);
  if (!listed.includes(device.provider)) {
    throw new ProviderUnavailableError(
      device.name,
      `this onnxruntime-node build supports ${listed.join(', ')} only`,
    );
  }
  if (device.provider === 'webgpu' && device.index !== 0) {
    throw new ProviderUnavailableError(
      device.name,
      "onnxruntime-node's WebGPU provider cannot select an adapter and always uses the default one; " +
        'use webgpu:0 and expose one GPU per worker process',
    );
  }
  let session: InferenceSession | undefined;
  try {
    session = await InferenceSession.create(buildProbeModel(), sessionOptionsFor(device, {}));
    await session.run({ x: new Tensor('float32', Float32Array.from([1]), [1]) });
  } catch (error) {
    const reason = error instanceof Error ? firstLine(error.message) : String(error);
    throw new ProviderUnavailableError(device.name, `a trial session failed: ${reason}`, error);
  } finally {
    await session?.release();
  }
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}
