import type { RunSpec } from '../../../src/schemas/runSpec';
import { DEFAULT_GENERATION } from '../../../src/schemas/generation';
import type { StoredAnswer } from '../../../src/store/types';

/** A valid run spec for store tests. */
export function runSpec(runId: string): RunSpec {
  return {
    runId,
    datasetPath: '/data/manifest.jsonl',
    modelDir: '/models/qwen',
    engine: 'onnx',
    batchSize: 8,
    window: 4,
    generation: DEFAULT_GENERATION,
    manifestHash: 'm'.repeat(64),
    datasetHash: 'd'.repeat(64),
    modelHash: 'h'.repeat(64),
    model: 'Qwen2_5_VLForConditionalGeneration',
  };
}

/** An answered row with plausible values; override any field. */
export function answerRow(
  overrides: Partial<StoredAnswer> & { runId: string; questionId: string },
): StoredAnswer {
  return {
    status: 'answered',
    answer: 'blue',
    tokenIds: [12, 34, 151645],
    attempt: 1,
    batchId: 'batch-1',
    workerIdentity: 'worker-a',
    device: 'cpu',
    modelHash: 'h'.repeat(64),
    promptTokens: 100,
    generatedTokens: 3,
    preprocessMs: 5,
    visionMs: 50,
    prefillMs: 20,
    decodeMs: 30,
    queueMs: 2,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:01.000Z',
    ...overrides,
  };
}

/** A failed row; override any field. */
export function failedRow(
  overrides: Partial<StoredAnswer> & { runId: string; questionId: string },
): StoredAnswer {
  return answerRow({
    status: 'failed',
    answer: undefined,
    tokenIds: undefined,
    errorCode: 'IMAGE_DECODE',
    errorMessage: 'Cannot read image x.png: truncated',
    promptTokens: 0,
    generatedTokens: 0,
    preprocessMs: 0,
    visionMs: 0,
    prefillMs: 0,
    decodeMs: 0,
    ...overrides,
  });
}
