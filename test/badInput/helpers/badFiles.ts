import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Writers of the files of the bad-input catalogue (docs/BAD_INPUT.md), each a real file of the kind a
 * user could have: nothing here is mocked, the CLI and the engine read them as they would any image.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** A real JPEG of the bundled sample. */
export const SAMPLE_JPEG = path.join(ROOT, 'samples', 'shapes', 'images', 'shape-001.jpg');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'images');

function ensureFolder(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

/** The first `fraction` of a real JPEG: cut off mid-scan, as an interrupted download is. */
export function writeTruncatedJpeg(file: string, fraction = 0.6): void {
  const bytes = readFileSync(SAMPLE_JPEG);
  writeFileSync(ensureFolder(file), bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

/** A PNG whose compressed data was damaged after the header (checksums no longer match). */
export async function writeCorruptPng(file: string): Promise<void> {
  const png = Buffer.from(await sharp(SAMPLE_JPEG).png().toBuffer());
  for (let i = 100; i < 140; i++) {
    png[i] = (png[i] ?? 0) ^ 0x5a;
  }
  writeFileSync(ensureFolder(file), png);
}

/** A 0-byte file. */
export function writeEmptyFile(file: string): void {
  writeFileSync(ensureFolder(file), '');
}

/** A text file named like an image. */
export function writeTextAsImage(file: string): void {
  writeFileSync(ensureFolder(file), 'These are my notes, not a picture.\n');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid PNG header announcing `width` x `height` pixels with almost no data: what a decompression
 * bomb looks like. The hard cap must refuse it from the header, before any pixel is decoded.
 */
export function writeHugePngHeader(file: string, width: number, height: number): void {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  writeFileSync(
    ensureFolder(file),
    Buffer.concat([
      signature,
      pngChunk('IHDR', header),
      pngChunk('IDAT', deflateSync(Buffer.alloc(0))),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** The sample JPEG scaled up to `width` x `height` (over the model's max_pixels when large). */
export async function writeLargeJpeg(file: string, width: number, height: number): Promise<void> {
  await sharp(SAMPLE_JPEG)
    .resize(width, height, { fit: 'fill' })
    .jpeg({ quality: 85 })
    .toFile(ensureFolder(file));
}

/** A solid-colour PNG. */
export async function writeSolidPng(file: string, colour: string, width = 64, height = 48): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toFile(ensureFolder(file));
}

/** A two-frame animated GIF: `first`, then `second`, each `width` x `height`. */
export async function writeAnimatedGif(
  file: string,
  first: string,
  second: string,
  width = 64,
  height = 48,
): Promise<void> {
  const frames = await Promise.all(
    [first, second].map((background) =>
      sharp({ create: { width, height, channels: 3, background } })
        .png()
        .toBuffer(),
    ),
  );
  await sharp(frames, { join: { animated: true } })
    .gif({ delay: [200, 200], loop: 0 })
    .toFile(ensureFolder(file));
}

/** Copies a test fixture image (grayscale, palette, CMYK, 16-bit, alpha ... see its README). */
export function copyFixture(name: string, file: string): void {
  copyFileSync(path.join(FIXTURES, name), ensureFolder(file));
}
