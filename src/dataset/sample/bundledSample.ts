import path from 'node:path';

/**
 * Folder of the bundled shapes sample (`samples/shapes` at the project root: 178 images, 712
 * questions). Resolved from this file's location, which is three levels below the root both in
 * `src/` (tests) and in `dist/` (the built CLI).
 */
export const BUNDLED_SAMPLE_DIR = path.resolve(__dirname, '..', '..', '..', 'samples', 'shapes');

/** The bundled sample's manifest file; pass it to `loadDataset({ path })`. */
export const BUNDLED_SAMPLE_MANIFEST = path.join(BUNDLED_SAMPLE_DIR, 'manifest.jsonl');
