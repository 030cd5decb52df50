import type { Command } from 'commander';
import { globalSettings } from '../globalOptions';
import { parseFlags } from '../parseFlags';
import { ResumeFlagsSchema } from '../resumeFlags';
import { resumeRun } from '../resumeRun';
import { addTuningOptions } from '../tuningFlags';

/** `vqa-eval resume RUN`: reattach to a run, or restart one whose workflow ended early, from the store. */
export function registerResumeCommand(program: Command): void {
  addTuningOptions(
    program
      .command('resume')
      .description(
        'continue a run: reattach while its workflow is going; when it was terminated, timed out, failed ' +
          'or cancelled, start a new execution that answers only what the store lacks. Refused when the ' +
          'dataset or model files changed since the run was stored (unless --force)',
      )
      .argument('<run>', 'run id')
      .option('--model <dir>', "model folder (default: the run's)")
      .option('--dtype <dtype>', 'model variant of the in-process worker', 'fp32')
      .option('--device <device>', 'cpu, cuda:N or webgpu:N (the in-process worker)', 'cpu')
      .option('--batch-size <n>', "questions per batch activity (default: the run's)")
      .option('--window <n>', "batch activities in flight at once (default: the run's)")
      .option('--no-worker', 'start no in-process worker (run `vqa-eval worker` elsewhere)')
      .option('--force', 'continue although the dataset or model files changed since the run was stored'),
  ).action(async (runId: string, raw: Record<string, unknown>, command: Command) => {
    const flags = parseFlags('resume', ResumeFlagsSchema, raw);
    const settings = globalSettings(command);
    const resumed = await resumeRun({ runId, flags, settings, log: (line) => console.log(line) });
    process.exitCode = resumed.exitCode;
  });
}
