import type { DatasetItem } from '../schemas/dataset';
import type { StoredAnswer } from '../store/types';

/** The columns of an export, in order. */
export const EXPORT_COLUMNS = [
  'run_id',
  'question_id',
  'file',
  'question',
  'reference',
  'category',
  'status',
  'answer',
  'error_code',
  'error_message',
  'prompt_tokens',
  'generated_tokens',
  'preprocess_ms',
  'vision_ms',
  'prefill_ms',
  'decode_ms',
  'queue_ms',
  'attempt',
  'batch_id',
  'worker_identity',
  'device',
  'model_hash',
  'started_at',
  'finished_at',
] as const;

/** One exported row. */
export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | undefined>;

/** A stored result joined with its dataset item (when the dataset could be read). */
export function exportRow(answer: StoredAnswer, item: DatasetItem | undefined): ExportRow {
  return {
    run_id: answer.runId,
    question_id: answer.questionId,
    file: item?.file,
    question: item?.question,
    reference: item?.reference,
    category: item?.category,
    status: answer.status,
    answer: answer.answer,
    error_code: answer.errorCode,
    error_message: answer.errorMessage,
    prompt_tokens: answer.promptTokens,
    generated_tokens: answer.generatedTokens,
    preprocess_ms: answer.preprocessMs,
    vision_ms: answer.visionMs,
    prefill_ms: answer.prefillMs,
    decode_ms: answer.decodeMs,
    queue_ms: answer.queueMs,
    attempt: answer.attempt,
    batch_id: answer.batchId,
    worker_identity: answer.workerIdentity,
    device: answer.device,
    model_hash: answer.modelHash,
    started_at: answer.startedAt,
    finished_at: answer.finishedAt,
  };
}
