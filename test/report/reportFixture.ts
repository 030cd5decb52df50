import type { StoredAnswer, RunRecord } from '../../src/store/types';
import { DEFAULT_GENERATION } from '../../src/schemas/generation';
import { SCENARIO } from '../metrics/fixtures';

/** The run of the metrics scenario (5 results of 6 questions). */
export const RUN: RunRecord = {
  runId: 'run-0123456789ab',
  spec: {
    runId: 'run-0123456789ab',
    datasetPath: '/data/shapes/manifest.jsonl',
    modelDir: '/models/qwen',
    engine: 'onnx',
    batchSize: 8,
    window: 4,
    generation: DEFAULT_GENERATION,
    manifestHash: 'f'.repeat(64),
    datasetHash: 'd'.repeat(64),
    modelHash: 'e'.repeat(64),
    model: 'Qwen2_5_VLForConditionalGeneration',
  },
  status: 'completed',
  totalQuestions: 6,
  createdAt: '2025-03-01T11:59:00.000Z',
  updatedAt: '2025-03-01T12:01:00.000Z',
  finishedAt: '2025-03-01T12:01:00.000Z',
};

const ANSWERS: Record<string, string> = { q1: 'Red.', q2: 'three', q3: 'circle', q5: 'blue' };

/** The metrics scenario as stored answers (answers for q1, q2, q3, q5; q4 failed). */
export const ANSWERS_ROWS: StoredAnswer[] = SCENARIO.map((row) => ({
  ...row,
  runId: RUN.runId,
  modelHash: 'e'.repeat(64),
  ...(row.status === 'answered'
    ? { answer: ANSWERS[row.questionId] ?? '' }
    : { errorCode: 'IMAGE_DECODE', errorMessage: 'Cannot read image b.png: truncated | bad' }),
}));

/** Dataset items: references for q1..q4 and q6; q5 has none. */
export const ITEMS = [
  { questionId: 'q1', reference: 'red', category: 'color' },
  { questionId: 'q2', reference: '3', category: 'count' },
  { questionId: 'q3', reference: 'square', category: 'shape' },
  { questionId: 'q4', reference: 'blue', category: 'color' },
  { questionId: 'q5' },
  { questionId: 'q6', reference: '2', category: 'count' },
];
