import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { probeServer } from '../../../src/temporal/client';
import { devServerArgs } from '../../../src/temporal/devServer';
import { findTemporalCli } from '../../../src/temporal/temporalCli';

/**
 * A Temporal dev server (the installed CLI, never a download) as a child process that a test can
 * SIGKILL and start again on the same database file and port: the history survives, as it does for
 * `vqa-eval server`. Its output goes to `<dbFile>.log`.
 */
export class DevServerProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly dbFile: string,
    readonly port: number,
  ) {}

  /** `localhost:<port>`. */
  get address(): string {
    return `localhost:${this.port}`;
  }

  /** Starts the server and waits until it answers (search attributes registered by the flags). */
  async start(timeoutMs = 60_000): Promise<void> {
    const cli = findTemporalCli();
    if (cli === undefined) {
      throw new Error('Temporal CLI missing: run scripts/install-temporal-cli.sh or set TEMPORAL_CLI_PATH');
    }
    const logFile = `${this.dbFile}.log`;
    const log = openSync(logFile, 'a');
    try {
      this.child = spawn(
        cli,
        devServerArgs({ cliPath: cli, dbFile: this.dbFile, port: this.port, uiPort: 0, headless: true }),
        { stdio: ['ignore', log, log], cwd: path.dirname(this.dbFile) },
      );
    } finally {
      closeSync(log);
    }
    const deadline = Date.now() + timeoutMs;
    const config = { address: this.address, namespace: 'default' };
    while (!(await probeServer(config, 1_000))) {
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`dev server on ${this.address} did not start:\n${readFileSync(logFile, 'utf8')}`);
      }
      await sleep(250);
    }
  }

  /** SIGKILLs the server (a crash: no shutdown) and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}
