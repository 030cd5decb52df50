import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeSampleImage } from './encodeSampleImage';
import { describeSample, sampleManifestRows } from './sampleSpec';

/** Name of the manifest the generator writes next to the `images/` folder. */
export const SAMPLE_MANIFEST_NAME = 'manifest.jsonl';

/** What `generateSample` wrote. */
export interface GeneratedSample {
  manifestPath: string;
  images: number;
  questions: number;
  totalBytes: number;
}

/**
 * Writes the bundled shapes sample into `outDir`: `images/shape-NNN.{jpg,png,webp}` and
 * `manifest.jsonl` (file, question_id, question, reference, category). Deterministic: the same sharp
 * version writes byte-identical files. Existing files of the same names are overwritten; others are
 * left alone. `count` (default 178) exists for quick tests.
 */
export async function generateSample(
  outDir: string,
  options: { count?: number; onImage?: (done: number, total: number) => void } = {},
): Promise<GeneratedSample> {
  const specs = describeSample(options.count);
  await mkdir(path.join(outDir, 'images'), { recursive: true });
  let totalBytes = 0;
  // One image at a time: libvips already uses several threads per image, and the machine is shared.
  for (const [done, spec] of specs.entries()) {
    const bytes = await encodeSampleImage(spec);
    await writeFile(path.join(outDir, spec.file), bytes);
    totalBytes += bytes.length;
    options.onImage?.(done + 1, specs.length);
  }
  const rows = sampleManifestRows(specs);
  const manifestPath = path.join(outDir, SAMPLE_MANIFEST_NAME);
  const manifest = rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  await writeFile(manifestPath, manifest);
  totalBytes += Buffer.byteLength(manifest);
  return { manifestPath, images: specs.length, questions: rows.length, totalBytes };
}
