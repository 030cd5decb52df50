import type { FloatData } from '../runtime/tensors';

/**
 * Writes image features over the embeddings of image placeholder tokens: in each row, the k-th
 * placeholder (left to right) gets row k of that row's features, as transformers' masked_scatter
 * does for one image per sequence. Rows without an image have `undefined` features.
 */
export function mergeImageFeatures(
  embeds: FloatData,
  ids: readonly number[],
  batch: number,
  width: number,
  hidden: number,
  imageTokenId: number,
  rowFeatures: ReadonlyArray<FloatData | undefined>,
): void {
  for (let b = 0; b < batch; b++) {
    const features = rowFeatures[b];
    let next = 0;
    for (let s = 0; s < width; s++) {
      if (ids[b * width + s] !== imageTokenId) continue;
      if (features === undefined || (next + 1) * hidden > features.length) {
        throw new Error(`row ${b} has more image tokens than image features`);
      }
      copyRow(embeds, (b * width + s) * hidden, features, next * hidden, hidden);
      next += 1;
    }
    if (features !== undefined && next * hidden !== features.length) {
      throw new Error(`row ${b} has ${next} image tokens for ${features.length / hidden} image features`);
    }
  }
}

function copyRow(target: FloatData, at: number, source: FloatData, from: number, length: number): void {
  if (target instanceof Float32Array && source instanceof Float32Array) {
    target.set(source.subarray(from, from + length), at);
  } else if (target instanceof Uint16Array && source instanceof Uint16Array) {
    target.set(source.subarray(from, from + length), at);
  } else {
    throw new Error('image features and token embeddings have different element types');
  }
}
