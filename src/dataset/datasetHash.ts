import { createHash } from 'node:crypto';
import type { DatasetItem } from '../schemas/dataset';
import { mapWithLimit } from './concurrency';
import { hashFile } from './hashFile';

/** Files hashed at once. */
const HASH_CONCURRENCY = 4;

/** Bumped whenever the hashed layout below changes, so old and new hashes never collide. */
const LAYOUT = 'vqa-eval dataset v1';

/**
 * Content hash of a dataset: sha256 over, in order, every item's (question_id, file, question,
 * reference, category) and then every distinct file's (path, sha256 of its bytes), each file read once.
 * Paths enter as `relativeFiles` (relative to the dataset root, `/` separators), so moving the dataset
 * folder or writing `./a.png` for `a.png` keeps the hash; changing any byte, question or reference
 * changes it.
 */
export async function computeDatasetHash(items: DatasetItem[], relativeFiles: string[]): Promise<string> {
  const outer = createHash('sha256');
  outer.update(`${LAYOUT}\n`);
  const distinct = new Map<string, string>();
  items.forEach((item, index) => {
    const relative = relativeFiles[index] ?? item.file;
    outer.update(
      `${JSON.stringify([item.questionId, relative, item.question, item.reference ?? null, item.category ?? null])}\n`,
    );
    if (!distinct.has(item.imagePath)) distinct.set(item.imagePath, relative);
  });
  const files = [...distinct.entries()];
  const digests = await mapWithLimit(files, HASH_CONCURRENCY, ([absolute]) => hashFile(absolute));
  outer.update('files\n');
  files.forEach(([, relative], index) => outer.update(`${JSON.stringify([relative, digests[index]])}\n`));
  return outer.digest('hex');
}
