/**
 * PIL's `Image.convert("RGB")` (libImaging/Convert.c), redone on the raw pixels sharp decodes, so
 * the RGB we feed the resize is the RGB transformers' `load_image` produces:
 * - L -> RGB replicates the grey; LA/RGBA -> RGB drop alpha (no compositing onto any background);
 * - CMYK -> RGB is PIL's naive formula (no colour management): r = clip(nk - nk * c / 255), nk = 255 - k;
 * - I;16 (16-bit greyscale PNG/TIFF) -> RGB clips at 255 instead of scaling: values over 255 are white.
 */

/** RGB from interleaved 8-bit pixels of 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA) channels. */
export function rgbFromChannels(
  data: Uint8Array,
  pixels: number,
  channels: number,
  transparentColour?: readonly [number, number, number],
): Uint8Array {
  if (channels === 3) {
    return data.length === pixels * 3 ? data : data.slice(0, pixels * 3);
  }
  const out = new Uint8Array(pixels * 3);
  if (channels === 1 || channels === 2) {
    for (let i = 0, s = 0, o = 0; i < pixels; i++, s += channels, o += 3) {
      const v = data[s] as number;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
    }
    return out;
  }
  if (channels !== 4) {
    throw new RangeError(`cannot convert ${channels}-channel pixels to RGB`);
  }
  for (let i = 0, s = 0, o = 0; i < pixels; i++, s += 4, o += 3) {
    out[o] = data[s] as number;
    out[o + 1] = data[s + 1] as number;
    out[o + 2] = data[s + 2] as number;
  }
  if (transparentColour !== undefined) {
    const [r, g, b] = transparentColour;
    for (let i = 0, s = 3, o = 0; i < pixels; i++, s += 4, o += 3) {
      if (data[s] === 0) {
        out[o] = r;
        out[o + 1] = g;
        out[o + 2] = b;
      }
    }
  }
  return out;
}

/** PIL's MULDIV255: a * b / 255 rounded, in integers. */
function mulDiv255(a: number, b: number): number {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}

/** RGB from interleaved CMYK (4 channels; a 5th, alpha, is ignored) with PIL's cmyk2rgb. */
export function rgbFromCmyk(data: Uint8Array, pixels: number, channels: number): Uint8Array {
  if (channels < 4) {
    throw new RangeError(`CMYK pixels need 4 channels, got ${channels}`);
  }
  const out = new Uint8Array(pixels * 3);
  for (let i = 0, s = 0, o = 0; i < pixels; i++, s += channels, o += 3) {
    const nk = 255 - (data[s + 3] as number);
    // nk - MULDIV255(x, nk) is always within 0..255, so PIL's CLIP8 never bites.
    out[o] = nk - mulDiv255(data[s] as number, nk);
    out[o + 1] = nk - mulDiv255(data[s + 1] as number, nk);
    out[o + 2] = nk - mulDiv255(data[s + 2] as number, nk);
  }
  return out;
}

/** RGB from 16-bit greyscale the way PIL converts mode I;16: min(v, 255) replicated. */
export function rgbFromGrey16(data: Uint16Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let i = 0, o = 0; i < pixels; i++, o += 3) {
    const raw = data[i] as number;
    const v = raw > 255 ? 255 : raw;
    out[o] = v;
    out[o + 1] = v;
    out[o + 2] = v;
  }
  return out;
}
