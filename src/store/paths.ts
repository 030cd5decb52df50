import path from 'node:path';

/** Environment variable that moves the data folder (results store, run folders). */
export const DATA_DIR_ENV = 'VQA_EVAL_DATA_DIR';

/** File name of the results database inside the data folder. */
export const RESULTS_DB_NAME = 'results.sqlite';

/**
 * The data folder, absolute: `$VQA_EVAL_DATA_DIR` when set, else `<project>/data`. The project root is
 * two levels above this file both in `src/store/` and in `dist/store/`.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return path.resolve(fromEnv);
  return path.resolve(__dirname, '..', '..', 'data');
}

/** The results database file: `<dataDir>/results.sqlite`. */
export function resultsDatabaseFile(dataDir: string = defaultDataDir()): string {
  return path.join(dataDir, RESULTS_DB_NAME);
}

/**
 * A run's folder for its reports and exports: `<dataDir>/runs/<runId>/`. Run ids that could leave
 * `runs/` (separators, `..`) are refused.
 */
export function runDirectory(runId: string, dataDir: string = defaultDataDir()): string {
  if (runId === '' || runId === '.' || runId === '..' || /[/\\\0]/.test(runId)) {
    throw new TypeError(`run id '${runId}' cannot name a folder (no '/', '\\', or '..')`);
  }
  return path.join(dataDir, 'runs', runId);
}
