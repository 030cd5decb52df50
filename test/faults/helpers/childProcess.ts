import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * Child processes of the fault tests: the real CLI (TypeScript sources compiled on load, see
 * cliEntry.js) or a test worker entry, with their output collected so a test can wait for a line,
 * and SIGKILL them at the moment it chooses. Every child is remembered so `killAllChildren` can
 * clean up after a failed test.
 */

const HELPERS = __dirname;
const live = new Set<ChildProcess>();

/** How a child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running child with its collected output. */
export class Child {
  private text = '';
  private readonly waiters: Array<() => void> = [];
  /** Settles when the process has exited. */
  readonly exited: Promise<ChildExit>;

  constructor(
    readonly name: string,
    private readonly process: ChildProcess,
  ) {
    live.add(process);
    const collect = (chunk: Buffer): void => {
      this.text += chunk.toString('utf8');
      this.waiters.splice(0).forEach((wake) => wake());
    };
    process.stdout?.on('data', collect);
    process.stderr?.on('data', collect);
    this.exited = new Promise((resolve) =>
      process.once('exit', (code, signal) => {
        live.delete(process);
        this.waiters.splice(0).forEach((wake) => wake());
        resolve({ code, signal });
      }),
    );
  }

  /** The process id. */
  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** Everything the child wrote to stdout and stderr so far. */
  get output(): string {
    return this.text;
  }

  /** True until the process exits. */
  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /**
   * Waits until the output (from `from` on) matches `pattern`; returns the match and where it ends.
   * Rejects when the child exits first or after `timeoutMs`, quoting the output.
   */
  async waitFor(
    pattern: RegExp,
    timeoutMs: number,
    from = 0,
  ): Promise<{ match: RegExpExecArray; end: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(this.text.slice(from));
      if (match !== null) {
        return { match, end: from + match.index + match[0].length };
      }
      if (!this.running) {
        throw new Error(`${this.name} exited before printing ${pattern}:\n${this.text}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms:\n${this.text}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends SIGKILL (no shutdown, no cleanup, as a crash) and waits until the process is gone. */
  async kill(): Promise<ChildExit> {
    if (this.running) {
      this.process.kill('SIGKILL');
    }
    return this.exited;
  }

  /** Waits for the exit, failing after `timeoutMs` with the output. */
  async exit(timeoutMs: number): Promise<ChildExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name} still running after ${timeoutMs} ms:\n${this.text}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Starts a node script with arguments; output is collected, stdin closed. */
function spawnNode(name: string, script: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  return new Child(name, child);
}

/** `vqa-eval <args>` from the TypeScript sources, in a child process. */
export function spawnCli(name: string, args: string[]): Child {
  return spawnNode(name, path.join(HELPERS, 'cliEntry.js'), args);
}

/** Options of a paced worker process (see pacedWorker.ts). */
export interface PacedWorkerOptions {
  address: string;
  dataDir: string;
  /** Milliseconds each batch is held (after `batch-start`, before inference). */
  holdMs: number;
  /** Also run workflows and light activities (default false: inference only). */
  light?: boolean;
}

/** A worker process whose batches last at least `holdMs`, printing `batch-start`/`batch-done` lines. */
export function spawnPacedWorker(name: string, options: PacedWorkerOptions): Child {
  return spawnNode(name, path.join(HELPERS, 'workerEntry.js'), [JSON.stringify(options)]);
}

/** SIGKILLs every child still running (after a failed test). */
export async function killAllChildren(): Promise<void> {
  const exits = [...live].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
}
