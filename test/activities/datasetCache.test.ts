import { DatasetCache } from '../../src/activities/datasetCache';
import { RunSpecMismatchError } from '../../src/errors';
import type { Dataset } from '../../src/schemas/dataset';
import type { RunSpec } from '../../src/schemas/runSpec';

const dataset: Dataset = {
  root: '/d',
  source: '/d/manifest.jsonl',
  hash: 'h1',
  items: [{ questionId: 'q1', imagePath: '/d/a.png', file: 'a.png', question: 'What?' }],
};

const spec = (datasetHash: string): RunSpec =>
  ({ runId: 'r', datasetPath: '/d/manifest.jsonl', datasetHash }) as unknown as RunSpec;

describe('DatasetCache', () => {
  it('loads a dataset once per process and indexes it by question id', async () => {
    let loads = 0;
    const cache = new DatasetCache(() => {
      loads += 1;
      return Promise.resolve(dataset);
    });
    const [a, b] = await Promise.all([cache.get(spec('h1')), cache.get(spec('h1'))]);
    expect(loads).toBe(1);
    expect(a).toBe(b);
    expect(a.byId.get('q1')?.imagePath).toBe('/d/a.png');
  });

  it('refuses a dataset whose content changed since the run started', async () => {
    const cache = new DatasetCache(() => Promise.resolve(dataset));
    await expect(cache.get(spec('other'))).rejects.toThrow(RunSpecMismatchError);
  });

  it('does not keep a failed load', async () => {
    let calls = 0;
    const cache = new DatasetCache(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('disk busy')) : Promise.resolve(dataset);
    });
    await expect(cache.get(spec('h1'))).rejects.toThrow('disk busy');
    await expect(cache.get(spec('h1'))).resolves.toMatchObject({ dataset });
  });
});
