import type { SampleColorMode } from './sampleSpec';
import type { Scene } from './sampleScene';
import { shapeSvg } from './shapeGeometry';

/**
 * The SVG drawing of a scene: a background filling the canvas, then the shapes. Images with alpha get
 * rounded, transparent corners (well away from any shape, so no answer depends on how a reader
 * flattens transparency). No text: text rendering would depend on installed fonts.
 */
export function renderSampleSvg(scene: Scene, mode: SampleColorMode): string {
  const { width, height } = scene;
  const corner = mode === 'alpha' ? ` rx="${Math.round(Math.min(width, height) * 0.03)}"` : '';
  const shapes = scene.shapes.map((shape) => shapeSvg(shape, shape.color.hex));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="0" y="0" width="${width}" height="${height}"${corner} fill="${scene.background.hex}"/>`,
    ...shapes,
    '</svg>',
  ].join('\n');
}
