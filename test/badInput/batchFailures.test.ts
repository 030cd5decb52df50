import path from 'node:path';
import { ReportSchema } from '../../src/schemas/report';
import { runCli } from '../cli/helpers/runCli';
import { TINY_MODEL_DIR, tempDir, useTestWorkers, writeShapesSubset } from '../workflows/harness';

/**
 * Batches that fail, through the user's path: `vqa-eval run --no-worker` starts and follows the run,
 * `vqa-eval report` shows it; the worker (in this process) holds the real tiny engine behind the
 * harness's fault-injecting TEST DOUBLE (`withInjectedFaults`), because a healthy tiny model never
 * runs out of memory and never fails a question on every attempt.
 */

const dataDir = tempDir('bad-batches');
const testWorkers = useTestWorkers(dataDir, { injectFaults: true });

const cli = (...args: string[]) =>
  runCli(['--address', testWorkers.env.address, '--data-dir', dataDir], ...args);

async function run(runId: string, idPrefix: string, images: number) {
  const manifest = writeShapesSubset(path.join(dataDir, 'datasets', runId), { images, idPrefix });
  return cli(
    'run',
    '--dataset',
    manifest,
    '--model',
    TINY_MODEL_DIR,
    '--no-worker',
    '--run-id',
    runId,
    '--max-new-tokens',
    '2',
    '--batch-size',
    '8',
    '--batch-attempts',
    '2',
  );
}

it('an allocation failure in a batch: the batch is split and the halves retried until every question is answered', async () => {
  // The double throws AllocationError for any batch of more than one `oom-` question.
  const { out, exitCode } = await run('oom', 'oom-', 2);
  expect(exitCode).toBe(0);
  expect(out).toMatch(/questions\s+8 \(answered 8, failed 0\)/);
  const batchIds = testWorkers.store.answers('oom').map((row) => row.batchId);
  // 8 -> 4 + 4 -> 2 + 2 + 2 + 2 -> 1 x 8: each answer came from a single-question half of a half of a half.
  expect(new Set(batchIds).size).toBe(8);
  expect(batchIds.every((id) => /^e1-b0001(\.[12]){3}$/.test(id))).toBe(true);
}, 90_000);

it('a question that fails on every attempt is quarantined; the run completes and the report gives the reason', async () => {
  // The double throws for every batch holding `poison-shape-001-count`.
  const { out, exitCode } = await run('poison', 'poison-', 1);
  expect(exitCode).toBe(0);
  expect(out).toMatch(/questions\s+4 \(answered 3, failed 1\)/);

  const report = ReportSchema.parse(JSON.parse((await cli('report', 'poison', '--json')).out));
  expect(report.status).toBe('completed');
  expect(report.failures).toEqual([
    {
      questionId: 'poison-shape-001-count',
      code: 'INTERNAL',
      message:
        'simulated engine crash on poison-shape-001-count (quarantined: failed on all 2 attempts at batch size 1)',
      attempts: 1,
    },
  ]);
  const markdown = (await cli('report', 'poison')).out;
  expect(markdown).toContain('poison-shape-001-count');
  expect(markdown).toContain('quarantined: failed on all 2 attempts');
}, 90_000);
