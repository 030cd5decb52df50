import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { EXPORT_COLUMNS, csvLine, exportAnswers, writeAnswersExport } from '../../src/store/exportAnswers';
import { openResultStore } from '../../src/store/sqliteStore';
import type { ResultStore } from '../../src/store/types';
import { answerRow, failedRow } from './helpers/rows';

let dir: string;
let store: ResultStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vqa-export-'));
  store = openResultStore(path.join(dir, 'results.sqlite'));
  store.upsertAnswers([
    answerRow({ runId: 'r1', questionId: 'q2', answer: 'a "quoted", multi\nline answer' }),
    failedRow({ runId: 'r1', questionId: 'q1' }),
  ]);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUESTIONS = new Map([
  ['q1', { file: 'a.png', question: 'What color?', reference: 'red', category: 'color' }],
  ['q2', { file: 'b.png', question: 'Shape?' }],
]);

describe('exportAnswers', () => {
  it('JSONL: one object per stored row, with question fields when given', () => {
    const lines = exportAnswers(store, 'r1', 'jsonl', { questions: QUESTIONS }).trimEnd().split('\n');
    const rows = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((r) => Object.keys(r))).toEqual([[...EXPORT_COLUMNS], [...EXPORT_COLUMNS]]);
    expect(rows[0]).toMatchObject({
      question_id: 'q2',
      status: 'answered',
      answer: 'a "quoted", multi\nline answer',
      question: 'Shape?',
      reference: null,
      token_ids: [12, 34, 151645],
      attempts: 1,
    });
    expect(rows[1]).toMatchObject({
      question_id: 'q1',
      status: 'failed',
      answer: null,
      error_code: 'IMAGE_DECODE',
      reference: 'red',
      category: 'color',
    });
  });

  it('CSV: header plus quoted cells that a CSV reader gets back unchanged, in the given order', () => {
    const csv = exportAnswers(store, 'r1', 'csv', { order: ['q1', 'q2'] });
    const records: Array<Record<string, string>> = parse(csv, { columns: true });
    expect(records.map((r) => r.question_id)).toEqual(['q1', 'q2']);
    expect(records[1]?.answer).toBe('a "quoted", multi\nline answer');
    expect(records[1]?.token_ids).toBe('12 34 151645');
    expect(records[0]?.answer).toBe('');
    expect(records[0]?.error_message).toBe('Cannot read image x.png: truncated');
    expect(Object.keys(records[0] ?? {})).toEqual([...EXPORT_COLUMNS]);
  });

  it('an unknown run exports an empty JSONL and a header-only CSV', () => {
    expect(exportAnswers(store, 'none', 'jsonl')).toBe('');
    expect(exportAnswers(store, 'none', 'csv')).toBe(`${EXPORT_COLUMNS.join(',')}\r\n`);
  });

  it('writeAnswersExport writes the same text to a file', () => {
    const file = path.join(dir, 'answers.jsonl');
    const bytes = writeAnswersExport(store, 'r1', 'jsonl', file);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(exportAnswers(store, 'r1', 'jsonl'));
    expect(bytes).toBe(Buffer.byteLength(text));
  });
});

describe('csvLine', () => {
  it('quotes fields with commas, quotes and line breaks so a CSV parser reads them back', () => {
    const values = ['plain', 'a, b', 'say "hi"', 'two\nlines', 3, undefined];
    const parsed = parse(`${csvLine(values)}\n`);
    expect(parsed).toEqual([['plain', 'a, b', 'say "hi"', 'two\nlines', '3', '']]);
  });
});
