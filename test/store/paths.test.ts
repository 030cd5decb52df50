import path from 'node:path';
import { defaultDataDir, resultsDatabaseFile, runDirectory } from '../../src/store/paths';

describe('store paths', () => {
  it('uses VQA_EVAL_DATA_DIR when set, else <project>/data', () => {
    expect(defaultDataDir({ VQA_EVAL_DATA_DIR: 'rel/dir' })).toBe(path.resolve('rel/dir'));
    expect(defaultDataDir({ VQA_EVAL_DATA_DIR: '  ' })).toBe(path.resolve(__dirname, '..', '..', 'data'));
    expect(defaultDataDir({})).toBe(path.resolve(__dirname, '..', '..', 'data'));
  });

  it('puts the database and run folders inside the data folder', () => {
    expect(resultsDatabaseFile('/d')).toBe(path.join('/d', 'results.sqlite'));
    expect(runDirectory('run-abc', '/d')).toBe(path.join('/d', 'runs', 'run-abc'));
  });

  it('refuses run ids that would leave runs/', () => {
    for (const bad of ['', '.', '..', 'a/b', 'a\\b', '../x'])
      expect(() => runDirectory(bad, '/d')).toThrow(TypeError);
  });
});
