import type { Command } from 'commander';
import { executeRun } from '../executeRun';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';
import { RunFlagsSchema } from '../runFlags';
import { addTuningOptions, tuningFromFlags } from '../tuningFlags';

/** `vqa-eval run`: start (or attach to) an evaluation and follow it. */
export function registerRunCommand(program: Command): void {
  addTuningOptions(
    program
      .command('run')
      .description('evaluate a model on a dataset: durable, resumable, with progress (Ctrl+C detaches)')
      .requiredOption('--dataset <path>', 'manifest file (JSONL, CSV, JSON) or a folder of images')
      .option('--questions <file>', 'questions file, when --dataset is a folder')
      .requiredOption('--model <dir>', 'model folder (docs/MODEL_FORMAT.md)')
      .option('--engine <kind>', 'inference runtime', 'onnx')
      .option('--dtype <dtype>', 'model variant: fp32, fp16, q4f16, q4, int8, uint8, quantized, bnb4', 'fp32')
      .option('--device <device>', 'cpu, cuda:N or webgpu:N (the in-process worker)', 'cpu')
      .option('--batch-size <n>', "questions per batch activity (a file's questions stay together)", '8')
      .option('--window <n>', 'batch activities in flight at once', '4')
      .option('--max-new-tokens <n>', 'generated tokens per answer, at most', '128')
      .option('--greedy', 'greedy decoding (the default)')
      .option('--temperature <t>', 'sample at this temperature instead of greedy decoding')
      .option('--top-p <p>', 'nucleus sampling threshold (with --temperature)')
      .option('--top-k <k>', 'sample among the k most likely tokens (with --temperature; 0 = all)')
      .option('--seed <n>', 'sampling seed; each question draws from (seed, question id)')
      .option('--run-id <id>', 'run id (default: derived from the dataset, model and settings)')
      .option('--no-worker', 'start no in-process worker (run `vqa-eval worker` elsewhere)')
      .option('--force', 'continue a stored run although its dataset, model or settings changed'),
  ).action(async (raw: Record<string, unknown>, command: Command) => {
    const flags = parseFlags('run', RunFlagsSchema, raw);
    const settings = globalSettings(command);
    const tuning = tuningFromFlags(flags);
    const executed = await executeRun({
      flags,
      settings,
      log: (line) => console.log(line),
      ...(tuning === undefined ? {} : { tuning }),
    });
    process.exitCode = executed.exitCode;
  });
}
