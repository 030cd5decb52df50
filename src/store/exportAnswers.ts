import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import type { DatasetItem } from '../schemas/dataset';
import type { ResultStore, StoredAnswer } from './types';

/** Export encodings of a run's answers. */
export type AnswerExportFormat = 'jsonl' | 'csv';

/** Question fields an export adds to each row. */
export type ExportQuestion = Pick<DatasetItem, 'question' | 'reference' | 'category' | 'file'>;

/** Question fields to add to exported rows, keyed by question id (a Map of the dataset's items works). */
export type QuestionLookup = ReadonlyMap<string, ExportQuestion>;

/** Columns of an exported row, in order (CSV header and JSONL key order). */
export const EXPORT_COLUMNS = [
  'question_id',
  'status',
  'answer',
  'error_code',
  'error_message',
  'file',
  'question',
  'reference',
  'category',
  'attempt',
  'attempts',
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
  'token_ids',
] as const;

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | number[] | null>;

function exportRow(answer: StoredAnswer, question: ExportQuestion | undefined): ExportRow {
  return {
    question_id: answer.questionId,
    status: answer.status,
    answer: answer.answer ?? null,
    error_code: answer.errorCode ?? null,
    error_message: answer.errorMessage ?? null,
    file: question?.file ?? null,
    question: question?.question ?? null,
    reference: question?.reference ?? null,
    category: question?.category ?? null,
    attempt: answer.attempt,
    attempts: answer.attempts ?? 1,
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
    token_ids: answer.tokenIds ?? null,
  };
}

/** One CSV cell (RFC 4180): quoted when it holds a comma, quote, or line break; token ids space-separated. */
function csvCell(value: ExportRow[keyof ExportRow]): string {
  if (value === null) return '';
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A run's stored results as JSONL (one object per line, keys in `EXPORT_COLUMNS` order, absent values
 * null) or CSV (header row, then one row per question; token ids space-separated). Rows come in
 * `order` when given (e.g. the dataset's question order; ids not in it follow in store order),
 * otherwise in the order they were first stored. `questions` adds file, question, reference and
 * category columns' values.
 */
export function exportAnswers(
  store: ResultStore,
  runId: string,
  format: AnswerExportFormat,
  options: { questions?: QuestionLookup; order?: readonly string[] } = {},
): string {
  let answers = store.answers(runId);
  const order = options.order;
  if (order !== undefined) {
    const rank = new Map(order.map((id, index) => [id, index]));
    answers = answers
      .map((answer, index) => ({ answer, key: rank.get(answer.questionId) ?? order.length + index }))
      .sort((a, b) => a.key - b.key)
      .map(({ answer }) => answer);
  }
  const rows = answers.map((answer) => exportRow(answer, options.questions?.get(answer.questionId)));
  if (format === 'jsonl') return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  const lines = [
    EXPORT_COLUMNS.join(','),
    ...rows.map((row) => EXPORT_COLUMNS.map((c) => csvCell(row[c])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Writes `exportAnswers(...)` to `file` atomically (a temporary file renamed into place), so a reader
 * never sees half an export. Returns the number of bytes written.
 */
export function writeAnswersExport(
  store: ResultStore,
  runId: string,
  format: AnswerExportFormat,
  file: string,
  options: { questions?: QuestionLookup; order?: readonly string[] } = {},
): number {
  const content = exportAnswers(store, runId, format, options);
  // Unique per call: two writers of the same file (a retried activity) never share a temporary.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
  return Buffer.byteLength(content);
}
