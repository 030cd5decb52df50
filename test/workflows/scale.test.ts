import path from 'node:path';
import { writeSyntheticDataset } from '../../src/bench/orchestrationBench';
import { startOrAttachRun } from '../../src/cli/startRun';
import { chainHistoryLengths } from '../../src/temporal/executionHistories';
import { evaluationWorkflowId } from '../../src/temporal/names';
import type { evaluationWorkflow } from '../../src/workflows/evaluationWorkflow';
import { FAST_TUNING, specFor, tempDir, useTestWorkers } from './harness';

/**
 * Scale: a generated 1,000-question run (the bundled images copied under 250 names, max-new-tokens 1,
 * real tiny model) completes through continue-as-new, and every execution's history stays under a
 * bound set by the batches per execution, not by the run's size. The 10,000-question run of the same
 * shape is in `npm run bench:orchestration -- --scale` (10,000 real inferences take too long for CI).
 */

const QUESTIONS = 1_000;
const BATCHES_PER_EXECUTION = 25;
/**
 * Per batch at most 7 events (its activity scheduled/started/completed and one workflow task's
 * scheduled/started/completed, plus slack); per execution 40 more (start, plan, continue-as-new).
 */
const HISTORY_BOUND = BATCHES_PER_EXECUTION * 7 + 40;

const dataDir = tempDir('scale');
const testWorkers = useTestWorkers(dataDir, { injectFaults: false });

it(`${QUESTIONS} questions: completes through continue-as-new with every history under ${HISTORY_BOUND} events`, async () => {
  const started = Date.now();
  const manifest = writeSyntheticDataset(path.join(dataDir, 'dataset'), QUESTIONS);
  const { spec, totalQuestions } = await specFor(manifest, testWorkers.engine.info, {
    runId: 'scale-1k',
    batchSize: 8,
    window: 4,
    maxNewTokens: 1,
  });
  expect(totalQuestions).toBe(QUESTIONS);
  await startOrAttachRun(testWorkers.env.client, testWorkers.store, spec, totalQuestions, {
    tuning: { ...FAST_TUNING, continueAsNewAfterBatches: BATCHES_PER_EXECUTION },
  });
  const handle = testWorkers.env.client.workflow.getHandle<typeof evaluationWorkflow>(
    evaluationWorkflowId('scale-1k'),
  );
  const result = await handle.result();

  // 1,000 questions in batches of 8 (two files of 4) = 125 batches = 5 executions of 25.
  expect(result.headline).toMatchObject({ totalQuestions: QUESTIONS, answered: QUESTIONS, failed: 0 });
  expect(result.executions).toBe(Math.ceil(QUESTIONS / 8 / BATCHES_PER_EXECUTION));
  const chain = await chainHistoryLengths(testWorkers.env.client, handle.workflowId);
  expect(chain).toHaveLength(result.executions);
  for (const execution of chain) {
    expect(execution.events).toBeLessThan(HISTORY_BOUND);
  }
  expect(testWorkers.store.counts('scale-1k')).toEqual({ answered: QUESTIONS, failed: 0 });
  console.log(
    `${QUESTIONS} questions in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `${chain.length} executions, history lengths ${chain.map((e) => e.events).join('/')} (bound ${HISTORY_BOUND})`,
  );
}, 240_000);
