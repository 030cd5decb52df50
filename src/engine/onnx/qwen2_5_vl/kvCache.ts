import type { Tensor } from 'onnxruntime-node';
import { allocFloat, floatDataOf, floatTensor } from '../runtime/tensors';
import type { FloatData, FloatElementType } from '../runtime/tensors';

/**
 * The key/value cache of a batch: one tensor per decoder past input (graph order), each
 * [batch, kvHeads, length, headDim]. Host caches can be reshaped here (prefix expansion, dropping
 * finished rows); device caches (WebGPU gpu-buffers) can only be fed back to the decoder.
 */
export interface KvCache {
  tensors: Tensor[];
  batch: number;
  length: number;
  onDevice: boolean;
}

/** Shape facts every cache operation needs. */
export interface KvLayout {
  type: FloatElementType;
  kvHeads: number;
  headDim: number;
  /** Number of past tensors (2 per layer). */
  count: number;
}

/** A cache of length 0 for `batch` rows: the past of a first (prefill) run. */
export function emptyKvCache(layout: KvLayout, batch: number): KvCache {
  const tensors: Tensor[] = [];
  for (let i = 0; i < layout.count; i++) {
    tensors.push(
      floatTensor(layout.type, allocFloat(layout.type, 0), [batch, layout.kvHeads, 0, layout.headDim]),
    );
  }
  return { tensors, batch, length: 0, onDevice: false };
}

/** Wraps the decoder's present outputs (graph order) as the cache of the next run. */
export function kvFromOutputs(
  outputs: Readonly<Record<string, Tensor>>,
  presentNames: readonly string[],
  batch: number,
  length: number,
): KvCache {
  const tensors = presentNames.map((name) => {
    const tensor = outputs[name];
    if (tensor === undefined) throw new Error(`the decoder returned no ${name}`);
    return tensor;
  });
  return { tensors, batch, length, onDevice: tensors.some((tensor) => tensor.location === 'gpu-buffer') };
}

function hostData(cache: KvCache, index: number): FloatData {
  const tensor = cache.tensors[index];
  if (tensor === undefined) throw new Error(`cache tensor ${index} is missing`);
  return floatDataOf(tensor, `key/value cache tensor ${index}`);
}

/**
 * Builds a batch cache from batch-1 prefix caches: prefix p fills `copies` consecutive rows, each
 * right-aligned in `length` positions (the positions before it are left padding, zeros, and must be
 * masked out by the attention mask).
 */
export function expandPrefixCaches(
  layout: KvLayout,
  prefixes: ReadonlyArray<{ cache: KvCache; copies: number }>,
  length: number,
): KvCache {
  const batch = prefixes.reduce((sum, prefix) => sum + prefix.copies, 0);
  const { kvHeads, headDim } = layout;
  const tensors: Tensor[] = [];
  for (let index = 0; index < layout.count; index++) {
    const out = allocFloat(layout.type, batch * kvHeads * length * headDim);
    let row = 0;
    for (const { cache, copies } of prefixes) {
      if (cache.batch !== 1 || cache.onDevice || cache.length > length) {
        throw new Error('prefix caches must be host caches of one row no longer than the target');
      }
      const source = hostData(cache, index);
      const span = cache.length * headDim;
      for (let copy = 0; copy < copies; copy++, row++) {
        for (let head = 0; head < kvHeads; head++) {
          const target = ((row * kvHeads + head) * length + (length - cache.length)) * headDim;
          copyInto(out, target, source, head * span, span);
        }
      }
    }
    tensors.push(floatTensor(layout.type, out, [batch, kvHeads, length, headDim]));
  }
  return { tensors, batch, length, onDevice: false };
}

/** A host cache holding only `rows` (in that order) of `cache`: finished rows stop costing compute. */
export function selectRows(layout: KvLayout, cache: KvCache, rows: readonly number[]): KvCache {
  if (cache.onDevice) throw new Error('rows of a device cache cannot be selected on the host');
  const rowSize = layout.kvHeads * cache.length * layout.headDim;
  const tensors = cache.tensors.map((_, index) => {
    const source = hostData(cache, index);
    const out = allocFloat(layout.type, rows.length * rowSize);
    rows.forEach((row, i) => copyInto(out, i * rowSize, source, row * rowSize, rowSize));
    return floatTensor(layout.type, out, [rows.length, layout.kvHeads, cache.length, layout.headDim]);
  });
  return { tensors, batch: rows.length, length: cache.length, onDevice: false };
}

/** Frees device memory held by a cache (host caches are left to the garbage collector). */
export function releaseKvCache(cache: KvCache): void {
  if (cache.onDevice) {
    for (const tensor of cache.tensors) tensor.dispose();
  }
}

function copyInto(target: FloatData, at: number, source: FloatData, from: number, length: number): void {
  // Same element type on both sides, or a float16 cache would be converted numerically.
  if (target instanceof Float32Array && source instanceof Float32Array) {
    target.set(source.subarray(from, from + length), at);
  } else if (target instanceof Uint16Array && source instanceof Uint16Array) {
    target.set(source.subarray(from, from + length), at);
  } else {
    throw new Error('key/value cache tensors of different element types');
  }
}
