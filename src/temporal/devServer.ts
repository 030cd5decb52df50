import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { searchAttributeServerFlags } from './searchAttributes';

/** How to start `temporal server start-dev`. */
export interface DevServerOptions {
  /** Temporal CLI binary. */
  cliPath: string;
  /** SQLite file that keeps workflow histories across server restarts. */
  dbFile: string;
  /** Frontend gRPC port (7233 by default). */
  port: number;
  /** Web UI port (8233 by default); ignored when `headless`. */
  uiPort: number;
  /** Interface to bind (localhost by default). */
  ip?: string;
  /** Namespaces to create besides `default`. */
  namespaces?: string[];
  headless?: boolean;
}

/** The argument list for `temporal server start-dev`, search attributes included. */
export function devServerArgs(options: DevServerOptions): string[] {
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    options.dbFile,
    '--port',
    String(options.port),
    '--ip',
    options.ip ?? 'localhost',
    ...searchAttributeServerFlags(),
  ];
  args.push(...(options.headless === true ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  for (const namespace of options.namespaces ?? []) {
    if (namespace !== 'default') {
      args.push('--namespace', namespace);
    }
  }
  return args;
}

/** Starts the dev server attached to this terminal (for `vqa-eval server`). */
export function spawnDevServerForeground(options: DevServerOptions): ChildProcess {
  mkdirSync(path.dirname(options.dbFile), { recursive: true });
  return spawn(options.cliPath, devServerArgs(options), { stdio: 'inherit' });
}

/**
 * Starts the dev server as a detached background process whose output goes to `logFile`, so it keeps
 * serving (and keeps the run history) after the CLI that started it exits. Returns its pid.
 */
export function spawnDevServerDetached(options: DevServerOptions, logFile: string): number {
  mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(options.cliPath, devServerArgs(options), {
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    if (child.pid === undefined) {
      throw new Error(`could not start ${options.cliPath}`);
    }
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/**
 * Starts the dev server as a child of this process (it ends with it), output to `logFile`: for
 * tools that need a private server for their own lifetime (the orchestration benchmark).
 */
export function spawnDevServerChild(options: DevServerOptions, logFile: string): ChildProcess {
  mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const log = openSync(logFile, 'a');
  try {
    return spawn(options.cliPath, devServerArgs(options), { stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
}
