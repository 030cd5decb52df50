import { z } from 'zod';
import { GenerationSettingsSchema } from './generation';

const Count = z.number().int().min(0);
/** A rate or duration that is null when nothing was measured. */
const Measured = z.number().min(0).nullable();
const Fraction = z.number().min(0).max(1);

/** Milliseconds in one stage and its percentage of all stages. */
const StageTimeSchema = z.object({ ms: z.number().min(0), percent: z.number().min(0).max(100) }).strict();

/** Mean accuracy scores over a set of questions (0–1). */
const AccuracyScoresSchema = z.object({ questions: Count, exactMatch: Fraction, anls: Fraction }).strict();

/**
 * The evaluation report of a run: written as report.json (this shape) and report.md. Rates are per
 * second of wall time unless named `busy`; latencies are in milliseconds.
 */
export const ReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    runId: z.string().min(1),
    status: z.enum(['running', 'completed', 'failed', 'cancelled', 'terminated']),
    model: z.string(),
    modelHash: z.string(),
    engine: z.string(),
    /** Devices that stored results, sorted. */
    devices: z.array(z.string()),
    dataset: z.object({ path: z.string(), questionsPath: z.string().optional(), hash: z.string() }).strict(),
    manifestHash: z.string(),
    generation: GenerationSettingsSchema,
    questions: z.object({ total: Count, answered: Count, failed: Count, pending: Count }).strict(),
    /** When the run record was created (ISO). */
    createdAt: z.string(),
    /** First batch start and last batch end (ISO), and the wall time between them. */
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    wallSeconds: Measured,
    throughput: z
      .object({
        questionsPerSecond: Measured,
        busyQuestionsPerSecond: Measured,
        promptTokensPerSecond: Measured,
        generatedTokensPerSecond: Measured,
        busySeconds: Measured,
        promptTokens: Count,
        generatedTokens: Count,
      })
      .strict(),
    latency: z
      .object({
        definition: z.string(),
        method: z.string(),
        count: Count,
        p50Ms: Measured,
        p95Ms: Measured,
        p99Ms: Measured,
        meanMs: Measured,
        minMs: Measured,
        maxMs: Measured,
      })
      .strict(),
    timeSplit: z
      .object({
        preprocess: StageTimeSchema,
        vision: StageTimeSchema,
        prefill: StageTimeSchema,
        decode: StageTimeSchema,
        queue: StageTimeSchema,
      })
      .strict(),
    workers: z.array(
      z
        .object({
          identity: z.string(),
          device: z.string(),
          batches: Count,
          answered: Count,
          failed: Count,
          share: Fraction,
          busySeconds: z.number().min(0),
          questionsPerSecond: Measured,
        })
        .strict(),
    ),
    retries: z.object({ questionsRetried: Count, extraAttempts: Count }).strict(),
    failures: z.array(
      z.object({ questionId: z.string(), code: z.string(), message: z.string(), attempts: Count }).strict(),
    ),
    /** Null when no answered question has a reference. */
    accuracy: AccuracyScoresSchema.extend({
      normalization: z.string(),
      /** Questions with a reference but no answer (failed or pending): not in the means. */
      unanswered: Count,
      byCategory: z.array(AccuracyScoresSchema.extend({ category: z.string() }).strict()),
    })
      .strict()
      .nullable(),
    generatedAt: z.string(),
  })
  .strict();

/** A validated evaluation report. */
export type Report = z.infer<typeof ReportSchema>;
