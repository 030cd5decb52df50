import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { decodeImageRgb } from '../../../src/engine/image/decodeImage';
import { ImageDecodeError, ImageTooLargeError } from '../../../src/errors';
import { PIL_FIXTURES } from './helpers/pilFixtures';
import { coordinatePixels, rawImage, scratchDir } from './helpers/testImages';

let scratch: Awaited<ReturnType<typeof scratchDir>>;

beforeAll(async () => {
  scratch = await scratchDir();
});

afterAll(async () => {
  await scratch.remove();
});

describe('decodeImageRgb: same RGB as transformers load_image (PIL)', () => {
  it.each(PIL_FIXTURES.map((f) => [f.name, f] as const))('%s', async (name, fixture) => {
    const file = scratch.path(name);
    await writeFile(file, Buffer.from(fixture.base64, 'base64'));
    const decoded = await decodeImageRgb(file);
    expect([decoded.width, decoded.height]).toEqual([fixture.width, fixture.height]);
    expect(Array.from(decoded.data)).toEqual(fixture.rgb);
  });

  it('reports the format, page count, alpha and conversion it used', async () => {
    const byName = async (name: string) => {
      const file = scratch.path(`info-${name}`);
      const fixture = PIL_FIXTURES.find((f) => f.name === name);
      await writeFile(file, Buffer.from(fixture?.base64 ?? '', 'base64'));
      return (await decodeImageRgb(file)).info;
    };
    expect(await byName('cmyk.jpg')).toMatchObject({ format: 'jpeg', space: 'cmyk', conversion: 'cmyk' });
    expect(await byName('grey16.png')).toMatchObject({
      format: 'png',
      depth: 'ushort',
      conversion: 'grey16-clip',
    });
    expect(await byName('rgba.png')).toMatchObject({ hadAlpha: true, conversion: 'direct' });
    expect(await byName('animated.gif')).toMatchObject({ format: 'gif', pages: 2 });
    expect(await byName('pages.tif')).toMatchObject({ format: 'tiff', pages: 2 });
    expect(await byName('orient6.png')).toMatchObject({ orientation: 6 });
  });
});

describe('decodeImageRgb: lossless round trips', () => {
  const width = 9;
  const height = 5;
  const rgb = coordinatePixels(width, height, 3);

  it.each([
    ['png', (s: ReturnType<typeof rawImage>) => s.png()],
    ['webp', (s: ReturnType<typeof rawImage>) => s.webp({ lossless: true })],
    ['tif', (s: ReturnType<typeof rawImage>) => s.tiff({ compression: 'lzw' })],
  ])('returns the exact pixels of a lossless %s', async (ext, encode) => {
    const file = scratch.path(`roundtrip.${ext}`);
    await encode(rawImage(rgb, width, height, 3)).toFile(file);
    const decoded = await decodeImageRgb(file);
    expect(decoded.width).toBe(width);
    expect(decoded.height).toBe(height);
    expect(decoded.data).toEqual(rgb);
  });

  it('replicates an 8-bit greyscale PNG into RGB', async () => {
    const grey = coordinatePixels(width, height, 1);
    const file = scratch.path('grey.png');
    await rawImage(grey, width, height, 1).toColourspace('b-w').png().toFile(file);
    const decoded = await decodeImageRgb(file);
    expect(Array.from(decoded.data.filter((_, i) => i % 3 === 0))).toEqual(Array.from(grey));
    expect(Array.from(decoded.data.filter((_, i) => i % 3 === 2))).toEqual(Array.from(grey));
  });
});

describe('decodeImageRgb: bad input', () => {
  const expectDecodeError = async (file: string, reason: RegExp) => {
    const error = await decodeImageRgb(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as ImageDecodeError).file).toBe(file);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(reason);
  };

  it('names a missing file', async () => {
    await expectDecodeError(scratch.path('nope.jpg'), /file not found/);
  });

  it('names an empty file', async () => {
    const file = scratch.path('empty.png');
    await writeFile(file, '');
    await expectDecodeError(file, /empty \(0 bytes\)/);
  });

  it('names a directory', async () => {
    const dir = scratch.path('folder.jpg');
    await mkdir(dir);
    await expectDecodeError(dir, /not a regular file/);
  });

  it('names text with an image extension', async () => {
    const file = scratch.path('notes.jpg');
    await writeFile(file, 'these are not pixels\n');
    await expectDecodeError(file, /not an image file/);
  });

  it('names a truncated JPEG and a truncated PNG', async () => {
    const jpeg = await rawImage(coordinatePixels(64, 64, 3), 64, 64, 3)
      .jpeg()
      .toBuffer();
    const png = await rawImage(coordinatePixels(64, 64, 3), 64, 64, 3)
      .png()
      .toBuffer();
    await writeFile(scratch.path('cut.jpg'), jpeg.subarray(0, jpeg.length >> 1));
    await writeFile(scratch.path('cut.png'), png.subarray(0, png.length >> 1));
    await expectDecodeError(scratch.path('cut.jpg'), /truncated|corrupt/);
    await expectDecodeError(scratch.path('cut.png'), /truncated|corrupt/);
  });

  it('names a format PIL cannot open either (SVG)', async () => {
    const file = scratch.path('drawing.png');
    await writeFile(
      file,
      '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
    );
    await expectDecodeError(file, /unsupported image format 'svg'/);
  });

  it('recognises a BMP (which PIL reads and sharp cannot) and says what to do', async () => {
    const file = scratch.path('scan.bmp');
    await writeFile(file, Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]));
    await expectDecodeError(
      file,
      /a BMP image, which the decoder \(sharp\/libvips\) cannot read; convert it/,
    );
  });

  it('names a file over the byte limit before reading it', async () => {
    const file = scratch.path('bytes.png');
    await rawImage(coordinatePixels(8, 8, 3), 8, 8, 3)
      .png()
      .toFile(file);
    const size = (await readFile(file)).length;
    await expect(decodeImageRgb(file, { maxFileBytes: size - 1 })).rejects.toThrow(
      new RegExp(`${size} bytes, over the limit of ${size - 1} bytes`),
    );
  });

  it('rejects an image over the pixel cap with ImageTooLargeError, from the header', async () => {
    const file = scratch.path('big.png');
    await rawImage(coordinatePixels(20, 10, 3), 20, 10, 3)
      .png()
      .toFile(file);
    const error = await decodeImageRgb(file, { maxInputPixels: 199 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageTooLargeError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/20x10 \(200 pixels\), over the hard cap of 199 pixels/);
    await expect(decodeImageRgb(file, { maxInputPixels: 200 })).resolves.toMatchObject({
      width: 20,
      height: 10,
    });
  });

  it('refuses invalid limits', async () => {
    await expect(decodeImageRgb(scratch.path('x.png'), { maxInputPixels: -1 })).rejects.toThrow();
  });
});
