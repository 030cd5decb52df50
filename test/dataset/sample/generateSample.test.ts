import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_SAMPLE_DIR } from '../../../src/dataset/sample/bundledSample';
import { generateSample } from '../../../src/dataset/sample/generateSample';

describe('generateSample', () => {
  let outDir: string;
  beforeEach(() => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'vqa-sample-'));
  });
  afterEach(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes images and a manifest identical to the first images of the bundled sample', async () => {
    const progress: number[] = [];
    const result = await generateSample(outDir, { count: 6, onImage: (done) => progress.push(done) });
    expect(result.images).toBe(6);
    expect(result.questions).toBe(24);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    const manifest = readFileSync(result.manifestPath, 'utf8').split('\n');
    const bundled = readFileSync(path.join(BUNDLED_SAMPLE_DIR, 'manifest.jsonl'), 'utf8').split('\n');
    expect(manifest.slice(0, 24)).toEqual(bundled.slice(0, 24));
    const images = readdirSync(path.join(outDir, 'images')).sort();
    expect(images).toHaveLength(6);
    for (const name of images) {
      const written = readFileSync(path.join(outDir, 'images', name));
      expect(written.equals(readFileSync(path.join(BUNDLED_SAMPLE_DIR, 'images', name)))).toBe(true);
    }
  });
});
