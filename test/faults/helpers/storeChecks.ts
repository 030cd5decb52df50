import type { ResultStore, StoredAnswer } from '../../../src/store/types';

/** The stored answers of a run at one moment, by question id (`attempts` left out: it is computed on read). */
export type AnswerSnapshot = Map<string, Omit<StoredAnswer, 'attempts'>>;

/** Snapshots the answered questions of a run (taken just before a fault). */
export function snapshotAnswers(store: ResultStore, runId: string): AnswerSnapshot {
  return new Map(
    store
      .answers(runId)
      .filter((row) => row.status === 'answered')
      .map(({ attempts: _attempts, ...row }) => [row.questionId, row]),
  );
}

/**
 * The exact counts every fault test ends with: one kept result per question (answered + failed ==
 * total, no question id twice), every answer of every snapshot unchanged, and no question answered
 * by two tries (the attempt log holds one `answered` try per question).
 */
export function expectRunIntact(
  store: ResultStore,
  runId: string,
  expected: { total: number; answered: number; failed: number },
  snapshots: AnswerSnapshot[],
): void {
  const rows = store.answers(runId);
  const ids = rows.map((row) => row.questionId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(rows).toHaveLength(expected.total);
  expect(store.counts(runId)).toEqual({ answered: expected.answered, failed: expected.failed });
  expect(expected.answered + expected.failed).toBe(expected.total);

  const byId = new Map(rows.map(({ attempts: _attempts, ...row }) => [row.questionId, row]));
  for (const snapshot of snapshots) {
    for (const [questionId, before] of snapshot) {
      expect(byId.get(questionId)).toEqual(before);
    }
  }

  const answeredTries = new Map<string, number>();
  for (const attempt of store.attemptLog(runId)) {
    if (attempt.status === 'answered') {
      answeredTries.set(attempt.questionId, (answeredTries.get(attempt.questionId) ?? 0) + 1);
    }
  }
  expect([...answeredTries.entries()].filter(([, tries]) => tries !== 1)).toEqual([]);
  expect(answeredTries.size).toBe(expected.answered);
}
