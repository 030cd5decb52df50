import type { Command } from 'commander';
import { z } from 'zod';
import { loadDataset } from '../../dataset/loadDataset';
import { createEngine } from '../../engine/createEngine';
import { DtypeSchema } from '../../engine/onnx/qwen2_5_vl/dtype';
import type { VqaEngine } from '../../engine/types';
import { TemporalServerError } from '../../errors';
import { resultsDatabaseFile } from '../../store/paths';
import { openResultStore } from '../../store/sqliteStore';
import { probeServer } from '../../temporal/client';
import { startWorkers } from '../../worker/startWorkers';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';
import { installWorkerRuntime } from '../workerRuntime';

const WorkerFlagsSchema = z
  .object({
    model: z.string().min(1).optional(),
    device: z.string().min(1).default('cpu'),
    dtype: DtypeSchema.default('fp32'),
    concurrency: z.coerce.number().int().min(1).max(64).default(1),
    light: z.boolean().default(true),
    lightOnly: z.boolean().default(false),
  })
  .strict()
  .refine((flags) => flags.lightOnly || flags.model !== undefined, {
    path: ['model'],
    message: 'an inference worker needs --model DIR (or pass --light-only)',
  })
  .refine((flags) => !(flags.lightOnly && !flags.light), {
    path: ['lightOnly'],
    message: '--light-only and --no-light exclude each other',
  });

/** `vqa-eval worker`: a worker process pinned to one device, holding one loaded model. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'serve runs: load the model once and run batch activities on the inference task queue, plus ' +
        'the workflows and light activities (plan, aggregate) unless --no-light; Ctrl+C shuts down gracefully',
    )
    .option('--model <dir>', 'model folder (docs/MODEL_FORMAT.md)')
    .option('--device <device>', 'cpu, cuda:N or webgpu:N', 'cpu')
    .option('--dtype <dtype>', 'model variant (fp32, fp16, q4f16, ...)', 'fp32')
    .option('--concurrency <n>', 'batch activities at once (what the engine can run side by side)', '1')
    .option('--no-light', 'serve only batch activities (another process runs workflows, plan and aggregate)')
    .option('--light-only', 'serve only workflows and light activities (no model)')
    .action(async (raw: unknown, command: Command) => {
      const flags = parseFlags('worker', WorkerFlagsSchema, raw);
      const settings = globalSettings(command);
      if (!(await probeServer(settings.temporal))) {
        throw new TemporalServerError(
          settings.temporal.address,
          `not reachable (namespace ${settings.temporal.namespace}); start one with \`vqa-eval server\``,
        );
      }
      installWorkerRuntime('WARN');
      const store = openResultStore(resultsDatabaseFile(settings.dataDir));
      let engine: VqaEngine | undefined;
      try {
        if (!flags.lightOnly && flags.model !== undefined) {
          console.log(`Loading model ${flags.model} on ${flags.device} (${flags.dtype}) ...`);
          engine = await createEngine({
            kind: 'onnx',
            modelDir: flags.model,
            device: flags.device,
            dtype: flags.dtype,
          });
        }
        const workers = await startWorkers({
          connection: settings.temporal,
          store,
          dataDir: settings.dataDir,
          loadDataset,
          light: flags.light,
          ...(engine === undefined ? {} : { inference: { engine, concurrency: flags.concurrency } }),
        });
        console.log(`Worker(s) polling ${settings.temporal.address}:\n  ${workers.identities.join('\n  ')}`);
        const stop = (name: NodeJS.Signals): void => {
          console.log(`${name}: shutting down (in-flight batches are cancelled and retried elsewhere) ...`);
          void workers.shutdown().catch(() => undefined);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await workers.finished;
        console.log('Workers stopped.');
      } finally {
        await engine?.dispose();
        store.close();
      }
    });
}
