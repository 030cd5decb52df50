import type { ItemOutcome } from '../engine/types';
import type { StoredAnswer } from '../store/types';

/** Where and when a batch ran: the fields every stored row of the batch shares. */
export interface BatchProvenance {
  runId: string;
  batchId: string;
  attempt: number;
  workerIdentity: string;
  device: string;
  modelHash: string;
  queueMs: number;
  startedAt: string;
  finishedAt: string;
}

/** The store row of one engine outcome. */
export function toStoredAnswer(outcome: ItemOutcome, provenance: BatchProvenance): StoredAnswer {
  if (outcome.status === 'answered') {
    return {
      ...provenance,
      questionId: outcome.questionId,
      status: 'answered',
      answer: outcome.answer,
      tokenIds: outcome.tokenIds,
      promptTokens: outcome.promptTokens,
      generatedTokens: outcome.generatedTokens,
      ...outcome.timings,
    };
  }
  return failedRow(outcome.questionId, outcome.error, provenance);
}

/** The store row of a question that failed with `error`. */
export function failedRow(
  questionId: string,
  error: { code: string; message: string },
  provenance: BatchProvenance,
): StoredAnswer {
  return {
    ...provenance,
    questionId,
    status: 'failed',
    errorCode: error.code,
    errorMessage: error.message,
    promptTokens: 0,
    generatedTokens: 0,
    preprocessMs: 0,
    visionMs: 0,
    prefillMs: 0,
    decodeMs: 0,
  };
}
