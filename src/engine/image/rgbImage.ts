/** An 8-bit RGB image: `data` holds width * height * 3 bytes, row-major, channels interleaved (HWC). */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}
