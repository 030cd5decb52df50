import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import {
  DefaultLogger,
  Runtime,
  Worker,
  bundleWorkflowCode,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { workflowsPath } from '../../src/worker/workflowsPath';
import { readHistoryFixture } from './historyFixture';

/**
 * Determinism: histories recorded from real runs (test/fixtures/histories, written by the end-to-end
 * tests with RECORD_HISTORY=1) must replay against today's workflow code without a nondeterminism
 * error. A change to the workflow that would break running executions fails here; guard such a
 * change with `patched()`.
 */
const HISTORIES = path.resolve(__dirname, '..', 'fixtures', 'histories');
const files = readdirSync(HISTORIES).filter((name) => name.endsWith('.json'));
const noop = (): void => undefined;
const quiet = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  if (Runtime._instance === undefined) {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  }
  bundle = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quiet });
}, 60_000);

it('has recorded histories to replay', () => {
  expect(files).toEqual(expect.arrayContaining(['evaluation-run.json', 'evaluation-continue-as-new.json']));
});

it.each(files)(
  'replays %s deterministically',
  async (file) => {
    const history = readHistoryFixture(path.join(HISTORIES, file));
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle }, history, `replay-${file}`),
    ).resolves.toBeUndefined();
  },
  60_000,
);

it('fails on a workflow whose commands differ from the recorded ones', async () => {
  const changed = await bundleWorkflowCode({
    workflowsPath: require.resolve('./changedWorkflow'),
    logger: quiet,
  });
  const history = readHistoryFixture(path.join(HISTORIES, 'evaluation-run.json'));
  await expect(
    Worker.runReplayHistory({ workflowBundle: changed }, history, 'replay-changed'),
  ).rejects.toThrow(DeterminismViolationError);
}, 60_000);
