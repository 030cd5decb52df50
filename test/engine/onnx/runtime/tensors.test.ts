import { Tensor } from 'onnxruntime-node';
import {
  asFloatElementType,
  convertFloat,
  floatDataOf,
  floatTensor,
  fromFloat32,
  int64Tensor,
  toFloat32,
} from '../../../../src/engine/onnx/runtime/tensors';

describe('tensor helpers', () => {
  it('converts float32 values to float16 storage for float16 graphs and back', () => {
    const values = Float32Array.from([1, -0.5, 65504]);
    const half = fromFloat32(values, 'float16');
    expect(half).toBeInstanceOf(Uint16Array);
    expect([...half]).toEqual([0x3c00, 0xb800, 0x7bff]);
    expect([...toFloat32(half)]).toEqual([1, -0.5, 65504]);
    expect(fromFloat32(values, 'float32')).toBe(values);
    expect(convertFloat(half, 'float16')).toBe(half);
    expect([...convertFloat(half, 'float32')]).toEqual([1, -0.5, 65504]);
  });

  it('builds host tensors of the graph element type and reads them back', () => {
    const tensor = floatTensor('float16', Uint16Array.from([0x3c00]), [1, 1]);
    expect(tensor.type).toBe('float16');
    expect(floatDataOf(tensor, 'x')).toBeInstanceOf(Uint16Array);
    expect(() => floatTensor('float16', Float32Array.from([1]), [1])).toThrow(/Uint16Array/);
    expect(() => floatDataOf(new Tensor('int32', Int32Array.from([1]), [1]), 'ids')).toThrow(/int32/);
    expect(() => asFloatElementType('bfloat16', 'logits')).toThrow(/logits has element type bfloat16/);
  });

  it('builds int64 tensors, including scalars', () => {
    const scalar = int64Tensor([1], []);
    expect(scalar.dims).toEqual([]);
    expect([...(scalar.data as BigInt64Array)]).toEqual([1n]);
    expect([...(int64Tensor([3, 4], [1, 2]).data as BigInt64Array)]).toEqual([3n, 4n]);
  });
});
