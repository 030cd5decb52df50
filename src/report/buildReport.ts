import { scoreAccuracy } from '../metrics/accuracy';
import { groupBatches, questionLatencyMs } from '../metrics/batches';
import { summarizeLatencies } from '../metrics/percentile';
import { computeRetries } from '../metrics/retries';
import { computeThroughput } from '../metrics/throughput';
import { computeTimeSplit } from '../metrics/timeSplit';
import { computeWorkerShares } from '../metrics/workers';
import type { DatasetItem } from '../schemas/dataset';
import { ReportSchema } from '../schemas/report';
import type { Report } from '../schemas/report';
import type { RunRecord, StoredAnswer } from '../store/types';

/** Written into every report so a reader knows what the latency numbers mean. */
export const LATENCY_DEFINITION =
  "per answered question: its batch's duration (finishedAt − startedAt), queue wait excluded";

/** The percentile method, as written into reports. */
export const PERCENTILE_METHOD = 'linear interpolation between closest ranks (numpy default, R type 7)';

/** The answer normalization, as written into reports. */
export const NORMALIZATION_RULES =
  'NFKC + lowercase; drop thousands commas and apostrophes; other punctuation to spaces (decimal points kept); ' +
  'number words zero-twenty to digits; drop a/an/the; collapse spaces. ANLS threshold 0.5.';

/** What a report is built from. */
export interface ReportInput {
  run: RunRecord;
  /** The run's stored results (`store.answers(runId)`). */
  answers: readonly StoredAnswer[];
  /**
   * The dataset's items, when available: references and categories give accuracy, and their order
   * orders the failure list. Without them the report has no accuracy.
   */
  items?: ReadonlyArray<Pick<DatasetItem, 'questionId' | 'reference' | 'category'>>;
  /** Defaults to now. */
  generatedAt?: Date;
}

function accuracyOf(input: ReportInput, answered: Map<string, StoredAnswer>): Report['accuracy'] {
  const withReference = (input.items ?? []).filter((item) => item.reference !== undefined);
  const scored = withReference.flatMap((item) => {
    const answer = answered.get(item.questionId);
    if (answer === undefined) return [];
    return [
      { prediction: answer.answer ?? '', references: [item.reference as string], category: item.category },
    ];
  });
  if (scored.length === 0) return null;
  return {
    ...scoreAccuracy(scored),
    normalization: NORMALIZATION_RULES,
    unanswered: withReference.length - scored.length,
  };
}

/**
 * Builds a run's report from its record and stored results (pure: no I/O). Throughput, latency, time
 * split and worker shares come from src/metrics; accuracy is over answered questions with a reference.
 * The result is validated against `ReportSchema`.
 */
export function buildReport(input: ReportInput): Report {
  const { run, answers } = input;
  const batches = groupBatches(answers);
  const throughput = computeThroughput(batches, answers);
  const answeredRows = answers.filter((a) => a.status === 'answered');
  const failedRows = answers.filter((a) => a.status === 'failed');
  const order = new Map((input.items ?? []).map((item, index) => [item.questionId, index]));
  const rank = (id: string, fallback: number) => order.get(id) ?? order.size + fallback;
  const failures = failedRows
    .map((row, index) => ({ row, key: rank(row.questionId, index) }))
    .sort((a, b) => a.key - b.key)
    .map(({ row }) => ({
      questionId: row.questionId,
      code: row.errorCode ?? 'UNKNOWN',
      message: row.errorMessage ?? '',
      attempts: Math.max(row.attempts ?? 1, row.attempt),
    }));
  const latency = summarizeLatencies(answeredRows.map(questionLatencyMs));
  const report: Report = {
    schemaVersion: 1,
    runId: run.runId,
    status: run.status,
    model: run.spec.model,
    modelHash: run.spec.modelHash,
    engine: run.spec.engine,
    devices: [...new Set(answers.map((a) => a.device))].sort(),
    dataset: {
      path: run.spec.datasetPath,
      ...(run.spec.questionsPath === undefined ? {} : { questionsPath: run.spec.questionsPath }),
      hash: run.spec.datasetHash,
    },
    manifestHash: run.spec.manifestHash,
    generation: run.spec.generation,
    questions: {
      total: run.totalQuestions,
      answered: answeredRows.length,
      failed: failedRows.length,
      pending: Math.max(0, run.totalQuestions - answeredRows.length - failedRows.length),
    },
    createdAt: run.createdAt,
    startedAt: throughput.firstStartedAt,
    finishedAt: throughput.lastFinishedAt,
    wallSeconds: throughput.wallSeconds,
    throughput: {
      questionsPerSecond: throughput.questionsPerSecond,
      busyQuestionsPerSecond: throughput.busyQuestionsPerSecond,
      promptTokensPerSecond: throughput.promptTokensPerSecond,
      generatedTokensPerSecond: throughput.generatedTokensPerSecond,
      busySeconds: throughput.busySeconds,
      promptTokens: throughput.promptTokens,
      generatedTokens: throughput.generatedTokens,
    },
    latency: { definition: LATENCY_DEFINITION, method: PERCENTILE_METHOD, ...latency },
    timeSplit: computeTimeSplit(batches),
    workers: computeWorkerShares(batches),
    retries: computeRetries(answers),
    failures,
    accuracy: accuracyOf(input, new Map(answeredRows.map((a) => [a.questionId, a]))),
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
  };
  return ReportSchema.parse(report);
}
