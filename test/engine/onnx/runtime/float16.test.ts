import {
  float16ArrayToFloat32,
  float16BitsToFloat32,
  float32ArrayToFloat16,
  float32ToFloat16Bits,
} from '../../../../src/engine/onnx/runtime/float16';

describe('float16 conversion', () => {
  it('encodes exactly representable values to their IEEE half bits', () => {
    expect(float32ToFloat16Bits(0)).toBe(0x0000);
    expect(float32ToFloat16Bits(-0)).toBe(0x8000);
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(float32ToFloat16Bits(2 ** -14)).toBe(0x0400);
  });

  it('rounds to nearest even, overflows to infinity and keeps NaN', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: even is 1 + 2^-9.
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00);
    expect(float32ToFloat16Bits(Infinity)).toBe(0x7c00);
    expect(float32ToFloat16Bits(-Infinity)).toBe(0xfc00);
    expect(Number.isNaN(float16BitsToFloat32(float32ToFloat16Bits(NaN)))).toBe(true);
    expect(float32ToFloat16Bits(2 ** -26)).toBe(0);
  });

  it('decodes every finite half value back to itself (round trip over all 65536 bit patterns)', () => {
    const bits = new Uint16Array(65536).map((_, i) => i);
    const values = float16ArrayToFloat32(bits);
    const back = float32ArrayToFloat16(values);
    const mismatches: number[] = [];
    for (let i = 0; i < 65536; i++) {
      const isNaN = ((i >>> 10) & 0x1f) === 0x1f && (i & 0x3ff) !== 0;
      // NaN payloads are not preserved bit for bit; every other pattern must come back unchanged.
      if (!isNaN && back[i] !== i) mismatches.push(i);
    }
    expect(mismatches).toEqual([]);
    expect(float16BitsToFloat32(0x3555)).toBeCloseTo(0.33325195, 8);
  });
});
