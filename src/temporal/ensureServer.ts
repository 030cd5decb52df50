import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TemporalServerError } from '../errors';
import { connectClient, ensureSearchAttributes, probeServer } from './client';
import { isLocalAddress, splitAddress, type TemporalConnectionConfig } from './connectionConfig';
import { spawnDevServerDetached } from './devServer';
import { ensureTemporalCli } from './temporalCli';

/** Options of {@link ensureServer}. */
export interface EnsureServerOptions {
  /** Folder for temporal.sqlite (history that survives restarts), the server log and its pid file. */
  dataDir: string;
  /** How long to wait for a freshly started server (default 60 s). */
  readyTimeoutMs?: number;
  /** Progress lines for the user (default: none). */
  log?: (line: string) => void;
}

/** What {@link ensureServer} found or did. */
export interface EnsuredServer {
  address: string;
  namespace: string;
  /** Pid of the dev server this call started; undefined when one was already running. */
  startedPid?: number;
  /** Web UI address of a server this call started. */
  uiUrl?: string;
  /** Log file of a server this call started. */
  logFile?: string;
}

/** The files the embedded dev server keeps in the data folder. */
export function devServerFiles(dataDir: string): { dbFile: string; logFile: string; pidFile: string } {
  return {
    dbFile: path.join(dataDir, 'temporal.sqlite'),
    logFile: path.join(dataDir, 'temporal-server.log'),
    pidFile: path.join(dataDir, 'temporal-server.pid'),
  };
}

/**
 * Makes sure a Temporal server answers at the configured address: uses it when it does (registering
 * the search attributes if missing), otherwise starts the embedded dev server as a detached process
 * with its database in `dataDir` (so history survives restarts) and waits until it is ready. Only a
 * local address can be served this way; a remote one that does not answer is an error.
 */
export async function ensureServer(
  config: TemporalConnectionConfig,
  options: EnsureServerOptions,
): Promise<EnsuredServer> {
  const log = options.log ?? (() => undefined);
  if (await probeServer(config)) {
    await registerSearchAttributes(config);
    return { address: config.address, namespace: config.namespace };
  }
  if (!isLocalAddress(config.address)) {
    throw new TemporalServerError(
      config.address,
      'not reachable; start it, or point --address / TEMPORAL_ADDRESS at a running server',
    );
  }
  const cliPath = ensureTemporalCli();
  const { port } = splitAddress(config.address);
  const files = devServerFiles(options.dataDir);
  const uiPort = port + 1000;
  log(`Starting the Temporal dev server on ${config.address} (history in ${files.dbFile}) ...`);
  const pid = spawnDevServerDetached(
    { cliPath, dbFile: files.dbFile, port, uiPort, namespaces: [config.namespace] },
    files.logFile,
  );
  writeFileSync(files.pidFile, `${pid}\n`);
  await waitUntilReady(config, pid, files.logFile, options.readyTimeoutMs ?? 60_000);
  await registerSearchAttributes(config);
  const uiUrl = `http://localhost:${uiPort}`;
  log(
    `Temporal dev server ready (pid ${pid}); UI at ${uiUrl}; log in ${files.logFile}. ` +
      `It keeps running after this command (history stays in ${files.dbFile}); stop it with: kill ${pid}`,
  );
  return {
    address: config.address,
    namespace: config.namespace,
    startedPid: pid,
    uiUrl,
    logFile: files.logFile,
  };
}

/**
 * Waits until a server started as process `pid` answers at the configured address; throws
 * TemporalServerError (with the end of its log) when it exits first or is not ready in time.
 */
export async function waitUntilReady(
  config: TemporalConnectionConfig,
  pid: number,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probeServer(config)) {
      return;
    }
    if (!isAlive(pid)) {
      throw new TemporalServerError(config.address, `the dev server exited at start:\n${tail(logFile)}`);
    }
    await sleep(300);
  }
  throw new TemporalServerError(
    config.address,
    `the dev server (pid ${pid}) was not ready after ${timeoutMs} ms:\n${tail(logFile)}`,
  );
}

async function registerSearchAttributes(config: TemporalConnectionConfig): Promise<void> {
  const { connection } = await connectClient(config);
  try {
    await ensureSearchAttributes(connection, config.namespace);
  } finally {
    await connection.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 15): string {
  if (!existsSync(file)) {
    return '(no log)';
  }
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
