import type { MetricRow } from '../../src/metrics/batches';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');

/** ISO time `seconds` after the scenario start. */
export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

function row(overrides: Partial<MetricRow> & Pick<MetricRow, 'questionId'>): MetricRow {
  return {
    status: 'answered',
    batchId: 'A',
    attempt: 1,
    attempts: 1,
    workerIdentity: 'w1',
    device: 'cuda:0',
    promptTokens: 0,
    generatedTokens: 0,
    preprocessMs: 0,
    visionMs: 0,
    prefillMs: 0,
    decodeMs: 0,
    queueMs: 0,
    startedAt: at(0),
    finishedAt: at(10),
    ...overrides,
  };
}

/**
 * A hand-checkable run: batch A (w1, 0–10 s, queue 100 ms) answers q1 and q2; batch B (w2, 5–20 s,
 * queue 300 ms) answers q3 and fails q4; batch C (w1, attempt 2, 30–35 s) answers q5.
 */
export const SCENARIO: MetricRow[] = [
  row({
    questionId: 'q1',
    queueMs: 100,
    promptTokens: 100,
    generatedTokens: 10,
    preprocessMs: 10,
    visionMs: 100,
    prefillMs: 50,
    decodeMs: 200,
  }),
  row({
    questionId: 'q2',
    queueMs: 100,
    promptTokens: 120,
    generatedTokens: 20,
    preprocessMs: 10,
    visionMs: 100,
    prefillMs: 60,
    decodeMs: 300,
  }),
  row({
    questionId: 'q3',
    batchId: 'B',
    workerIdentity: 'w2',
    device: 'cuda:1',
    queueMs: 300,
    startedAt: at(5),
    finishedAt: at(20),
    promptTokens: 80,
    generatedTokens: 30,
    preprocessMs: 20,
    visionMs: 200,
    prefillMs: 40,
    decodeMs: 500,
  }),
  row({
    questionId: 'q4',
    batchId: 'B',
    status: 'failed',
    workerIdentity: 'w2',
    device: 'cuda:1',
    queueMs: 300,
    startedAt: at(5),
    finishedAt: at(20),
  }),
  row({
    questionId: 'q5',
    batchId: 'C',
    attempt: 2,
    attempts: 2,
    startedAt: at(30),
    finishedAt: at(35),
    promptTokens: 100,
    generatedTokens: 40,
    preprocessMs: 10,
    visionMs: 100,
    prefillMs: 50,
    decodeMs: 400,
  }),
];
