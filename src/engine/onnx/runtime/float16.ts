/**
 * IEEE 754 half precision <-> single precision on raw bits. onnxruntime-node hands float16 tensors over
 * as Uint16Array, so graphs exported in float16 are converted at the engine boundary with these.
 */

const scratch = new DataView(new ArrayBuffer(4));

/** Converts one float32 value to float16 bits, rounding to nearest even (what numpy and torch do). */
export function float32ToFloat16Bits(value: number): number {
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;

  if (exponent === 0xff) {
    // Infinity stays infinity; NaN keeps a quiet-NaN payload bit so it stays NaN.
    return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  }
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) {
    return sign | 0x7c00;
  }
  if (halfExponent <= 0) {
    // Subnormal half (or zero): shift the mantissa with its implicit leading one into place.
    if (halfExponent < -10) {
      return sign;
    }
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    const halfMantissa = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    const roundUp = remainder > halfway || (remainder === halfway && (halfMantissa & 1) === 1);
    return sign | (halfMantissa + (roundUp ? 1 : 0));
  }
  const halfMantissa = mantissa >>> 13;
  const remainder = mantissa & 0x1fff;
  const roundUp = remainder > 0x1000 || (remainder === 0x1000 && (halfMantissa & 1) === 1);
  // A carry out of the mantissa correctly bumps the exponent (and overflows to infinity).
  return sign | ((halfExponent << 10) + halfMantissa + (roundUp ? 1 : 0));
}

/** Converts float16 bits to the float32 value they represent (exact). */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) {
    return sign * mantissa * 2 ** -24;
  }
  if (exponent === 0x1f) {
    return mantissa === 0 ? sign * Infinity : NaN;
  }
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Converts a whole float32 array to float16 bits. */
export function float32ArrayToFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = float32ToFloat16Bits(values[i] ?? 0);
  }
  return out;
}

let halfTable: Float32Array | undefined;

/** Converts a whole array of float16 bits to float32 (through a 64k-entry table: logits are large). */
export function float16ArrayToFloat32(bits: Uint16Array): Float32Array {
  if (halfTable === undefined) {
    halfTable = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) {
      halfTable[i] = float16BitsToFloat32(i);
    }
  }
  const table = halfTable;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    out[i] = table[bits[i] ?? 0] ?? 0;
  }
  return out;
}
