import { z } from 'zod';

/**
 * How answers are generated. Greedy unless `temperature` > 0 with `greedy: false`; sampling is
 * reproducible: each question draws from its own generator seeded by (`seed`, question id), so an
 * answer does not depend on which batch or attempt produced it.
 */
export const GenerationSettingsSchema = z
  .object({
    maxNewTokens: z.number().int().min(1).max(32768).default(128),
    greedy: z.boolean().default(true),
    temperature: z.number().positive().max(100).default(1),
    topP: z.number().gt(0).max(1).default(1),
    topK: z.number().int().min(0).default(0),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(0),
  })
  .strict();

/** Validated generation settings. */
export type GenerationSettings = z.infer<typeof GenerationSettingsSchema>;

/** Settings with every default applied. */
export const DEFAULT_GENERATION: GenerationSettings = GenerationSettingsSchema.parse({});
