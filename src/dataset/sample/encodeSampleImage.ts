import sharp from 'sharp';
import { renderSampleSvg } from './renderSampleSvg';
import type { SampleImageSpec } from './sampleSpec';

/**
 * Renders and encodes one sample image with sharp. Fixed encoder settings and no metadata make the
 * bytes reproducible with the same sharp/libvips version.
 */
export async function encodeSampleImage(spec: SampleImageSpec): Promise<Buffer> {
  const svg = Buffer.from(renderSampleSvg(spec.scene, spec.mode));
  let image = sharp(svg, { density: 72 });
  if (spec.mode === 'alpha') image = image.ensureAlpha();
  else image = image.flatten({ background: spec.scene.background.hex });
  if (spec.mode === 'grayscale') image = image.toColourspace('b-w');
  switch (spec.format) {
    case 'jpeg':
      return image.jpeg({ quality: 82 }).toBuffer();
    case 'png':
      return image
        .png({ compressionLevel: 9, adaptiveFiltering: false, palette: spec.mode === 'palette', colours: 32 })
        .toBuffer();
    case 'webp':
      return image.webp({ quality: 80, alphaQuality: 100, effort: 4 }).toBuffer();
  }
}
