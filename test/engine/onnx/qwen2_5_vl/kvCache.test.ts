import { Tensor } from 'onnxruntime-node';
import { expandPrefixCaches, selectRows } from '../../../../src/engine/onnx/qwen2_5_vl/kvCache';
import type { KvCache, KvLayout } from '../../../../src/engine/onnx/qwen2_5_vl/kvCache';

const layout: KvLayout = { type: 'float32', kvHeads: 2, headDim: 1, count: 1 };

/** A batch-1 cache whose value at (head h, position p) is base + 10h + p. */
function prefixCache(length: number, base: number): KvCache {
  const data = Float32Array.from(
    { length: 2 * length },
    (_, i) => base + 10 * Math.floor(i / length) + (i % length),
  );
  return { tensors: [new Tensor('float32', data, [1, 2, length, 1])], batch: 1, length, onDevice: false };
}

describe('key/value cache reshaping', () => {
  it('copies each prefix into its rows, right-aligned after zero padding', () => {
    const cache = expandPrefixCaches(
      layout,
      [
        { cache: prefixCache(3, 100), copies: 2 },
        { cache: prefixCache(1, 500), copies: 1 },
      ],
      3,
    );
    expect(cache.batch).toBe(3);
    expect(cache.tensors[0]?.dims).toEqual([3, 2, 3, 1]);
    expect([...(cache.tensors[0]?.data as Float32Array)]).toEqual([
      100,
      101,
      102,
      110,
      111,
      112, // row 0 = prefix A
      100,
      101,
      102,
      110,
      111,
      112, // row 1 = prefix A
      0,
      0,
      500,
      0,
      0,
      510, // row 2 = prefix B, two positions of left padding per head
    ]);
  });

  it('keeps only the selected rows, in the given order', () => {
    const full = expandPrefixCaches(
      layout,
      [
        { cache: prefixCache(2, 100), copies: 1 },
        { cache: prefixCache(2, 200), copies: 1 },
        { cache: prefixCache(2, 300), copies: 1 },
      ],
      2,
    );
    const kept = selectRows(layout, full, [2, 0]);
    expect(kept.batch).toBe(2);
    expect([...(kept.tensors[0]?.data as Float32Array)]).toEqual([300, 301, 310, 311, 100, 101, 110, 111]);
  });

  it('copies float16 caches bit for bit', () => {
    const half: KvLayout = { type: 'float16', kvHeads: 1, headDim: 2, count: 1 };
    const prefix: KvCache = {
      tensors: [new Tensor('float16', Uint16Array.from([0x3c00, 0x4000]), [1, 1, 1, 2])],
      batch: 1,
      length: 1,
      onDevice: false,
    };
    const cache = expandPrefixCaches(half, [{ cache: prefix, copies: 2 }], 2);
    expect(cache.tensors[0]?.type).toBe('float16');
    expect([...(cache.tensors[0]?.data as Uint16Array)]).toEqual([
      0, 0, 0x3c00, 0x4000, 0, 0, 0x3c00, 0x4000,
    ]);
  });
});
