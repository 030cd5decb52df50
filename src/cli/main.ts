#!/usr/bin/env node
import { Command } from 'commander';
import { VqaEvalError } from '../errors';
import { registerAskCommand } from './commands/ask';
import { registerCancelCommand } from './commands/cancel';
import { registerDemoCommand } from './commands/demo';
import { registerExportCommand } from './commands/export';
import { registerListCommand } from './commands/list';
import { registerPauseCommands } from './commands/pause';
import { registerReportCommand } from './commands/report';
import { registerResumeCommand } from './commands/resume';
import { registerRunCommand } from './commands/run';
import { registerServerCommand } from './commands/server';
import { registerStatusCommand } from './commands/status';
import { registerWatchCommand } from './commands/watch';
import { registerWorkerCommand } from './commands/worker';
import { addGlobalOptions } from './globalOptions';

/** The `vqa-eval` program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('vqa-eval')
    .description(
      'Durable, fast evaluation of Qwen2.5-VL on (image, question) datasets, orchestrated by Temporal',
    )
    .showHelpAfterError();
  addGlobalOptions(program);
  registerDemoCommand(program);
  registerRunCommand(program);
  registerResumeCommand(program);
  registerWorkerCommand(program);
  registerServerCommand(program);
  registerStatusCommand(program);
  registerWatchCommand(program);
  registerListCommand(program);
  registerReportCommand(program);
  registerExportCommand(program);
  registerPauseCommands(program);
  registerCancelCommand(program);
  registerAskCommand(program);
  return program;
}

/** Runs the CLI; errors of this project print their message (no stack) and set the exit status. */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof VqaEvalError) {
      console.error(`error: ${error.message}`);
      process.exitCode = error.code === 'INVALID_INPUT' ? 2 : 1;
      return;
    }
    throw error;
  }
}

if (require.main === module) {
  // `vqa-eval export RUN --format csv | head`: a closed pipe ends the output, not with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      process.exit(0);
    }
    throw error;
  });
  // Exit when the command is done, even if a library left a handle open (a closed native runtime, a timer).
  main().then(
    () => process.exit(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
