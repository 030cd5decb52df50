import { buildReport, LATENCY_DEFINITION } from '../../src/report/buildReport';
import { buildReportFromStore } from '../../src/report/reportFromStore';
import { ReportSchema } from '../../src/schemas/report';
import { openResultStore } from '../../src/store/sqliteStore';
import { at } from '../metrics/fixtures';
import { ANSWERS_ROWS, ITEMS, RUN } from './reportFixture';

const GENERATED = new Date('2025-03-01T13:00:00.000Z');

describe('buildReport', () => {
  const report = buildReport({ run: RUN, answers: ANSWERS_ROWS, items: ITEMS, generatedAt: GENERATED });

  it('validates against ReportSchema', () => {
    expect(ReportSchema.parse(report)).toEqual(report);
  });

  it('has the run identity, counts and timing', () => {
    expect(report).toMatchObject({
      schemaVersion: 1,
      runId: 'run-0123456789ab',
      status: 'completed',
      model: 'Qwen2_5_VLForConditionalGeneration',
      engine: 'onnx',
      devices: ['cuda:0', 'cuda:1'],
      questions: { total: 6, answered: 4, failed: 1, pending: 1 },
      startedAt: at(0),
      finishedAt: at(35),
      wallSeconds: 35,
      generatedAt: GENERATED.toISOString(),
    });
  });

  it('carries the hand-computed throughput, latency, time split, workers and retries', () => {
    expect(report.throughput.questionsPerSecond).toBeCloseTo(4 / 35, 12);
    expect(report.throughput.busyQuestionsPerSecond).toBeCloseTo(0.16, 12);
    expect(report.throughput.promptTokensPerSecond).toBeCloseTo(400 / 35, 12);
    expect(report.throughput.generatedTokensPerSecond).toBeCloseTo(100 / 35, 12);
    // Latencies of answered questions only: 10 s, 10 s, 15 s, 5 s.
    expect(report.latency).toMatchObject({ count: 4, p50Ms: 10000, p95Ms: 14250, p99Ms: 14850 });
    expect(report.latency.definition).toBe(LATENCY_DEFINITION);
    expect(report.timeSplit.decode.ms).toBe(1400);
    expect(report.timeSplit.queue.ms).toBe(400);
    expect(report.workers.map((w) => [w.identity, w.device, w.answered, w.share])).toEqual([
      ['w1', 'cuda:0', 3, 0.75],
      ['w2', 'cuda:1', 1, 0.25],
    ]);
    expect(report.retries).toEqual({ questionsRetried: 1, extraAttempts: 1 });
    expect(report.failures).toEqual([
      {
        questionId: 'q4',
        code: 'IMAGE_DECODE',
        message: 'Cannot read image b.png: truncated | bad',
        attempts: 1,
      },
    ]);
  });

  it('scores accuracy over answered questions with a reference, overall and per category', () => {
    // Scored: q1 'Red.' vs red (1, 1), q2 'three' vs 3 (1, 1), q3 circle vs square (0, 0).
    // q4 failed and q6 pending have references but no answer; q5 has no reference.
    expect(report.accuracy).toMatchObject({ questions: 3, unanswered: 2 });
    expect(report.accuracy?.exactMatch).toBeCloseTo(2 / 3, 12);
    expect(report.accuracy?.anls).toBeCloseTo(2 / 3, 12);
    expect(report.accuracy?.byCategory).toEqual([
      { category: 'color', questions: 1, exactMatch: 1, anls: 1 },
      { category: 'count', questions: 1, exactMatch: 1, anls: 1 },
      { category: 'shape', questions: 1, exactMatch: 0, anls: 0 },
    ]);
  });

  it('has no accuracy without references, and null rates for a run with no results yet', () => {
    expect(buildReport({ run: RUN, answers: ANSWERS_ROWS }).accuracy).toBeNull();
    const empty = buildReport({ run: { ...RUN, status: 'running' }, answers: [], items: ITEMS });
    expect(empty).toMatchObject({
      questions: { total: 6, answered: 0, failed: 0, pending: 6 },
      startedAt: null,
      wallSeconds: null,
      throughput: { questionsPerSecond: null, busyQuestionsPerSecond: null },
      latency: { count: 0, p50Ms: null },
      workers: [],
      failures: [],
      accuracy: null,
      devices: [],
    });
    expect(ReportSchema.safeParse(empty).success).toBe(true);
  });

  it('orders failures by dataset order', () => {
    const rows = [
      { ...ANSWERS_ROWS[3]!, questionId: 'q6' },
      { ...ANSWERS_ROWS[3]!, questionId: 'q4' },
    ];
    expect(buildReport({ run: RUN, answers: rows, items: ITEMS }).failures.map((f) => f.questionId)).toEqual([
      'q4',
      'q6',
    ]);
  });
});

describe('buildReportFromStore', () => {
  it('reads the run and its answers; undefined for an unknown run', () => {
    const store = openResultStore(':memory:');
    try {
      store.upsertRun({ runId: RUN.runId, spec: RUN.spec, status: 'completed', totalQuestions: 6 });
      store.upsertAnswers(ANSWERS_ROWS);
      const report = buildReportFromStore(store, RUN.runId, { items: ITEMS, generatedAt: GENERATED });
      expect(report?.questions).toEqual({ total: 6, answered: 4, failed: 1, pending: 1 });
      expect(report?.throughput.questionsPerSecond).toBeCloseTo(4 / 35, 12);
      expect(buildReportFromStore(store, 'nope')).toBeUndefined();
    } finally {
      store.close();
    }
  });
});
