import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { parse } from 'csv-parse/sync';
import { ReportSchema } from '../../src/schemas/report';
import { TINY_MODEL_DIR, createLocalTestEnv, tempDir, writeShapesSubset } from '../workflows/harness';
import { runCli, type CliResult } from './helpers/runCli';

/**
 * The CLI commands in-process against a real dev server, with the real tiny model: `run` with its
 * in-process worker, then `list`, `status`, `report`, `export`, `cancel`, and flag validation.
 */

const dataDir = tempDir('cli-test');
let env: TestWorkflowEnvironment;
let manifest: string;

beforeAll(async () => {
  env = await createLocalTestEnv();
  manifest = writeShapesSubset(path.join(dataDir, 'dataset'), { images: 2, idPrefix: '' });
}, 60_000);

afterAll(async () => {
  await env?.teardown();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** Runs `vqa-eval ...args` in this process against the test server and data folder. */
function cli(...args: string[]): Promise<CliResult> {
  return runCli(['--address', env.address, '--data-dir', dataDir], ...args);
}

const runArgs = (...extra: string[]): string[] => [
  'run',
  '--dataset',
  manifest,
  '--model',
  TINY_MODEL_DIR,
  '--max-new-tokens',
  '3',
  '--batch-size',
  '4',
  '--run-id',
  'cli-run',
  ...extra,
];

it('run: stores the run, serves it with an in-process worker and prints the headline', async () => {
  const { out, exitCode } = await cli(...runArgs());
  expect(exitCode).toBe(0);
  expect(out).toContain('Started run cli-run: 8 questions');
  expect(out).toContain('Run cli-run completed');
  expect(out).toMatch(/questions\s+8 \(answered 8, failed 0\)/);
}, 120_000);

it('list, status, report and export show the finished run', async () => {
  const list = await cli('list', '--json');
  const runs = JSON.parse(list.out) as Array<{ runId: string; status: string; counts: { answered: number } }>;
  expect(runs.find((r) => r.runId === 'cli-run')).toMatchObject({
    status: 'completed',
    counts: { answered: 8 },
  });

  const status = await cli('status', 'cli-run');
  expect(status.out).toContain('questions   8: answered 8, failed 0, left 0');
  expect(status.out).toContain('COMPLETED (completed)');

  const report = ReportSchema.parse(JSON.parse((await cli('report', 'cli-run', '--json')).out));
  expect(report).toMatchObject({
    runId: 'cli-run',
    status: 'completed',
    questions: { total: 8, answered: 8 },
  });
  expect((await cli('report', 'cli-run')).out).toContain('cli-run');

  const csv = parse<Record<string, string>>((await cli('export', 'cli-run', '--format', 'csv')).out, {
    columns: true,
  });
  expect(csv).toHaveLength(8);
  expect(csv.every((row) => row.run_id === 'cli-run' && row.status === 'answered')).toBe(true);
  // Rows join their questions: file names come from the manifest (batches finish in any order).
  expect(new Set(csv.map((row) => row.file))).toEqual(
    new Set(['images/shape-001.jpg', 'images/shape-002.jpg']),
  );
  const jsonl = (await cli('export', 'cli-run', '--format', 'jsonl')).out.trim().split('\n');
  expect(jsonl.map((line) => (JSON.parse(line) as { question_id: string }).question_id)).toEqual(
    csv.map((row) => row.question_id),
  );
}, 60_000);

it('run again with other settings under the same run id is refused (exit 1)', async () => {
  const { err, exitCode } = await cli(...runArgs('--max-new-tokens', '5'));
  expect(exitCode).toBe(1);
  expect(err).toContain("Run 'cli-run': the manifest hash");
}, 60_000);

it('cancel says when there is nothing to cancel', async () => {
  const { out, exitCode } = await cli('cancel', 'cli-run');
  expect(exitCode).toBe(0);
  expect(out).toContain('is not running (COMPLETED)');
});

it('names bad flags and exits 2', async () => {
  const { err, exitCode } = await cli(
    'run',
    '--dataset',
    manifest,
    '--model',
    TINY_MODEL_DIR,
    '--window',
    '0',
  );
  expect(exitCode).toBe(2);
  expect(err).toContain('--window');
});

it('reports an unknown run', async () => {
  const { err, exitCode } = await cli('report', 'no-such-run');
  expect(exitCode).toBe(1);
  expect(err).toContain("Run 'no-such-run' was not found");
});
