import { readFileSync, writeFileSync } from 'node:fs';
import { evaluationWorkflowId } from '../../src/temporal/names';
import { spawnCli } from './helpers/childProcess';
import {
  cliGlobals,
  cliRunArgs,
  cliWorkerArgs,
  useFaultEnv,
  waitUntil,
  writeFaultDataset,
} from './helpers/faultEnv';
import { expectRunIntact, snapshotAnswers } from './helpers/storeChecks';

/**
 * A run's workflow terminated mid-run, then `vqa-eval resume`: refused while the dataset differs from
 * the stored run's, then a new execution that re-plans from the store and answers only what is
 * missing, served by a different set of workers (two worker processes instead of the original
 * in-process one, window 2 instead of 1).
 */

const faultEnv = useFaultEnv('terminate-resume');

/** The process id in a worker identity (`vqa-eval-inference@host/pid-123/cpu`). */
function pidOf(identity: string): number {
  return Number(/\/pid-(\d+)\//.exec(identity)?.[1] ?? -1);
}

it('terminate the workflow, then resume: refused on changed inputs, then completed by other workers', async () => {
  const env = faultEnv();
  const manifest = writeFaultDataset(env, 'terminated', 12);
  const run = spawnCli('run', cliRunArgs(env, manifest, 'terminated'));
  await run.waitFor(/Started run terminated: 48 questions/, 90_000);
  await waitUntil(
    () => env.store.counts('terminated').answered,
    (answered) => answered >= 8,
    90_000,
  );
  const beforeTerminate = snapshotAnswers(env.store, 'terminated');
  await env.client.workflow.getHandle(evaluationWorkflowId('terminated')).terminate('simulated crash');
  const runExit = await run.exit(60_000);
  expect(run.output).toContain('Run terminated terminated: simulated crash');
  expect(runExit.code).toBe(1);
  // The original process and its worker are gone: what is stored now stays as it is.
  const afterTerminate = snapshotAnswers(env.store, 'terminated');
  expect(afterTerminate.size).toBeLessThan(48);
  const originalPids = new Set([...afterTerminate.values()].map((row) => pidOf(row.workerIdentity)));

  // A changed question: the manifest hash differs from the stored run's, so resume refuses.
  const original = readFileSync(manifest, 'utf8');
  writeFileSync(manifest, original.replace('"question":"', '"question":"Really, '));
  const refused = spawnCli('resume refused', [...cliGlobals(env), 'resume', 'terminated', '--no-worker']);
  expect((await refused.exit(90_000)).code).toBe(1);
  expect(refused.output).toContain("Run 'terminated': the dataset (image files or questions");
  expect(refused.output).toContain('--force');
  writeFileSync(manifest, original);

  // Resumed with other workers: two worker processes, one of them inference only.
  const workers = [
    spawnCli('worker 1', cliWorkerArgs(env)),
    spawnCli('worker 2', cliWorkerArgs(env, ['--no-light'])),
  ];
  await Promise.all(workers.map((worker) => worker.waitFor(/Worker\(s\) polling/, 90_000)));
  const resume = spawnCli('resume', [
    ...cliGlobals(env),
    'resume',
    'terminated',
    '--no-worker',
    '--window',
    '2',
    '--heartbeat-timeout',
    '5',
  ]);
  const resumeExit = await resume.exit(240_000);
  expect(resume.output).toMatch(
    /Resuming run terminated \(its workflow is TERMINATED\): \d+ of 48 questions answered/,
  );
  expect(resume.output).toContain('Run terminated completed');
  expect(resume.output).toMatch(/questions\s+48 \(answered 48, failed 0\)/);
  expect(resumeExit.code).toBe(0);
  expectRunIntact(env.store, 'terminated', { total: 48, answered: 48, failed: 0 }, [
    beforeTerminate,
    afterTerminate,
  ]);

  // Only the missing questions were answered, and by the new worker processes.
  const resumedRows = env.store.answers('terminated').filter((row) => !afterTerminate.has(row.questionId));
  expect(resumedRows).toHaveLength(48 - afterTerminate.size);
  const resumedPids = new Set(resumedRows.map((row) => pidOf(row.workerIdentity)));
  expect([...resumedPids].every((pid) => workers.some((worker) => worker.pid === pid))).toBe(true);
  expect([...resumedPids].some((pid) => originalPids.has(pid))).toBe(false);
  // Both new processes took batches (window 2, one batch at a time each).
  expect(resumedPids.size).toBe(2);
  await Promise.all(workers.map((worker) => worker.kill()));
}, 420_000);
