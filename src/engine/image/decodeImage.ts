import sharp from 'sharp';
import type { Metadata, OutputInfo, SharpOptions } from 'sharp';
import { ImageDecodeError, ImageTooLargeError } from '../../errors';
import { gifFirstFrameTransparentColour } from './gifTransparency';
import { ImageLimitsSchema } from './imageLimits';
import type { ImageLimits } from './imageLimits';
import { rgbFromChannels, rgbFromCmyk, rgbFromGrey16 } from './pilRgbConversion';
import { readImageFile } from './readImageFile';
import type { RgbImage } from './rgbImage';

export type { ImageLimits } from './imageLimits';
export { DEFAULT_IMAGE_LIMITS } from './imageLimits';

/**
 * The one place image files are decoded: sharp reads the file once, then the pixels are turned into
 * the 8-bit RGB that transformers' `load_image` makes with PIL: EXIF orientation applied
 * (`ImageOps.exif_transpose`), then `convert("RGB")` (see pilRgbConversion.ts). Embedded ICC profiles
 * are ignored, as PIL's conversion ignores them. Animated GIF/WebP and multi-page TIFF give their
 * first frame/page, as PIL's `Image.open` does.
 */

/** How the decoded pixels were turned into RGB. */
export type RgbConversion =
  /** RGB, greyscale or palette data, alpha dropped where present (exact with PIL). */
  | 'direct'
  /** CMYK through PIL's naive formula, from the un-managed CMYK samples (exact with PIL). */
  | 'cmyk'
  /** 16-bit greyscale clipped at 255, as PIL's I;16 -> RGB does (exact with PIL). */
  | 'grey16-clip';

/** What the decoder saw, for logs and reports. */
export interface DecodedImageInfo {
  /** sharp's name of the container format, e.g. `jpeg`, `png`, `webp`, `gif`, `tiff`, `heif`. */
  format: string;
  /** Frames or pages in the file; only the first is decoded. */
  pages: number;
  /** The file carried an alpha channel (dropped, not composited, as PIL's RGB conversion does). */
  hadAlpha: boolean;
  /** libvips' colour space of the file, e.g. `srgb`, `b-w`, `cmyk`, `grey16`, `rgb16`. */
  space: string;
  /** Sample depth, e.g. `uchar` (8-bit) or `ushort` (16-bit). */
  depth: string;
  /** EXIF orientation that was applied (1 = none). */
  orientation: number;
  conversion: RgbConversion;
}

/** A decoded image: 8-bit RGB, upright, plus what was decoded. */
export interface DecodedImage extends RgbImage {
  info: DecodedImageInfo;
}

/**
 * Containers both sharp and PIL read. (SVG and PDF sharp could render are refused: PIL cannot open
 * them, so the reference would fail on them too; of HEIF only AVIF is read, as PIL reads it.)
 */
const SUPPORTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

/** Image formats PIL reads but sharp's libvips build does not, recognised by their first bytes. */
const UNREADABLE_SIGNATURES: { name: string; test: (b: Uint8Array) => boolean }[] = [
  { name: 'BMP', test: (b) => b[0] === 0x42 && b[1] === 0x4d },
  { name: 'ICO', test: (b) => b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0 },
  {
    name: 'PNM (PBM/PGM/PPM)',
    test: (b) => b[0] === 0x50 && b[1] !== undefined && b[1] >= 0x31 && b[1] <= 0x36,
  },
  { name: 'JPEG 2000', test: (b) => (b[0] === 0xff && b[1] === 0x4f) || (b[4] === 0x6a && b[5] === 0x50) },
  { name: 'PSD', test: (b) => String.fromCharCode(b[0] ?? 0, b[1] ?? 0, b[2] ?? 0, b[3] ?? 0) === '8BPS' },
];

/**
 * Decodes `file` to upright 8-bit RGB. Throws ImageDecodeError (missing, empty, unreadable,
 * truncated, corrupt, not an image, unsupported format) or ImageTooLargeError (over
 * `limits.maxInputPixels`, checked from the header before decoding), each naming the file.
 */
export async function decodeImageRgb(file: string, limits: Partial<ImageLimits> = {}): Promise<DecodedImage> {
  const { maxInputPixels, maxFileBytes } = ImageLimitsSchema.parse(limits);
  const bytes = await readImageFile(file, maxFileBytes);
  const options: SharpOptions = {
    // 'error' rejects truncated and broken data but, like PIL, accepts files with harmless libjpeg
    // warnings (e.g. extraneous bytes before a marker), which the default 'warning' would refuse.
    failOn: 'error',
    // Our own cap is checked first from the header with a clear error; sharp's stays as a backstop
    // at the same value while decoding.
    limitInputPixels: maxInputPixels,
    ignoreIcc: true,
    pages: 1,
    page: 0,
  };

  let metadata: Metadata;
  try {
    // Header only: the cap is checked below, with our error rather than sharp's.
    metadata = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageDecodeError(file, describeSharpError(error, bytes), error);
  }
  const { format, width, height } = metadata;
  if (!SUPPORTED_FORMATS.has(format) || (format === 'heif' && metadata.compression !== 'av1')) {
    const name = format === 'heif' ? `heif/${metadata.compression ?? 'unknown'}` : format;
    throw new ImageDecodeError(file, `unsupported image format '${name}' (PIL cannot open it either)`);
  }
  const pageHeight = metadata.pageHeight ?? height;
  if (width * pageHeight > maxInputPixels) {
    throw new ImageTooLargeError(file, width, pageHeight, maxInputPixels);
  }

  const space = metadata.space ?? 'srgb';
  const hadAlpha = metadata.hasAlpha;
  const conversion: RgbConversion =
    space === 'cmyk' ? 'cmyk' : space === 'grey16' && !hadAlpha ? 'grey16-clip' : 'direct';
  const pipeline = sharp(bytes, options).autoOrient();
  if (conversion === 'cmyk') {
    // Keep the CMYK samples as stored (Adobe inversion undone by the decoder, as PIL's "CMYK;I").
    pipeline.pipelineColourspace('cmyk').toColourspace('cmyk').raw();
  } else if (conversion === 'grey16-clip') {
    pipeline.toColourspace('grey16').raw({ depth: 'ushort' });
  } else {
    pipeline.raw();
  }

  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (/pixel limit/i.test(String(error))) {
      throw new ImageTooLargeError(file, width, pageHeight, maxInputPixels);
    }
    throw new ImageDecodeError(file, describeSharpError(error), error);
  }
  const { info } = decoded;
  // A plain Uint8Array view (not a Buffer) over sharp's output, which nothing else references.
  const data = new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.length);
  const pixels = info.width * info.height;
  let rgb: Uint8Array;
  if (conversion === 'cmyk') {
    rgb = rgbFromCmyk(data, pixels, info.channels);
  } else if (conversion === 'grey16-clip') {
    const aligned = data.byteOffset % 2 === 0 ? data : data.slice();
    rgb = rgbFromGrey16(new Uint16Array(aligned.buffer, aligned.byteOffset, pixels), pixels);
  } else {
    const transparent =
      format === 'gif' && info.channels === 4 ? gifFirstFrameTransparentColour(bytes) : undefined;
    rgb = rgbFromChannels(data, pixels, info.channels, transparent);
  }
  return {
    data: rgb,
    width: info.width,
    height: info.height,
    info: {
      format,
      pages: metadata.pages ?? 1,
      hadAlpha,
      space,
      depth: metadata.depth ?? 'uchar',
      orientation: metadata.orientation ?? 1,
      conversion,
    },
  };
}

/** A reason a user can act on, from sharp's/libvips' message (and the file's first bytes). */
function describeSharpError(error: unknown, bytes?: Uint8Array): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() ?? '';
  if (/unsupported image format/i.test(message)) {
    const known = bytes === undefined ? undefined : UNREADABLE_SIGNATURES.find((s) => s.test(bytes));
    return known !== undefined
      ? `a ${known.name} image, which the decoder (sharp/libvips) cannot read; convert it to PNG or JPEG`
      : 'not an image file (the content is in no format the decoder recognises)';
  }
  if (/premature end|truncat|unexpected end|read error|end of (file|data|stream)/i.test(message)) {
    return `truncated image data (${message})`;
  }
  return `corrupt image data (${message})`;
}
