import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ResultStoreError } from '../../src/errors';
import { SCHEMA_VERSION } from '../../src/store/migrations';
import { openResultStore } from '../../src/store/sqliteStore';
import type { ResultStore } from '../../src/store/types';
import { answerRow, failedRow, runSpec } from './helpers/rows';

let dir: string;
let file: string;
let store: ResultStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vqa-store-'));
  file = path.join(dir, 'nested', 'results.sqlite');
  store = openResultStore(file);
  store.upsertRun({ runId: 'r1', spec: runSpec('r1'), status: 'running', totalQuestions: 3 });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openResultStore: file and schema', () => {
  it('creates the folder and a WAL-mode database at the current schema version', () => {
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('SELECT MAX(version) FROM schema_version').pluck().get()).toBe(SCHEMA_VERSION);
      const tables = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(['answer_attempts', 'answers', 'runs', 'schema_version']);
    } finally {
      raw.close();
    }
  });

  it('reopening migrates nothing and keeps the data', () => {
    store.upsertAnswers([answerRow({ runId: 'r1', questionId: 'q1' })]);
    store.close();
    store = openResultStore(file);
    expect(store.counts('r1')).toEqual({ answered: 1, failed: 0 });
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM schema_version').pluck().get()).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('refuses a database written by a newer schema version', () => {
    store.close();
    const raw = new Database(file);
    raw
      .prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)')
      .run(SCHEMA_VERSION + 1, 'x');
    raw.close();
    expect(() => openResultStore(file)).toThrow(ResultStoreError);
    expect(() => openResultStore(file)).toThrow(/newer than this program/);
    store = openResultStore(path.join(dir, 'other.sqlite'));
  });
});

describe('runs', () => {
  it('creates, reads and updates a run; an update keeps createdAt and the answers', () => {
    const created = store.getRun('r1');
    expect(created).toMatchObject({ runId: 'r1', status: 'running', totalQuestions: 3, spec: runSpec('r1') });
    expect(created?.finishedAt).toBeUndefined();
    store.upsertAnswers([answerRow({ runId: 'r1', questionId: 'q1' })]);
    store.upsertRun({
      runId: 'r1',
      spec: { ...runSpec('r1'), window: 9 },
      status: 'running',
      totalQuestions: 4,
    });
    const updated = store.getRun('r1');
    expect(updated?.createdAt).toBe(created?.createdAt);
    expect(updated?.spec.window).toBe(9);
    expect(updated?.totalQuestions).toBe(4);
    expect(store.counts('r1').answered).toBe(1);
    expect(store.getRun('nope')).toBeUndefined();
  });

  it('rejects an invalid spec', () => {
    const bad = { ...runSpec('r2'), batchSize: 0 };
    expect(() => store.upsertRun({ runId: 'r2', spec: bad, status: 'running', totalQuestions: 1 })).toThrow();
    expect(store.getRun('r2')).toBeUndefined();
  });

  it('sets finishedAt for terminal statuses and clears it when running again', () => {
    store.setRunStatus('r1', 'completed');
    const done = store.getRun('r1');
    expect(done?.status).toBe('completed');
    expect(done?.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    store.setRunStatus('r1', 'running');
    expect(store.getRun('r1')?.finishedAt).toBeUndefined();
    expect(() => store.setRunStatus('missing', 'failed')).toThrow(/no run 'missing'/);
  });

  it('lists runs newest first', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    store.upsertRun({ runId: 'r2', spec: runSpec('r2'), status: 'completed', totalQuestions: 1 });
    expect(store.listRuns().map((r) => r.runId)).toEqual(['r2', 'r1']);
  });
});

describe('upsertAnswers: idempotent, answers win', () => {
  it('round-trips every field', () => {
    const row = answerRow({ runId: 'r1', questionId: 'q1' });
    store.upsertAnswers([row]);
    expect(store.answers('r1')).toEqual([{ ...row, attempts: 1 }]);
    const failure = failedRow({ runId: 'r1', questionId: 'q2' });
    store.upsertAnswers([failure]);
    const stored = store.answers('r1')[1];
    expect(stored).toEqual({ ...failure, attempts: 1 });
    expect(stored && 'answer' in stored).toBe(false);
  });

  it('writing the same try twice stores it once and counts one attempt', () => {
    const row = answerRow({ runId: 'r1', questionId: 'q1' });
    store.upsertAnswers([row]);
    store.upsertAnswers([row]);
    expect(store.answers('r1')).toHaveLength(1);
    expect(store.answers('r1')[0]?.attempts).toBe(1);
    expect(store.attemptLog('r1')).toHaveLength(1);
  });

  it('a retry of an answered question keeps the first answer and counts the attempt', () => {
    store.upsertAnswers([answerRow({ runId: 'r1', questionId: 'q1', answer: 'first' })]);
    store.upsertAnswers([
      answerRow({ runId: 'r1', questionId: 'q1', answer: 'second', attempt: 2, workerIdentity: 'worker-b' }),
    ]);
    const [kept] = store.answers('r1');
    expect(kept).toMatchObject({ answer: 'first', attempt: 1, workerIdentity: 'worker-a', attempts: 2 });
  });

  it('a failure after an answer never overwrites it', () => {
    store.upsertAnswers([answerRow({ runId: 'r1', questionId: 'q1', answer: 'blue' })]);
    store.upsertAnswers([failedRow({ runId: 'r1', questionId: 'q1', attempt: 2 })]);
    const [kept] = store.answers('r1');
    expect(kept).toMatchObject({ status: 'answered', answer: 'blue', attempts: 2 });
    expect(kept?.errorCode).toBeUndefined();
    expect(store.counts('r1')).toEqual({ answered: 1, failed: 0 });
  });

  it('an answer after a failure replaces it; a newer failure replaces an older one', () => {
    store.upsertAnswers([failedRow({ runId: 'r1', questionId: 'q1', errorCode: 'ALLOCATION' })]);
    store.upsertAnswers([failedRow({ runId: 'r1', questionId: 'q1', attempt: 2, errorCode: 'INTERNAL' })]);
    expect(store.answers('r1')[0]).toMatchObject({ status: 'failed', errorCode: 'INTERNAL', attempts: 2 });
    expect(store.failedQuestionIds('r1')).toEqual(new Set(['q1']));
    store.upsertAnswers([answerRow({ runId: 'r1', questionId: 'q1', attempt: 3, answer: 'red' })]);
    const [kept] = store.answers('r1');
    expect(kept).toMatchObject({ status: 'answered', answer: 'red', attempt: 3, attempts: 3 });
    expect(kept?.errorCode).toBeUndefined();
    expect(kept?.errorMessage).toBeUndefined();
    expect(store.answeredQuestionIds('r1')).toEqual(new Set(['q1']));
    expect(store.failedQuestionIds('r1')).toEqual(new Set());
    expect(store.attemptLog('r1').map((a) => [a.attempt, a.status, a.errorCode])).toEqual([
      [1, 'failed', 'ALLOCATION'],
      [2, 'failed', 'INTERNAL'],
      [3, 'answered', undefined],
    ]);
  });

  it('is atomic: a batch with one invalid row stores nothing', () => {
    const bad = { ...answerRow({ runId: 'r1', questionId: 'q2' }), status: 'weird' as 'answered' };
    expect(() => store.upsertAnswers([answerRow({ runId: 'r1', questionId: 'q1' }), bad])).toThrow();
    expect(store.answers('r1')).toEqual([]);
    expect(store.attemptLog('r1')).toEqual([]);
  });

  it('keeps runs apart and counts answered and failed', () => {
    store.upsertAnswers([
      answerRow({ runId: 'r1', questionId: 'q1' }),
      answerRow({ runId: 'r1', questionId: 'q2' }),
      failedRow({ runId: 'r1', questionId: 'q3' }),
      answerRow({ runId: 'r2', questionId: 'q1' }),
    ]);
    expect(store.counts('r1')).toEqual({ answered: 2, failed: 1 });
    expect(store.counts('r2')).toEqual({ answered: 1, failed: 0 });
    expect(store.counts('r3')).toEqual({ answered: 0, failed: 0 });
    expect(store.answeredQuestionIds('r1')).toEqual(new Set(['q1', 'q2']));
    expect(store.answers('r1').map((a) => a.questionId)).toEqual(['q1', 'q2', 'q3']);
    store.upsertAnswers([]);
  });
});
