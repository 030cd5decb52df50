/** The shapes drawn in sample images. */
export const SHAPE_KINDS = ['circle', 'square', 'triangle', 'star'] as const;

/** One of `SHAPE_KINDS`. */
export type ShapeKind = (typeof SHAPE_KINDS)[number];

/** A shape centered at (cx, cy) inside an axis-aligned square box of side `size`. */
export interface ShapeBox {
  kind: ShapeKind;
  cx: number;
  cy: number;
  size: number;
}

const STAR_INNER_RATIO = 0.45;
const DEG = Math.PI / 180;
/** A 5-point star of outer radius R is 2·R·sin 72° wide: the box side fixes R. */
const STAR_WIDTH_PER_RADIUS = 2 * Math.sin(72 * DEG);

/** Area covered by a shape, in square pixels (used to make "largest" unambiguous). */
export function shapeArea(shape: ShapeBox): number {
  const s = shape.size;
  switch (shape.kind) {
    case 'circle':
      return (Math.PI / 4) * s * s;
    case 'square':
      return s * s;
    case 'triangle':
      return (Math.sqrt(3) / 4) * s * s;
    case 'star': {
      const outer = s / STAR_WIDTH_PER_RADIUS;
      return 5 * outer * (outer * STAR_INNER_RATIO) * Math.sin(36 * DEG);
    }
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function points(list: Array<[number, number]>): string {
  return list.map(([x, y]) => `${round(x)},${round(y)}`).join(' ');
}

/** The SVG element that draws a shape, filled with `fill`; every shape stays inside its box. */
export function shapeSvg(shape: ShapeBox, fill: string): string {
  const { cx, cy, size } = shape;
  const half = size / 2;
  switch (shape.kind) {
    case 'circle':
      return `<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(half)}" fill="${fill}"/>`;
    case 'square':
      return `<rect x="${round(cx - half)}" y="${round(cy - half)}" width="${round(size)}" height="${round(size)}" fill="${fill}"/>`;
    case 'triangle': {
      // Equilateral, point up, centered vertically in its box.
      const height = (Math.sqrt(3) / 2) * size;
      const top = cy - height / 2;
      return `<polygon points="${points([
        [cx, top],
        [cx + half, top + height],
        [cx - half, top + height],
      ])}" fill="${fill}"/>`;
    }
    case 'star': {
      const outer = size / STAR_WIDTH_PER_RADIUS;
      const inner = outer * STAR_INNER_RATIO;
      // The star spans -R .. R·cos36° vertically around its center: shift it to center the box.
      const centerY = cy + (outer * (1 - Math.cos(36 * DEG))) / 2;
      const corners: Array<[number, number]> = [];
      for (let i = 0; i < 10; i++) {
        const radius = i % 2 === 0 ? outer : inner;
        const angle = (-90 + i * 36) * DEG;
        corners.push([cx + radius * Math.cos(angle), centerY + radius * Math.sin(angle)]);
      }
      return `<polygon points="${points(corners)}" fill="${fill}"/>`;
    }
  }
}
