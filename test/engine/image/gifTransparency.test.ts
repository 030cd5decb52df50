import { gifFirstFrameTransparentColour } from '../../../src/engine/image/gifTransparency';

// A 3x2 GIF written by Pillow: palette (200,0,0) (10,20,30) (0,200,0) (0,0,200)..., transparency = 1.
const TRANSPARENT_GIF = Buffer.from(
  'R0lGODlhAwACAIEAAMgAAAoUHgDIAAAAyCH5BAEAAAEALAAAAAADAAIAAAgJAAEEEDAgAICAADs=',
  'base64',
);

describe('gifFirstFrameTransparentColour', () => {
  it("reads the transparent index's colour from the global colour table", () => {
    expect(gifFirstFrameTransparentColour(TRANSPARENT_GIF)).toEqual([10, 20, 30]);
  });

  it('returns undefined without a transparency flag', () => {
    const opaque = Buffer.from(TRANSPARENT_GIF);
    const gce = opaque.indexOf(Buffer.from([0x21, 0xf9, 0x04]));
    opaque[gce + 3] = (opaque[gce + 3] as number) & ~1;
    expect(gifFirstFrameTransparentColour(opaque)).toBeUndefined();
  });

  it('prefers a local colour table over the global one', () => {
    const separator = TRANSPARENT_GIF.indexOf(0x2c, 30);
    const descriptor = Buffer.from(TRANSPARENT_GIF.subarray(separator, separator + 10));
    descriptor[9] = 0x80; // local table of 2 entries
    const local = Buffer.from([1, 1, 1, 9, 8, 7]);
    const gif = Buffer.concat([
      TRANSPARENT_GIF.subarray(0, separator),
      descriptor,
      local,
      TRANSPARENT_GIF.subarray(separator + 10),
    ]);
    expect(gifFirstFrameTransparentColour(gif)).toEqual([9, 8, 7]);
  });

  it('returns undefined for data that is not a GIF or is cut short', () => {
    expect(gifFirstFrameTransparentColour(Buffer.from('not a gif at all'))).toBeUndefined();
    expect(gifFirstFrameTransparentColour(TRANSPARENT_GIF.subarray(0, 20))).toBeUndefined();
  });
});
