import type { NamedColor } from './palette';
import { colorDistance } from './palette';
import type { SeededRandom } from './seededRandom';
import type { ShapeBox, ShapeKind } from './shapeGeometry';
import { SHAPE_KINDS, shapeArea } from './shapeGeometry';

/** A shape placed in a sample image with its color. */
export interface PlacedShape extends ShapeBox {
  color: NamedColor;
}

/**
 * What a sample image shows and the facts its questions ask about. Built so every fact is
 * unambiguous: exactly one shape of `uniqueKind`, exactly `count` shapes of `countKind`, one shape
 * clearly larger than all others, shapes that never overlap and stand out from the background.
 */
export interface Scene {
  width: number;
  height: number;
  background: NamedColor;
  shapes: PlacedShape[];
  countKind: ShapeKind;
  count: number;
  uniqueKind: ShapeKind;
  largestKind: ShapeKind;
}

/** Shape colors must differ from the background by at least this RGB distance. */
const MIN_CONTRAST = 140;
const PLACEMENT_TRIES = 300;

function overlaps(a: ShapeBox, b: ShapeBox, gap: number): boolean {
  const reach = (a.size + b.size) / 2 + gap;
  return Math.abs(a.cx - b.cx) < reach && Math.abs(a.cy - b.cy) < reach;
}

/** Tries random positions for a box of `size` that keeps `margin` to the edges and `gap` to others. */
function place(
  random: SeededRandom,
  kind: ShapeKind,
  size: number,
  placed: ShapeBox[],
  frame: { width: number; height: number; margin: number; gap: number },
): ShapeBox | undefined {
  const low = frame.margin + size / 2;
  const highX = frame.width - low;
  const highY = frame.height - low;
  if (highX < low || highY < low) return undefined;
  for (let attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
    const box = { kind, size, cx: random.float(low, highX), cy: random.float(low, highY) };
    if (!placed.some((other) => overlaps(box, other, frame.gap))) return box;
  }
  return undefined;
}

/**
 * Draws a scene for a `width`×`height` image from `colors` (the full palette, or grays only for
 * grayscale images). Consumes `random` deterministically.
 */
export function buildScene(
  random: SeededRandom,
  width: number,
  height: number,
  colors: readonly NamedColor[],
): Scene {
  const background = random.pick(colors);
  const shapeColors = colors.filter((c) => colorDistance(c, background) >= MIN_CONTRAST);
  const countKind = random.pick(SHAPE_KINDS);
  const count = random.int(1, 4);
  const uniqueKind = random.pick(SHAPE_KINDS.filter((k) => k !== countKind));
  const required: ShapeKind[] = [...Array.from({ length: count }, () => countKind), uniqueKind];
  const distractors: ShapeKind[] = [];
  for (const kind of SHAPE_KINDS) {
    if (kind === countKind || kind === uniqueKind) continue;
    for (let n = random.int(0, 2); n > 0; n--) distractors.push(kind);
  }
  const all = [...required, ...distractors];
  const bigIndex = random.int(0, all.length - 1);
  const minSide = Math.min(width, height);
  const frame = {
    width,
    height,
    margin: Math.max(4, Math.round(minSide * 0.04)),
    gap: Math.max(4, Math.round(minSide * 0.03)),
  };
  let bigSize = minSide * random.float(0.34, 0.42);
  const smallFactors = all.map(() => random.float(0.35, 0.5));
  // Positions: the big shape first, then the required ones; a distractor that does not fit is
  // dropped; if a required shape does not fit, everything shrinks and placement starts again.
  for (;;) {
    const order = [bigIndex, ...all.map((_, i) => i).filter((i) => i !== bigIndex)];
    const placed: Array<{ index: number; box: ShapeBox }> = [];
    let failed = false;
    for (const index of order) {
      const kind = all[index] as ShapeKind;
      const size = index === bigIndex ? bigSize : bigSize * (smallFactors[index] ?? 0.4);
      const box = place(
        random,
        kind,
        size,
        placed.map((p) => p.box),
        frame,
      );
      if (box !== undefined) placed.push({ index, box });
      else if (index < required.length || index === bigIndex) failed = true;
      if (failed) break;
    }
    if (failed) {
      bigSize *= 0.85;
      continue;
    }
    placed.sort((a, b) => a.index - b.index);
    const shapes = placed.map(({ box }) => ({ ...box, color: random.pick(shapeColors) }));
    const largest = shapes.reduce((best, shape) => (shapeArea(shape) > shapeArea(best) ? shape : best));
    return {
      width,
      height,
      background,
      shapes,
      countKind,
      count,
      uniqueKind,
      largestKind: largest.kind,
    };
  }
}
