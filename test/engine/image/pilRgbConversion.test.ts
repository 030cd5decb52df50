import { rgbFromChannels, rgbFromCmyk, rgbFromGrey16 } from '../../../src/engine/image/pilRgbConversion';

describe('rgbFromChannels (PIL convert("RGB") of L, LA, RGB, RGBA)', () => {
  it('replicates greyscale', () => {
    expect(Array.from(rgbFromChannels(Uint8Array.from([0, 77, 255]), 3, 1))).toEqual([
      0, 0, 0, 77, 77, 77, 255, 255, 255,
    ]);
  });

  it('drops alpha without compositing, even where the pixel is fully transparent', () => {
    const la = Uint8Array.from([100, 50, 30, 0]);
    expect(Array.from(rgbFromChannels(la, 2, 2))).toEqual([100, 100, 100, 30, 30, 30]);
    const rgba = Uint8Array.from([100, 50, 20, 0, 1, 2, 3, 255]);
    expect(Array.from(rgbFromChannels(rgba, 2, 4))).toEqual([100, 50, 20, 1, 2, 3]);
  });

  it('puts the GIF transparent colour where alpha is 0 when one is given', () => {
    const rgba = Uint8Array.from([0, 0, 0, 0, 1, 2, 3, 255]);
    expect(Array.from(rgbFromChannels(rgba, 2, 4, [10, 20, 30]))).toEqual([10, 20, 30, 1, 2, 3]);
  });

  it('passes RGB through', () => {
    const rgb = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    expect(rgbFromChannels(rgb, 2, 3)).toEqual(rgb);
  });

  it('refuses other channel counts', () => {
    expect(() => rgbFromChannels(new Uint8Array(5), 1, 5)).toThrow(/5-channel/);
  });
});

describe('rgbFromCmyk (PIL cmyk2rgb)', () => {
  it('matches Pillow 13 on known pixels', () => {
    // Image.new('CMYK', ...) with these pixels, .convert('RGB'), in Pillow 13.0.0.
    const cmyk = Uint8Array.from([10, 200, 30, 40, 255, 0, 128, 255, 0, 0, 0, 0, 128, 64, 32, 16]);
    expect(Array.from(rgbFromCmyk(cmyk, 4, 4))).toEqual([
      207, 46, 190, 0, 0, 0, 255, 255, 255, 119, 179, 209,
    ]);
  });

  it('ignores a fifth (alpha) channel', () => {
    expect(Array.from(rgbFromCmyk(Uint8Array.from([10, 200, 30, 40, 9]), 1, 5))).toEqual([207, 46, 190]);
  });
});

describe('rgbFromGrey16 (PIL I;16 -> RGB)', () => {
  it('keeps values up to 255 and clips the rest to white, as Pillow does', () => {
    expect(Array.from(rgbFromGrey16(Uint16Array.from([0, 200, 255, 256, 65535]), 5))).toEqual([
      0, 0, 0, 200, 200, 200, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    ]);
  });
});
