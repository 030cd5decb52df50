import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Sharp } from 'sharp';

/** A scratch folder for image files written by a test file; remove() deletes it. */
export async function scratchDir(): Promise<{
  dir: string;
  path: (name: string) => string;
  remove: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'vqa-image-test-'));
  return { dir, path: (name) => join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Deterministic pseudo-random bytes (an LCG), for pixel data that compresses badly. */
export function noiseBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/** Interleaved pixels where each pixel's channels encode its position: (x * 7, y * 11, x + y) mod 256. */
export function coordinatePixels(width: number, height: number, channels: number): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      out[o] = (x * 7) & 255;
      if (channels > 1) out[o + 1] = (y * 11) & 255;
      if (channels > 2) out[o + 2] = (x + y) & 255;
      if (channels > 3) out[o + 3] = (x * 3 + y * 5) & 255;
    }
  }
  return out;
}

/** Raw interleaved pixels as a sharp input. */
export function rawImage(data: Uint8Array, width: number, height: number, channels: 1 | 2 | 3 | 4): Sharp {
  return sharp(Buffer.from(data), { raw: { width, height, channels } });
}

/** Writes bytes to a file. */
export async function writeBytes(file: string, bytes: Uint8Array | string): Promise<void> {
  await writeFile(file, bytes);
}
