import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { executeRun } from '../executeRun';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';
import { RunFlagsSchema } from '../runFlags';

/** The repository root: this file is in src/cli/commands or dist/cli/commands. */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Demo defaults, chosen so the whole bundled sample (178 images x 4 questions = 712) finishes in a
 * few minutes on 2 CPU cores with the tiny model: 16 new tokens per answer (the tiny model has random
 * weights and rarely stops early, so every answer costs the full budget).
 */
const DEMO_DEFAULTS = {
  dataset: path.join(PROJECT_ROOT, 'samples', 'shapes', 'manifest.jsonl'),
  model: path.join(PROJECT_ROOT, 'models', 'tiny-qwen2.5-vl'),
  maxNewTokens: '16',
  batchSize: '8',
  window: '2',
};

const DemoFlagsSchema = z
  .object({
    dataset: z.string().min(1),
    model: z.string().min(1),
    device: z.string().min(1),
    maxNewTokens: z.string(),
    batchSize: z.string(),
    window: z.string(),
    runId: z.string().optional(),
  })
  .strict();

/** `vqa-eval demo`: Temporal + a worker + a run of the tiny model on the bundled sample, then its report. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'see it work: starts the Temporal dev server if needed, an in-process worker, and a run of the tiny ' +
        'model on the bundled shapes sample (712 questions), then prints the report',
    )
    .option('--dataset <path>', 'manifest', DEMO_DEFAULTS.dataset)
    .option('--model <dir>', 'model folder', DEMO_DEFAULTS.model)
    .option('--device <device>', 'cpu, cuda:N or webgpu:N', 'cpu')
    .option(
      '--max-new-tokens <n>',
      'generated tokens per answer (demo default keeps it to minutes)',
      DEMO_DEFAULTS.maxNewTokens,
    )
    .option('--batch-size <n>', 'questions per batch', DEMO_DEFAULTS.batchSize)
    .option('--window <n>', 'batches in flight', DEMO_DEFAULTS.window)
    .option(
      '--run-id <id>',
      'run id (default: derived from inputs, so a second demo reuses the stored answers)',
    )
    .action(async (raw: unknown, command: Command) => {
      const demo = parseFlags('demo', DemoFlagsSchema, raw);
      const flags = parseFlags('demo', RunFlagsSchema, { ...demo });
      const settings = globalSettings(command);
      console.log(
        `vqa-eval demo: ${flags.dataset} with ` +
          `${path.basename(flags.model)}, max ${flags.maxNewTokens} new tokens per answer, batch size ` +
          `${flags.batchSize}, window ${flags.window} (demo defaults: a few minutes on 2 CPU cores; ` +
          'the tiny model has random weights, so its answers are noise and accuracy is near zero). ' +
          `Data in ${settings.dataDir}.`,
      );
      const executed = await executeRun({ flags, settings, log: (line) => console.log(line) });
      process.exitCode = executed.exitCode;
      if (executed.outcome.kind === 'completed') {
        console.log(`\n${readFileSync(executed.outcome.result.headline.reportMarkdownPath, 'utf8')}`);
      }
    });
}
