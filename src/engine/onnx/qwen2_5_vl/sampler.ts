import { createHash } from 'node:crypto';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { GenerationSettings } from '../../../schemas/generation';

// Hot loops read these module constants instead of globals: global lookups are slow in some
// embeddings (jest's vm contexts make every `Math`/`Infinity` access a slow interceptor call).
const { exp, max } = Math;
const NEGATIVE_INFINITY = -Infinity;

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/**
 * The random source of one question: seeded from (seed, question id) alone, so the tokens it draws do
 * not depend on which batch, position in the batch, or attempt produced the answer.
 */
export function questionRandom(seed: number, questionId: string): Uniform {
  const digest = createHash('sha256').update(`${seed}\0${questionId}`).digest();
  const generator = xoroshiro128plus(digest.readInt32LE(0));
  return () => {
    // 53 random bits, the resolution of a double.
    const high = unsafeUniformIntDistribution(0, 2 ** 26 - 1, generator);
    const low = unsafeUniformIntDistribution(0, 2 ** 27 - 1, generator);
    return (high * 2 ** 27 + low) / 2 ** 53;
  };
}

/** Index of the largest logit (the first one on ties, as torch.argmax). */
export function argmax(logits: Float32Array): number {
  let best = 0;
  let bestValue = NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) {
    const value = logits[i] ?? NEGATIVE_INFINITY;
    if (value > bestValue) {
      bestValue = value;
      best = i;
    }
  }
  return best;
}

/** The k-th largest value of `values` (1 <= k <= length), by quickselect on a copy: O(n). */
function kthLargest(values: Float32Array, k: number): number {
  const copy = values.slice();
  const target = copy.length - k; // its index in ascending order
  let low = 0;
  let high = copy.length - 1;
  while (low < high) {
    const pivot = copy[(low + high) >>> 1] ?? 0;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((copy[i] ?? 0) < pivot) i++;
      while ((copy[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const swap = copy[i] ?? 0;
        copy[i] = copy[j] ?? 0;
        copy[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return copy[target] ?? NEGATIVE_INFINITY;
}

/**
 * Unnormalized sampling weights after transformers' warpers, in their order: temperature, then top-k
 * (keeps every token at least as large as the k-th largest), then top-p (keeps the most probable
 * tokens until the mass of the ones before reaches top_p; the most probable token always stays;
 * tokens tied with the last one kept are kept too). Removed tokens get weight 0.
 */
export function samplingWeights(
  logits: Float32Array,
  settings: Pick<GenerationSettings, 'temperature' | 'topK' | 'topP'>,
): Float64Array {
  const size = logits.length;
  let largest = NEGATIVE_INFINITY;
  for (let i = 0; i < size; i++) largest = max(largest, logits[i] ?? NEGATIVE_INFINITY);
  const cutoff =
    settings.topK > 0 && settings.topK < size ? kthLargest(logits, settings.topK) : NEGATIVE_INFINITY;
  const weights = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    const logit = logits[i] ?? NEGATIVE_INFINITY;
    if (logit >= cutoff) {
      const weight = exp((logit - largest) / settings.temperature);
      weights[i] = weight;
      total += weight;
    }
  }
  if (settings.topP < 1) {
    const smallest = nucleusSmallestWeight(weights, total * settings.topP);
    for (let i = 0; i < size; i++) {
      if ((weights[i] ?? 0) < smallest) weights[i] = 0;
    }
  }
  return weights;
}

/**
 * The smallest weight inside the nucleus: going down the weights from the largest, a weight is in
 * while the mass before it is under `mass`. Only weights above a threshold are sorted; the threshold
 * drops by 10x until what it admits holds the nucleus (the largest weight is 1 after temperature).
 */
function nucleusSmallestWeight(weights: Float64Array, mass: number): number {
  for (let threshold = 0.1; ; threshold = threshold > 1e-30 ? threshold / 10 : 0) {
    let count = 0;
    let admitted = 0;
    for (let i = 0; i < weights.length; i++) {
      const weight = weights[i] ?? 0;
      if (weight > 0 && weight >= threshold) {
        count++;
        admitted += weight;
      }
    }
    if (admitted < mass && threshold > 0) continue;
    const candidates = new Float64Array(count);
    let next = 0;
    for (let i = 0; i < weights.length; i++) {
      const weight = weights[i] ?? 0;
      if (weight > 0 && weight >= threshold) candidates[next++] = weight;
    }
    candidates.sort();
    let before = 0;
    let smallest = candidates[count - 1] ?? 0;
    for (let j = count - 1; j >= 0; j--) {
      if (before >= mass && j < count - 1) break;
      smallest = candidates[j] ?? smallest;
      before += smallest;
    }
    return smallest;
  }
}

/** Draws an index with probability proportional to its weight. */
export function drawFromWeights(weights: Float64Array, uniform: number): number {
  let total = 0;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i] ?? 0;
    total += weight;
    if (weight > 0) last = i;
  }
  let remaining = uniform * total;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i] ?? 0;
    if (weight > 0) {
      remaining -= weight;
      if (remaining < 0) return i;
    }
  }
  // Rounding can leave a sliver of mass: it belongs to the last token with weight.
  return last;
}

/** Picks the next token from one row's logits: argmax when greedy, otherwise a draw from `random`. */
export function chooseToken(
  logits: Float32Array,
  settings: Pick<GenerationSettings, 'greedy' | 'temperature' | 'topK' | 'topP'>,
  random: Uniform | undefined,
): number {
  if (settings.greedy || random === undefined) {
    return argmax(logits);
  }
  return drawFromWeights(samplingWeights(logits, settings), random());
}
