import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { storedRunOrThrow } from '../../src/cli/storedRun';
import { RunNotFoundError } from '../../src/errors';
import { openResultStore } from '../../src/store/sqliteStore';

describe('storedRunOrThrow', () => {
  it('names the run and the data folder when the store lacks the run', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stored-run-'));
    const store = openResultStore(path.join(dir, 'results.sqlite'));
    try {
      expect(() => storedRunOrThrow(store, 'run-missing', dir)).toThrow(RunNotFoundError);
      expect(() => storedRunOrThrow(store, 'run-missing', dir)).toThrow(
        `Run 'run-missing' was not found in the result store of ${dir}`,
      );
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
