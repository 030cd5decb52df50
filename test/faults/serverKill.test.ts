import { spawnCli } from './helpers/childProcess';
import { cliRunArgs, cliWorkerArgs, useFaultEnv, waitUntil, writeFaultDataset } from './helpers/faultEnv';
import { expectRunIntact, snapshotAnswers } from './helpers/storeChecks';

/**
 * The Temporal dev server SIGKILLed in the middle of a run and started again on the same database
 * file and port: the worker process and the `run` command (both real CLI child processes) ride it
 * out, and the run completes with every answer stored once and the earlier ones unchanged.
 */

const faultEnv = useFaultEnv('server-kill');

it('SIGKILL of the Temporal server mid-run, restarted on the same database: the run completes', async () => {
  const env = faultEnv();
  const manifest = writeFaultDataset(env, 'server-kill', 16);
  const worker = spawnCli('worker', cliWorkerArgs(env));
  await worker.waitFor(/Worker\(s\) polling/, 90_000);
  const run = spawnCli(
    'run',
    cliRunArgs(env, manifest, 'server-kill', ['--no-worker', '--heartbeat-timeout', '5']),
  );
  await run.waitFor(/Started run server-kill: 64 questions/, 90_000);

  await waitUntil(
    () => env.store.counts('server-kill').answered,
    (answered) => answered >= 4,
    90_000,
  );
  const before = snapshotAnswers(env.store, 'server-kill');
  expect(before.size).toBeLessThan(64);
  await env.server.kill();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  // Both clients of the server are still alive while it is gone.
  expect(worker.running && run.running).toBe(true);
  await env.server.start();

  const exit = await run.exit(240_000);
  expect(run.output).toContain('Run server-kill completed');
  expect(run.output).toMatch(/questions\s+64 \(answered 64, failed 0\)/);
  expect(exit.code).toBe(0);
  expectRunIntact(env.store, 'server-kill', { total: 64, answered: 64, failed: 0 }, [before]);
  await worker.kill();
}, 360_000);
