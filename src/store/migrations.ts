/**
 * Schema migrations, applied in order; entry i brings the schema to version i + 1. Append only: a
 * released migration never changes, so every database reaches the same schema by the same steps.
 */
export const MIGRATIONS: readonly string[] = [
  // Version 1: runs, answers (one row per question: the kept result) and the log of every try.
  `
  CREATE TABLE runs (
    run_id TEXT PRIMARY KEY,
    spec_json TEXT NOT NULL,
    status TEXT NOT NULL,
    total_questions INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE TABLE answers (
    run_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('answered', 'failed')),
    answer TEXT,
    token_ids_json TEXT,
    error_code TEXT,
    error_message TEXT,
    attempt INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    batch_id TEXT NOT NULL,
    worker_identity TEXT NOT NULL,
    device TEXT NOT NULL,
    model_hash TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    generated_tokens INTEGER NOT NULL,
    preprocess_ms REAL NOT NULL,
    vision_ms REAL NOT NULL,
    prefill_ms REAL NOT NULL,
    decode_ms REAL NOT NULL,
    queue_ms REAL NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    PRIMARY KEY (run_id, question_id)
  );
  CREATE INDEX answers_by_status ON answers (run_id, status);
  CREATE TABLE answer_attempts (
    run_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status TEXT NOT NULL,
    error_code TEXT,
    error_message TEXT,
    worker_identity TEXT NOT NULL,
    device TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (run_id, question_id, batch_id, attempt)
  );
  `,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
