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
 * The CLI process that started a run (`run --no-worker`, served by a separate `worker` process)
 * SIGKILLed mid-run: the run goes on in Temporal, and `vqa-eval watch RUN` follows it to the end.
 */

const faultEnv = useFaultEnv('cli-kill');

it('SIGKILL of the CLI that started the run: the run goes on, and `watch` follows it to the end', async () => {
  const env = faultEnv();
  const manifest = writeFaultDataset(env, 'cli-kill', 12);
  const worker = spawnCli('worker', cliWorkerArgs(env));
  await worker.waitFor(/Worker\(s\) polling/, 90_000);
  const run = spawnCli('run', cliRunArgs(env, manifest, 'cli-kill', ['--no-worker']));
  await run.waitFor(/Started run cli-kill: 48 questions/, 90_000);
  await waitUntil(
    () => env.store.counts('cli-kill').answered,
    (answered) => answered >= 4,
    90_000,
  );
  const before = snapshotAnswers(env.store, 'cli-kill');
  expect(before.size).toBeLessThan(48);
  expect((await run.kill()).signal).toBe('SIGKILL');

  const watch = spawnCli('watch', [...cliGlobals(env), 'watch', 'cli-kill']);
  const exit = await watch.exit(240_000);
  expect(watch.output).toContain('Run cli-kill completed');
  expect(watch.output).toMatch(/questions\s+48 \(answered 48, failed 0\)/);
  expect(exit.code).toBe(0);
  expectRunIntact(env.store, 'cli-kill', { total: 48, answered: 48, failed: 0 }, [before]);
  await worker.kill();
}, 360_000);
