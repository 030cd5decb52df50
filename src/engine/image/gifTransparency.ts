/**
 * The colour PIL shows for transparent pixels of a GIF's first frame. PIL opens a GIF frame as
 * palette indices and `convert("RGB")` looks every index up in the palette, transparent index
 * included, whereas sharp renders transparent pixels as (0, 0, 0, 0). Reading the first frame's
 * colour table and transparent index (no pixel decoding) lets us put back what PIL shows.
 */

const HEADER_BYTES = 6;
const SCREEN_DESCRIPTOR_BYTES = 7;
const EXTENSION_INTRODUCER = 0x21;
const GRAPHIC_CONTROL_LABEL = 0xf9;
const IMAGE_SEPARATOR = 0x2c;

/** RGB of the first frame's transparent palette entry, or undefined (no transparency, unreadable). */
export function gifFirstFrameTransparentColour(bytes: Uint8Array): [number, number, number] | undefined {
  if (bytes.length < HEADER_BYTES + SCREEN_DESCRIPTOR_BYTES) return undefined;
  const signature = String.fromCharCode(...bytes.subarray(0, 3));
  if (signature !== 'GIF') return undefined;
  const screenFlags = bytes[10] as number;
  let pos = HEADER_BYTES + SCREEN_DESCRIPTOR_BYTES;
  let globalTable: Uint8Array | undefined;
  if (screenFlags & 0x80) {
    const size = 3 * (1 << ((screenFlags & 0x07) + 1));
    globalTable = bytes.subarray(pos, pos + size);
    pos += size;
  }
  let transparentIndex: number | undefined;
  while (pos < bytes.length) {
    const marker = bytes[pos] as number;
    if (marker === EXTENSION_INTRODUCER) {
      const label = bytes[pos + 1];
      pos += 2;
      if (label === GRAPHIC_CONTROL_LABEL && bytes[pos] === 4) {
        const flags = bytes[pos + 1] as number;
        // The last graphic control block before the image applies to it.
        transparentIndex = flags & 0x01 ? bytes[pos + 4] : undefined;
      }
      pos = skipSubBlocks(bytes, pos);
    } else if (marker === IMAGE_SEPARATOR) {
      if (transparentIndex === undefined || pos + 10 > bytes.length) return undefined;
      const imageFlags = bytes[pos + 9] as number;
      const table =
        imageFlags & 0x80
          ? bytes.subarray(pos + 10, pos + 10 + 3 * (1 << ((imageFlags & 0x07) + 1)))
          : globalTable;
      const at = transparentIndex * 3;
      if (table === undefined || at + 3 > table.length) return undefined;
      return [table[at] as number, table[at + 1] as number, table[at + 2] as number];
    } else {
      // The trailer (0x3b) or anything unexpected: no first image to read.
      return undefined;
    }
  }
  return undefined;
}

/** Position after a chain of data sub-blocks (length byte + data, ended by a 0 length). */
function skipSubBlocks(bytes: Uint8Array, start: number): number {
  let pos = start;
  while (pos < bytes.length) {
    const length = bytes[pos] as number;
    pos += 1 + length;
    if (length === 0) break;
  }
  return pos;
}
