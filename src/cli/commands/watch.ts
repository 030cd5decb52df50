import type { Command } from 'commander';
import { connectClient } from '../../temporal/client';
import { globalSettings } from '../globalOptions';
import { interruptSignal } from '../interrupt';
import { describeOutcome } from '../printOutcome';
import { watchRun } from '../watchRun';

/** `vqa-eval watch RUN`: follow a run's progress until it ends (Ctrl+C only stops watching). */
export function registerWatchCommand(program: Command): void {
  program
    .command('watch')
    .description("follow a run's progress bar until it ends; Ctrl+C stops watching, not the run")
    .argument('<run>', 'run id')
    .action(async (runId: string, _raw: unknown, command: Command) => {
      const settings = globalSettings(command);
      const interrupt = interruptSignal();
      const { client, connection } = await connectClient(settings.temporal);
      try {
        const outcome = await watchRun(client, runId, { signal: interrupt.signal });
        const described = describeOutcome(outcome, runId, undefined);
        described.lines.forEach((line) => console.log(line));
        process.exitCode = described.exitCode;
      } finally {
        interrupt.dispose();
        await connection.close();
      }
    });
}
