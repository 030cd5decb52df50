import { Tensor } from 'onnxruntime-node';
import { float16ArrayToFloat32, float32ArrayToFloat16 } from './float16';

/** Floating-point element types the engine feeds and reads: graphs are exported in one of these. */
export type FloatElementType = 'float32' | 'float16';

/** Raw storage of a float tensor: float16 travels as its bits in a Uint16Array. */
export type FloatData = Float32Array | Uint16Array;

/** Narrows an element type from session metadata to the float types the engine supports. */
export function asFloatElementType(type: string, what: string): FloatElementType {
  if (type === 'float32' || type === 'float16') {
    return type;
  }
  throw new Error(`${what} has element type ${type}; only float32 and float16 are supported`);
}

/** Allocates zeroed storage for `length` elements of `type`. */
export function allocFloat(type: FloatElementType, length: number): FloatData {
  return type === 'float16' ? new Uint16Array(length) : new Float32Array(length);
}

/** Converts float32 values into storage of `type` (a copy only when the type differs). */
export function fromFloat32(values: Float32Array, type: FloatElementType): FloatData {
  return type === 'float16' ? float32ArrayToFloat16(values) : values;
}

/** Reads float storage as float32 values (a copy only when it is float16). */
export function toFloat32(data: FloatData): Float32Array {
  return data instanceof Uint16Array ? float16ArrayToFloat32(data) : data;
}

/** Converts float storage to `type`, passing it through when it already has that type. */
export function convertFloat(data: FloatData, type: FloatElementType): FloatData {
  if (type === 'float16') {
    return data instanceof Uint16Array ? data : float32ArrayToFloat16(data);
  }
  return toFloat32(data);
}

/** A host float tensor of `type` over `data` (no copy). */
export function floatTensor(type: FloatElementType, data: FloatData, dims: readonly number[]): Tensor {
  if (type === 'float16') {
    if (!(data instanceof Uint16Array)) {
      throw new Error('float16 tensor data must be a Uint16Array');
    }
    return new Tensor('float16', data, dims);
  }
  if (!(data instanceof Float32Array)) {
    throw new Error('float32 tensor data must be a Float32Array');
  }
  return new Tensor('float32', data, dims);
}

// A module constant, not a global lookup per element (slow inside vm contexts such as jest's).
const toBigInt = BigInt;

/** An int64 host tensor from plain numbers. */
export function int64Tensor(values: ArrayLike<number>, dims: readonly number[]): Tensor {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    data[i] = toBigInt(values[i] ?? 0);
  }
  return new Tensor('int64', data, dims);
}

/** The float storage of a host tensor returned by a session (float32 or float16 only). */
export function floatDataOf(tensor: Tensor, what: string): FloatData {
  if (tensor.location !== 'cpu') {
    throw new Error(`${what} is on ${tensor.location}, expected a host tensor`);
  }
  const data = tensor.data;
  if (tensor.type === 'float32' && data instanceof Float32Array) {
    return data;
  }
  if (tensor.type === 'float16' && data instanceof Uint16Array) {
    return data;
  }
  throw new Error(`${what} has element type ${tensor.type}; expected float32 or float16`);
}
