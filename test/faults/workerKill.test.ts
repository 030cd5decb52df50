import { SeededRandom } from '../../src/dataset/sample/seededRandom';
import { spawnPacedWorker } from './helpers/childProcess';
import { createFaultEnv, startFaultRun, type FaultEnv } from './helpers/faultEnv';
import { expectRunIntact, snapshotAnswers, type AnswerSnapshot } from './helpers/storeChecks';

/**
 * Worker processes SIGKILLed while they hold a batch: the batch runs again on another worker after
 * the heartbeat timeout, every answer stored before the kill stays as it was, and no question is
 * answered twice. The workflows and light activities run in this process; the batches run in real
 * worker child processes (the real worker wiring and tiny model; see helpers/pacedWorker.ts).
 */

let env: FaultEnv;

beforeAll(async () => {
  env = await createFaultEnv('worker-kill');
  await env.startLightWorker();
}, 120_000);

afterAll(async () => {
  await env?.teardown();
}, 60_000);

/** The batches (question ids) a worker started and never finished, from its output. */
function unfinishedBatches(output: string): string[][] {
  const done = new Set([...output.matchAll(/^batch-done (\S+)$/gm)].map((m) => m[1]));
  return [...output.matchAll(/^batch-start (\S+)$/gm)]
    .map((m) => m[1] ?? '')
    .filter((ids) => !done.has(ids))
    .map((ids) => ids.split(','));
}

/** The question ids of the batch a worker announced with `batch-start`. */
function batchIds(line: RegExpExecArray): string[] {
  return (line[1] ?? '').split(',');
}

it('SIGKILL of a worker process in the middle of a batch: a new worker finishes the run', async () => {
  const workerA = spawnPacedWorker('worker A', {
    address: env.server.address,
    dataDir: env.dataDir,
    holdMs: 1_500,
  });
  await workerA.waitFor(/^ready/m, 60_000);
  const { handle, totalQuestions } = await startFaultRun(env, 'kill-mid-batch', {
    images: 3,
    batchSize: 4,
    window: 1,
    maxNewTokens: 4,
  });
  expect(totalQuestions).toBe(12);

  // Let one batch finish (its answers are stored), then kill A while it holds the next one.
  const firstDone = await workerA.waitFor(/^batch-done (\S+)$/m, 60_000);
  const inFlight = await workerA.waitFor(/^batch-start (\S+)$/m, 60_000, firstDone.end);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = snapshotAnswers(env.store, 'kill-mid-batch');
  expect(before.size).toBeGreaterThanOrEqual(4);
  const killed = await workerA.kill();
  expect(killed.signal).toBe('SIGKILL');
  const lostIds = batchIds(inFlight.match);
  expect(lostIds.every((id) => !before.has(id))).toBe(true);

  const workerB = spawnPacedWorker('worker B', {
    address: env.server.address,
    dataDir: env.dataDir,
    holdMs: 200,
  });
  const result = await handle.result();
  expect(result.headline).toMatchObject({ totalQuestions: 12, answered: 12, failed: 0 });
  expectRunIntact(env.store, 'kill-mid-batch', { total: 12, answered: 12, failed: 0 }, [before]);

  // The lost batch was answered by B, on a later attempt than the one A died in.
  const rows = new Map(env.store.answers('kill-mid-batch').map((row) => [row.questionId, row]));
  for (const id of lostIds) {
    expect(rows.get(id)?.workerIdentity).toContain(`pid-${workerB.pid}`);
    expect(rows.get(id)?.attempt).toBeGreaterThanOrEqual(2);
  }
  expect(workerA.output).not.toContain(`batch-done ${lostIds.join(',')}`);
  await workerB.kill();
}, 240_000);

it('two workers, one SIGKILLed again and again at seeded random moments: the run still completes', async () => {
  const random = new SeededRandom(20_240_611);
  const kills = 3;
  const workerA = spawnPacedWorker('worker A', {
    address: env.server.address,
    dataDir: env.dataDir,
    holdMs: 1_200,
  });
  await workerA.waitFor(/^ready/m, 60_000);
  const { handle, totalQuestions } = await startFaultRun(env, 'random-kills', {
    images: 16,
    batchSize: 4,
    window: 2,
    maxNewTokens: 4,
  });
  expect(totalQuestions).toBe(64);
  const closed = handle.result();
  const runEnded = closed.then(
    () => undefined,
    () => undefined,
  );

  const snapshots: AnswerSnapshot[] = [];
  const killedAfterMs: number[] = [];
  const lost: Array<{ ids: string[]; pid: number }> = [];
  for (let i = 0; i < kills; i++) {
    const victim = spawnPacedWorker(`worker B${i + 1}`, {
      address: env.server.address,
      dataDir: env.dataDir,
      holdMs: 1_200,
    });
    // The moment: a seeded random delay after the victim takes its next batch (or the run ends first).
    const working = await Promise.race([victim.waitFor(/^batch-start/m, 90_000).then(() => true), runEnded]);
    if (working !== true) {
      await victim.kill();
      break;
    }
    const delayMs = random.int(0, 1_800);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    snapshots.push(snapshotAnswers(env.store, 'random-kills'));
    await victim.kill();
    killedAfterMs.push(delayMs);
    lost.push(...unfinishedBatches(victim.output).map((ids) => ({ ids, pid: victim.pid })));
  }
  // A last, healthy second worker helps finish.
  const last = spawnPacedWorker('worker B-last', {
    address: env.server.address,
    dataDir: env.dataDir,
    holdMs: 1_200,
  });

  const result = await closed;
  expect(result.headline).toMatchObject({ totalQuestions: 64, answered: 64, failed: 0 });
  expect(killedAfterMs.length).toBeGreaterThan(0);
  expect(killedAfterMs.length).toBeLessThanOrEqual(kills);
  expectRunIntact(env.store, 'random-kills', { total: 64, answered: 64, failed: 0 }, snapshots);
  // Batches a victim held when it died were answered by another worker.
  const rows = new Map(env.store.answers('random-kills').map((row) => [row.questionId, row]));
  for (const batch of lost) {
    for (const id of batch.ids) {
      expect(rows.get(id)?.workerIdentity).not.toContain(`pid-${batch.pid}`);
    }
  }
  console.log(
    `random kills ${killedAfterMs.map((ms) => `${ms} ms`).join(', ')} into a batch; ` +
      `batches lost with them and redone elsewhere: ${lost.length}`,
  );
  await Promise.all([workerA.kill(), last.kill()]);
}, 300_000);
