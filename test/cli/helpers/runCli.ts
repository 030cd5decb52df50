import { main } from '../../../src/cli/main';

/** What one in-process CLI call printed, and its exit status. */
export interface CliResult {
  out: string;
  err: string;
  exitCode: number;
}

/**
 * Runs `vqa-eval <globals> <args>` in this process (as the installed binary would, minus the process
 * exit) and returns what it printed on stdout/stderr and its exit status.
 */
export async function runCli(globals: string[], ...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest
    .spyOn(console, 'log')
    .mockImplementation((...parts: unknown[]) => void out.push(`${parts.join(' ')}\n`));
  const error = jest
    .spyOn(console, 'error')
    .mockImplementation((...parts: unknown[]) => void err.push(`${parts.join(' ')}\n`));
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const stderrWrite = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  try {
    process.exitCode = undefined;
    await main(['node', 'vqa-eval', ...globals, ...args]);
    return { out: out.join(''), err: err.join(''), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = undefined;
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
    stderrWrite.mockRestore();
  }
}
