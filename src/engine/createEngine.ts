import { z } from 'zod';
import { InputValidationError } from '../errors';
import { DtypeSchema } from './onnx/qwen2_5_vl/dtype';
import { QwenOnnxEngine } from './onnx/qwen2_5_vl/engine';
import type { ImageLimits } from './onnx/qwen2_5_vl/imageProcessor';
import type { VqaEngine } from './types';

/** Options of the in-process ONNX engine (Qwen2.5-VL on onnxruntime-node). */
export const OnnxEngineOptionsSchema = z
  .object({
    kind: z.literal('onnx'),
    /** Model folder in the layout of docs/MODEL_FORMAT.md. */
    modelDir: z.string().min(1),
    /** `cpu`, `cuda:N` or `webgpu:N`; checked when the engine loads. */
    device: z.string().min(1).default('cpu'),
    dtype: DtypeSchema.default('fp32'),
    /** onnxruntime intra-op threads (CPU); default: onnxruntime's choice (one per core). */
    intraOpThreads: z.number().int().positive().optional(),
    minPixels: z.number().int().positive().optional(),
    maxPixels: z.number().int().positive().optional(),
    /** Hard caps on input images, passed to the image processor. */
    imageLimits: z
      .custom<Partial<ImageLimits>>((value) => typeof value === 'object' && value !== null)
      .optional(),
  })
  .strict();

/** Options for createEngine, by engine kind. */
export const EngineOptionsSchema = z.discriminatedUnion('kind', [OnnxEngineOptionsSchema]);

/** What a caller passes to createEngine (defaults not yet applied). */
export type EngineOptions = z.input<typeof EngineOptionsSchema>;

/**
 * Loads an engine: validates the options (InputValidationError naming each bad field), then the
 * model folder and device (ModelFilesError, ProviderUnavailableError), and returns it ready to answer.
 */
export async function createEngine(options: EngineOptions): Promise<VqaEngine> {
  const parsed = EngineOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new InputValidationError(
      'engine options',
      parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || undefined,
        message: issue.message,
      })),
    );
  }
  const { kind: _kind, ...onnx } = parsed.data;
  return QwenOnnxEngine.load(onnx);
}
