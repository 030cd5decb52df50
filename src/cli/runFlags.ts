import { z } from 'zod';
import { DtypeSchema } from '../engine/onnx/qwen2_5_vl/dtype';
import { GenerationSettingsSchema, type GenerationSettings } from '../schemas/generation';
import { EngineKindSchema } from '../schemas/runSpec';
import { TuningFlagsShape } from './tuningFlags';

const positiveInt = z.coerce.number().int().min(1);

/** Flags of `vqa-eval run` (and of `demo`, which fills in its own defaults). */
export const RunFlagsSchema = z
  .object({
    dataset: z.string().min(1),
    questions: z.string().min(1).optional(),
    model: z.string().min(1),
    engine: EngineKindSchema.default('onnx'),
    dtype: DtypeSchema.default('fp32'),
    device: z.string().min(1).default('cpu'),
    batchSize: positiveInt.max(4096).default(8),
    window: positiveInt.max(1024).default(4),
    maxNewTokens: positiveInt.max(32768).default(128),
    greedy: z.boolean().optional(),
    temperature: z.coerce.number().positive().max(100).optional(),
    topP: z.coerce.number().gt(0).max(1).optional(),
    topK: z.coerce.number().int().min(0).optional(),
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    runId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'run id may hold letters, digits, ".", "_" and "-"')
      .optional(),
    /** Commander's `--no-worker` sets this to false. */
    worker: z.boolean().default(true),
    force: z.boolean().default(false),
    ...TuningFlagsShape,
  })
  .strict()
  .refine((flags) => !(flags.greedy === true && flags.temperature !== undefined), {
    path: ['temperature'],
    message: 'pass either --greedy or --temperature, not both',
  });

/** Validated `run` flags. */
export type RunFlags = z.output<typeof RunFlagsSchema>;

/** Generation settings from the flags: greedy unless a temperature is given. */
export function generationFromFlags(flags: RunFlags): GenerationSettings {
  const sampling = flags.temperature !== undefined;
  return GenerationSettingsSchema.parse({
    maxNewTokens: flags.maxNewTokens,
    greedy: !sampling,
    ...(sampling ? { temperature: flags.temperature } : {}),
    ...(flags.topP !== undefined ? { topP: flags.topP } : {}),
    ...(flags.topK !== undefined ? { topK: flags.topK } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  });
}
