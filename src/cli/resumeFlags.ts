import { z } from 'zod';
import { DtypeSchema } from '../engine/onnx/qwen2_5_vl/dtype';
import { TuningFlagsShape } from './tuningFlags';

const positiveInt = z.coerce.number().int().min(1);

/**
 * Flags of `vqa-eval resume RUN`. The dataset and generation settings come from the stored run; the
 * worker side (model folder, device, dtype, batch size, window, tuning) may differ from the start,
 * since it changes speed, not answers (a model with other files is refused unless `--force`).
 */
export const ResumeFlagsSchema = z
  .object({
    /** Default: the stored run's model folder. */
    model: z.string().min(1).optional(),
    dtype: DtypeSchema.default('fp32'),
    device: z.string().min(1).default('cpu'),
    batchSize: positiveInt.max(4096).optional(),
    window: positiveInt.max(1024).optional(),
    /** Commander's `--no-worker` sets this to false. */
    worker: z.boolean().default(true),
    force: z.boolean().default(false),
    ...TuningFlagsShape,
  })
  .strict();

/** Validated `resume` flags. */
export type ResumeFlags = z.output<typeof ResumeFlagsSchema>;
