import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import type { DatasetItem } from '../schemas/dataset';
import { BATCH_COLUMNS, answerParams } from './answerRow';
import type { ResultStore, StoredAnswer } from './types';

/** Export encodings of a run's answers. */
export type AnswerExportFormat = 'jsonl' | 'csv';

/** Question fields an export adds to each row. */
export type ExportQuestion = Pick<DatasetItem, 'question' | 'reference' | 'category' | 'file'>;

/** Question fields to add to exported rows, keyed by question id (a Map of the dataset's items works). */
export type QuestionLookup = ReadonlyMap<string, ExportQuestion>;

/** Columns of an exported row, in order (CSV header and JSONL key order). */
export const EXPORT_COLUMNS = [
  'run_id',
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
  ...BATCH_COLUMNS,
  'token_ids',
] as const;

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | number[] | null>;

/** One exported row: the stored columns (as the store writes them) plus the question's, in column order. */
function exportRow(answer: StoredAnswer, question: ExportQuestion | undefined): ExportRow {
  const { token_ids_json: _tokenIdsJson, ...stored } = answerParams(answer);
  const values: ExportRow = {
    ...stored,
    attempts: answer.attempts ?? 1,
    file: question?.file ?? null,
    question: question?.question ?? null,
    reference: question?.reference ?? null,
    category: question?.category ?? null,
    token_ids: answer.tokenIds ?? null,
  };
  // Keys in EXPORT_COLUMNS order: JSONL objects list them in that order.
  return Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, values[column]])) as ExportRow;
}

/**
 * One CSV line (RFC 4180), without its line break: a cell with a comma, quote or line break is quoted
 * (quotes doubled); null and undefined are empty cells; arrays (token ids) are space-separated.
 */
export function csvLine(
  values: ReadonlyArray<string | number | readonly number[] | null | undefined>,
): string {
  return values
    .map((value) => {
      if (value === null || value === undefined) return '';
      const text = Array.isArray(value) ? value.join(' ') : String(value);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
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
  const lines = [csvLine(EXPORT_COLUMNS), ...rows.map((row) => csvLine(EXPORT_COLUMNS.map((c) => row[c])))];
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
