import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openResultStore } from '../../src/store/sqliteStore';
import { answerRow, runSpec } from './helpers/rows';

const CHILD = path.join(__dirname, 'helpers', 'storeChild.js');
const run = promisify(execFile);

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vqa-store-'));
  file = path.join(dir, 'results.sqlite');
  const store = openResultStore(file);
  store.upsertRun({ runId: 'r1', spec: runSpec('r1'), status: 'running', totalQuestions: 100 });
  store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('several connections on one file', () => {
  it('two connections in one process interleave writes to the same run and see each other', () => {
    const a = openResultStore(file);
    const b = openResultStore(file);
    try {
      for (let i = 0; i < 20; i++) {
        const writer = i % 2 === 0 ? a : b;
        writer.upsertAnswers([answerRow({ runId: 'r1', questionId: `q${i}`, workerIdentity: `w${i % 2}` })]);
      }
      // b retries a question a answered: kept once, with a's answer.
      b.upsertAnswers([answerRow({ runId: 'r1', questionId: 'q0', answer: 'late', batchId: 'other' })]);
      expect(a.counts('r1')).toEqual({ answered: 20, failed: 0 });
      expect(b.answers('r1').find((x) => x.questionId === 'q0')).toMatchObject({
        answer: 'blue',
        attempts: 2,
      });
    } finally {
      a.close();
      b.close();
    }
  });

  it('two processes writing the same questions at once: every question stored once, both tries counted', async () => {
    const count = 60;
    await Promise.all(
      ['worker-a', 'worker-b'].map((identity) =>
        run(process.execPath, [CHILD, 'write', file, JSON.stringify({ runId: 'r1', identity, count })]),
      ),
    );
    const store = openResultStore(file);
    try {
      const answers = store.answers('r1');
      expect(answers).toHaveLength(count);
      for (const answer of answers) {
        expect(answer.attempts).toBe(2);
        // The kept answer is the first writer's, whole (never a mix of both rows).
        expect(answer.answer).toBe(`${answer.workerIdentity}-${answer.questionId.slice(1)}`);
      }
      expect(store.attemptLog('r1')).toHaveLength(2 * count);
    } finally {
      store.close();
    }
  });
});

describe('crash safety', () => {
  it('an answer committed just before the process is SIGKILLed is in the database', async () => {
    const child = spawn(
      process.execPath,
      [CHILD, 'crash', file, JSON.stringify({ runId: 'r1', questionId: 'q-crash', answer: 'survived' })],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, sig) => resolve(sig)),
    );
    expect(signal).toBe('SIGKILL');
    expect(stdout).toBe('committed\n');
    const store = openResultStore(file);
    try {
      expect(store.answers('r1')).toEqual([
        expect.objectContaining({ questionId: 'q-crash', status: 'answered', answer: 'survived' }),
      ]);
    } finally {
      store.close();
    }
  });
});
