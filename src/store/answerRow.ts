import type { StoredAnswer } from './types';

/**
 * The columns of an `answers` row that describe the batch that produced it and its costs, in table
 * order; the store's INSERT and the answer export both list them (so they are named once, here).
 */
export const BATCH_COLUMNS = [
  'batch_id',
  'worker_identity',
  'device',
  'model_hash',
  'prompt_tokens',
  'generated_tokens',
  'preprocess_ms',
  'vision_ms',
  'prefill_ms',
  'decode_ms',
  'queue_ms',
  'started_at',
  'finished_at',
] as const;

/** An `answers` table row as SQLite returns it. */
export interface AnswerRow {
  run_id: string;
  question_id: string;
  status: 'answered' | 'failed';
  answer: string | null;
  token_ids_json: string | null;
  error_code: string | null;
  error_message: string | null;
  attempt: number;
  attempts: number;
  batch_id: string;
  worker_identity: string;
  device: string;
  model_hash: string;
  prompt_tokens: number;
  generated_tokens: number;
  preprocess_ms: number;
  vision_ms: number;
  prefill_ms: number;
  decode_ms: number;
  queue_ms: number;
  started_at: string;
  finished_at: string;
}

/** Named parameters for inserting a StoredAnswer (better-sqlite3 binds `@name`). */
export function answerParams(answer: StoredAnswer): Omit<AnswerRow, 'attempts'> {
  return {
    run_id: answer.runId,
    question_id: answer.questionId,
    status: answer.status,
    answer: answer.answer ?? null,
    token_ids_json: answer.tokenIds === undefined ? null : JSON.stringify(answer.tokenIds),
    error_code: answer.errorCode ?? null,
    error_message: answer.errorMessage ?? null,
    attempt: answer.attempt,
    batch_id: answer.batchId,
    worker_identity: answer.workerIdentity,
    device: answer.device,
    model_hash: answer.modelHash,
    prompt_tokens: answer.promptTokens,
    generated_tokens: answer.generatedTokens,
    preprocess_ms: answer.preprocessMs,
    vision_ms: answer.visionMs,
    prefill_ms: answer.prefillMs,
    decode_ms: answer.decodeMs,
    queue_ms: answer.queueMs,
    started_at: answer.startedAt,
    finished_at: answer.finishedAt,
  };
}

/** The StoredAnswer of a row; absent optional fields stay absent (not null). */
export function answerFromRow(row: AnswerRow): StoredAnswer {
  const answer: StoredAnswer = {
    runId: row.run_id,
    questionId: row.question_id,
    status: row.status,
    attempt: row.attempt,
    attempts: row.attempts,
    batchId: row.batch_id,
    workerIdentity: row.worker_identity,
    device: row.device,
    modelHash: row.model_hash,
    promptTokens: row.prompt_tokens,
    generatedTokens: row.generated_tokens,
    preprocessMs: row.preprocess_ms,
    visionMs: row.vision_ms,
    prefillMs: row.prefill_ms,
    decodeMs: row.decode_ms,
    queueMs: row.queue_ms,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
  if (row.answer !== null) answer.answer = row.answer;
  if (row.token_ids_json !== null) answer.tokenIds = JSON.parse(row.token_ids_json) as number[];
  if (row.error_code !== null) answer.errorCode = row.error_code;
  if (row.error_message !== null) answer.errorMessage = row.error_message;
  return answer;
}
