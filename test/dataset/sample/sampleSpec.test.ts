import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { loadDataset } from '../../../src/dataset/loadDataset';
import { BUNDLED_SAMPLE_DIR, BUNDLED_SAMPLE_MANIFEST } from '../../../src/dataset/sample/bundledSample';
import { encodeSampleImage } from '../../../src/dataset/sample/encodeSampleImage';
import { colorDistance } from '../../../src/dataset/sample/palette';
import {
  describeSample,
  sampleManifestRows,
  SAMPLE_IMAGE_COUNT,
} from '../../../src/dataset/sample/sampleSpec';
import type { SampleImageSpec } from '../../../src/dataset/sample/sampleSpec';
import { shapeArea } from '../../../src/dataset/sample/shapeGeometry';

const specs = describeSample();

describe('the bundled shapes sample', () => {
  it('has 178 images with 4 questions each, 712 in all, ids and file names unique', () => {
    expect(SAMPLE_IMAGE_COUNT).toBe(178);
    expect(specs).toHaveLength(178);
    const rows = sampleManifestRows(specs);
    expect(rows).toHaveLength(712);
    expect(new Set(rows.map((r) => r.question_id)).size).toBe(712);
    expect(new Set(specs.map((s) => s.file)).size).toBe(178);
    const categories = new Map<string, number>();
    for (const row of rows) categories.set(row.category ?? '', (categories.get(row.category ?? '') ?? 0) + 1);
    expect(Object.fromEntries(categories)).toEqual({
      background_color: 178,
      count: 178,
      largest_shape: 178,
      shape_color: 178,
    });
  });

  it('committed manifest.jsonl is exactly what the generator describes', () => {
    const expected = sampleManifestRows(specs)
      .map((row) => JSON.stringify(row))
      .join('\n');
    expect(readFileSync(BUNDLED_SAMPLE_MANIFEST, 'utf8')).toBe(`${expected}\n`);
  });

  it('loads as a valid dataset of 712 questions', async () => {
    const dataset = await loadDataset({ path: BUNDLED_SAMPLE_DIR });
    expect(dataset.items).toHaveLength(712);
    expect(dataset.items.every((item) => item.reference !== undefined && item.category !== undefined)).toBe(
      true,
    );
  });

  it('committed images have the format, size and pixel layout of their spec', async () => {
    const channels: Record<SampleImageSpec['mode'], number> = { rgb: 3, grayscale: 1, palette: 3, alpha: 4 };
    for (const spec of specs) {
      const meta = await sharp(path.join(BUNDLED_SAMPLE_DIR, spec.file)).metadata();
      expect([spec.file, meta.format, meta.width, meta.height, meta.channels]).toEqual([
        spec.file,
        spec.format,
        spec.scene.width,
        spec.scene.height,
        channels[spec.mode],
      ]);
      if (spec.mode === 'palette') expect(meta.isPalette).toBe(true);
    }
  });

  it('mixes formats, pixel layouts and sizes from about 200x150 to about 1000x800', () => {
    const formats = new Set(specs.map((s) => s.format));
    const modes = new Set(specs.map((s) => s.mode));
    expect([...formats].sort()).toEqual(['jpeg', 'png', 'webp']);
    expect([...modes].sort()).toEqual(['alpha', 'grayscale', 'palette', 'rgb']);
    const shortSides = specs.map((s) => Math.min(s.scene.width, s.scene.height));
    const longSides = specs.map((s) => Math.max(s.scene.width, s.scene.height));
    expect(Math.min(...shortSides)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...longSides)).toBeLessThanOrEqual(1000);
    expect(longSides.filter((l) => l >= 800).length).toBeGreaterThanOrEqual(8);
  });

  it('re-encodes a JPEG, a grayscale PNG, a palette PNG and an alpha WebP byte-identically', async () => {
    const picks = [
      specs.find((s) => s.format === 'jpeg' && s.mode === 'rgb'),
      specs.find((s) => s.format === 'png' && s.mode === 'grayscale'),
      specs.find((s) => s.mode === 'palette'),
      specs.find((s) => s.format === 'webp' && s.mode === 'alpha'),
    ];
    for (const spec of picks) {
      if (spec === undefined) throw new Error('the sample lacks a format/mode combination');
      const committed = readFileSync(path.join(BUNDLED_SAMPLE_DIR, spec.file));
      expect((await encodeSampleImage(spec)).equals(committed)).toBe(true);
    }
  });
});

describe('sample scenes make every reference answer true and unambiguous', () => {
  it.each(specs.map((spec) => [spec.file, spec] as const))('%s', (_file, spec) => {
    const { scene, questions } = spec;
    const references = Object.fromEntries(questions.map((q) => [q.category, q.reference]));
    expect(references.background_color).toBe(scene.background.name);
    expect(scene.shapes.filter((s) => s.kind === scene.countKind)).toHaveLength(Number(references.count));
    const unique = scene.shapes.filter((s) => s.kind === scene.uniqueKind);
    expect(unique).toHaveLength(1);
    expect(references.shape_color).toBe(unique[0]?.color.name);
    expect(questions.find((q) => q.category === 'shape_color')?.question).toBe(
      `What color is the ${scene.uniqueKind}?`,
    );
    // One shape is the largest by a clear margin (30% more area than any other).
    const areas = scene.shapes
      .map((s) => ({ kind: s.kind, area: shapeArea(s) }))
      .sort((a, b) => b.area - a.area);
    expect(references.largest_shape).toBe(areas[0]?.kind);
    expect(areas[0]?.area ?? 0).toBeGreaterThan(1.3 * (areas[1]?.area ?? 0));
    for (const [i, a] of scene.shapes.entries()) {
      // Inside the canvas, big enough to see, no overlaps, visible against the background.
      expect(a.cx - a.size / 2).toBeGreaterThanOrEqual(0);
      expect(a.cy - a.size / 2).toBeGreaterThanOrEqual(0);
      expect(a.cx + a.size / 2).toBeLessThanOrEqual(scene.width);
      expect(a.cy + a.size / 2).toBeLessThanOrEqual(scene.height);
      expect(a.size).toBeGreaterThanOrEqual(10);
      expect(colorDistance(a.color, scene.background)).toBeGreaterThanOrEqual(140);
      for (const b of scene.shapes.slice(i + 1)) {
        const apart =
          Math.abs(a.cx - b.cx) >= (a.size + b.size) / 2 || Math.abs(a.cy - b.cy) >= (a.size + b.size) / 2;
        expect(apart).toBe(true);
      }
    }
  });
});
