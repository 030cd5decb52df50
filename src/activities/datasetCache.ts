import { RunSpecMismatchError } from '../errors';
import type { DatasetLocation } from '../dataset/loadDataset';
import type { Dataset, DatasetItem } from '../schemas/dataset';
import type { RunSpec } from '../schemas/runSpec';

/** A loaded dataset with its items indexed by question id. */
export interface IndexedDataset {
  dataset: Dataset;
  byId: ReadonlyMap<string, DatasetItem>;
}

/** Loads a dataset (the `loadDataset` of src/dataset, injected). */
export type DatasetLoader = (location: DatasetLocation) => Promise<Dataset>;

/**
 * Loads each run's dataset once per process (hashing every image file is not free) and checks it
 * still has the content the run was started with: a changed dataset fails the run rather than mixing
 * answers to different inputs.
 */
export class DatasetCache {
  private readonly loaded = new Map<string, Promise<IndexedDataset>>();

  constructor(private readonly load: DatasetLoader) {}

  /** The run's dataset; throws RunSpecMismatchError when its hash differs from the spec's. */
  async get(spec: RunSpec): Promise<IndexedDataset> {
    const key = `${spec.datasetPath}\u0000${spec.questionsPath ?? ''}`;
    let entry = this.loaded.get(key);
    if (entry === undefined) {
      entry = this.loadIndexed(spec);
      this.loaded.set(key, entry);
      // A failed load is not cached: the next attempt reads the files again.
      entry.catch(() => this.loaded.delete(key));
    }
    const indexed = await entry;
    if (indexed.dataset.hash !== spec.datasetHash) {
      throw new RunSpecMismatchError(spec.runId, 'dataset hash', spec.datasetHash, indexed.dataset.hash);
    }
    return indexed;
  }

  private async loadIndexed(spec: RunSpec): Promise<IndexedDataset> {
    const dataset = await this.load(
      spec.questionsPath === undefined
        ? { path: spec.datasetPath }
        : { path: spec.datasetPath, questionsPath: spec.questionsPath },
    );
    return { dataset, byId: new Map(dataset.items.map((item) => [item.questionId, item])) };
  }
}
