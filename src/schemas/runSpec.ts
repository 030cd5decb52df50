import { z } from 'zod';
import { GenerationSettingsSchema } from './generation';

/** Inference runtimes a run can use. */
export const EngineKindSchema = z.enum(['onnx']);

/**
 * Everything that defines a run. Stored with the run (SQLite and the workflow memo) so that workers,
 * `resume` and reports read one source of truth.
 */
export const RunSpecSchema = z
  .object({
    runId: z.string().min(1).max(200),
    /** Manifest file or dataset folder, absolute. */
    datasetPath: z.string().min(1),
    /** Questions file when `datasetPath` is a folder, absolute. */
    questionsPath: z.string().min(1).optional(),
    /** Model folder, absolute. */
    modelDir: z.string().min(1),
    engine: EngineKindSchema.default('onnx'),
    /** Questions per batch activity (one file's questions always stay together). */
    batchSize: z.number().int().min(1).max(4096).default(8),
    /** Batch activities in flight at once. */
    window: z.number().int().min(1).max(1024).default(4),
    generation: GenerationSettingsSchema,
    /** Hash of dataset content, model files and generation settings: a changed hash refuses resume. */
    manifestHash: z.string().min(1),
    datasetHash: z.string().min(1),
    modelHash: z.string().min(1),
    model: z.string().min(1),
  })
  .strict();

/** A validated run specification. */
export type RunSpec = z.infer<typeof RunSpecSchema>;
