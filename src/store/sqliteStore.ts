import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ResultStoreError } from '../errors';
import { RunSpecSchema } from '../schemas/runSpec';
import type { AnswerRow } from './answerRow';
import { BATCH_COLUMNS, answerFromRow, answerParams } from './answerRow';
import { migrate } from './migrate';
import type { AttemptRecord, ResultStore, RunCounts, RunRecord, RunStatus, StoredAnswer } from './types';

/**
 * How long a write waits for another process's write to finish before failing with SQLITE_BUSY.
 * Transactions here last milliseconds, so this only bites when something is badly stuck.
 */
const BUSY_TIMEOUT_MS = 30_000;

const TERMINAL: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled', 'terminated']);

interface RunRow {
  run_id: string;
  spec_json: string;
  status: RunStatus;
  total_questions: number;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

interface AttemptRow {
  run_id: string;
  question_id: string;
  batch_id: string;
  attempt: number;
  status: 'answered' | 'failed';
  error_code: string | null;
  error_message: string | null;
  worker_identity: string;
  device: string;
  started_at: string;
  finished_at: string;
  recorded_at: string;
}

/** The columns an upsert writes (all but the derived `attempts`), in table order. */
const ANSWER_COLUMNS: ReadonlyArray<keyof AnswerRow> = [
  'run_id',
  'question_id',
  'status',
  'answer',
  'token_ids_json',
  'error_code',
  'error_message',
  'attempt',
  ...BATCH_COLUMNS,
];

/**
 * Upsert of the kept result: a new question is inserted; an existing row is replaced only while it
 * is a failure (so a later answer or a newer failure replaces it) and never once it is an answer (a
 * retry of an answered question keeps the first answer).
 */
const UPSERT_ANSWER_SQL = `
  INSERT INTO answers (${ANSWER_COLUMNS.join(', ')})
  VALUES (${ANSWER_COLUMNS.map((c) => `@${c}`).join(', ')})
  ON CONFLICT (run_id, question_id) DO UPDATE SET
    ${ANSWER_COLUMNS.filter((c) => c !== 'run_id' && c !== 'question_id')
      .map((c) => `${c} = excluded.${c}`)
      .join(',\n    ')}
  WHERE answers.status = 'failed'`;

/**
 * Opens (creating when needed) the SQLite results store at `file`, safe to share between processes
 * on one host:
 * - WAL journal: readers never block the writer, and a commit is one append to the WAL file.
 * - synchronous=FULL: each commit is fsynced before it returns, so a committed answer survives not
 *   only a killed process (WAL with NORMAL would already cover that: the WAL is in the OS page cache)
 *   but also an OS crash or power loss. Writers commit once per batch (one transaction per
 *   `upsertAnswers` call), so the cost of one fsync per batch is negligible next to inference.
 * - busy_timeout 30 s plus BEGIN IMMEDIATE write transactions: concurrent worker processes queue for
 *   the write lock instead of failing with SQLITE_BUSY.
 */
export function openResultStore(file: string): ResultStore {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db, file);
  } catch (error) {
    db.close();
    if (error instanceof ResultStoreError) throw error;
    throw new ResultStoreError(
      file,
      `cannot open: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  return new SqliteResultStore(db, file);
}

/** The ResultStore over one better-sqlite3 connection (see `openResultStore`). */
class SqliteResultStore implements ResultStore {
  private readonly upsertAnswer: Database.Statement;
  private readonly logAttempt: Database.Statement;
  private readonly refreshAttempts: Database.Statement;
  private readonly writeAnswers: (rows: StoredAnswer[]) => void;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    this.upsertAnswer = db.prepare(UPSERT_ANSWER_SQL);
    this.logAttempt = db.prepare(`
      INSERT OR IGNORE INTO answer_attempts (run_id, question_id, batch_id, attempt, status, error_code,
        error_message, worker_identity, device, started_at, finished_at, recorded_at)
      VALUES (@run_id, @question_id, @batch_id, @attempt, @status, @error_code, @error_message,
        @worker_identity, @device, @started_at, @finished_at, @recorded_at)`);
    this.refreshAttempts = db.prepare(`
      UPDATE answers SET attempts = max(1, (SELECT count(*) FROM answer_attempts a
        WHERE a.run_id = answers.run_id AND a.question_id = answers.question_id))
      WHERE run_id = ? AND question_id = ?`);
    const write = db.transaction((rows: StoredAnswer[]) => {
      const recordedAt = new Date().toISOString();
      for (const row of rows) {
        const params = answerParams(row);
        // The log's key (question, batch, attempt) makes a repeated write of the same try a no-op.
        const logged = this.logAttempt.run({ ...params, recorded_at: recordedAt });
        this.upsertAnswer.run(params);
        if (logged.changes > 0) this.refreshAttempts.run(row.runId, row.questionId);
      }
    });
    this.writeAnswers = (rows) => write.immediate(rows);
  }

  upsertRun(run: Omit<RunRecord, 'createdAt' | 'updatedAt'>): void {
    const now = new Date().toISOString();
    const spec = RunSpecSchema.parse(run.spec);
    this.db
      .prepare(
        `INSERT INTO runs (run_id, spec_json, status, total_questions, created_at, updated_at, finished_at)
         VALUES (@run_id, @spec_json, @status, @total_questions, @now, @now, @finished_at)
         ON CONFLICT (run_id) DO UPDATE SET spec_json = excluded.spec_json, status = excluded.status,
           total_questions = excluded.total_questions, updated_at = excluded.updated_at,
           finished_at = excluded.finished_at`,
      )
      .run({
        run_id: run.runId,
        spec_json: JSON.stringify(spec),
        status: run.status,
        total_questions: run.totalQuestions,
        now,
        finished_at: run.finishedAt ?? null,
      });
  }

  getRun(runId: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE run_id = ?').get(runId) as RunRow | undefined;
    return row === undefined ? undefined : this.runFromRow(row);
  }

  listRuns(): RunRecord[] {
    const rows = this.db.prepare('SELECT * FROM runs ORDER BY created_at DESC, run_id').all() as RunRow[];
    return rows.map((row) => this.runFromRow(row));
  }

  setRunStatus(runId: string, status: RunStatus): void {
    const now = new Date().toISOString();
    const result = this.db
      .prepare('UPDATE runs SET status = ?, updated_at = ?, finished_at = ? WHERE run_id = ?')
      .run(status, now, TERMINAL.has(status) ? now : null, runId);
    if (result.changes === 0) throw new ResultStoreError(this.file, `no run '${runId}'`);
  }

  upsertAnswers(rows: StoredAnswer[]): void {
    if (rows.length > 0) this.writeAnswers(rows);
  }

  answeredQuestionIds(runId: string): Set<string> {
    return this.questionIdsWithStatus(runId, 'answered');
  }

  failedQuestionIds(runId: string): Set<string> {
    return this.questionIdsWithStatus(runId, 'failed');
  }

  counts(runId: string): RunCounts {
    const rows = this.db
      .prepare('SELECT status, count(*) AS n FROM answers WHERE run_id = ? GROUP BY status')
      .all(runId) as Array<{ status: string; n: number }>;
    const counts: RunCounts = { answered: 0, failed: 0 };
    for (const { status, n } of rows) if (status === 'answered' || status === 'failed') counts[status] = n;
    return counts;
  }

  answers(runId: string): StoredAnswer[] {
    const rows = this.db
      .prepare('SELECT * FROM answers WHERE run_id = ? ORDER BY rowid')
      .all(runId) as AnswerRow[];
    return rows.map(answerFromRow);
  }

  attemptLog(runId: string): AttemptRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM answer_attempts WHERE run_id = ? ORDER BY recorded_at, rowid')
      .all(runId) as AttemptRow[];
    return rows.map((row) => {
      const record: AttemptRecord = {
        runId: row.run_id,
        questionId: row.question_id,
        batchId: row.batch_id,
        attempt: row.attempt,
        status: row.status,
        workerIdentity: row.worker_identity,
        device: row.device,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
        recordedAt: row.recorded_at,
      };
      if (row.error_code !== null) record.errorCode = row.error_code;
      if (row.error_message !== null) record.errorMessage = row.error_message;
      return record;
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private questionIdsWithStatus(runId: string, status: 'answered' | 'failed'): Set<string> {
    const ids = this.db
      .prepare('SELECT question_id FROM answers WHERE run_id = ? AND status = ?')
      .pluck()
      .all(runId, status) as string[];
    return new Set(ids);
  }

  private runFromRow(row: RunRow): RunRecord {
    let spec;
    try {
      spec = RunSpecSchema.parse(JSON.parse(row.spec_json));
    } catch (error) {
      throw new ResultStoreError(this.file, `run '${row.run_id}' has an unreadable spec`, error);
    }
    const run: RunRecord = {
      runId: row.run_id,
      spec,
      status: row.status,
      totalQuestions: row.total_questions,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
    if (row.finished_at !== null) run.finishedAt = row.finished_at;
    return run;
  }
}
