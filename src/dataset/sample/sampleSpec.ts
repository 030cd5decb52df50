import type { ManifestRow } from '../../schemas/dataset';
import { FULL_COLORS, GRAY_COLORS } from './palette';
import type { Scene } from './sampleScene';
import { buildScene } from './sampleScene';
import { SeededRandom } from './seededRandom';

/** Number of images in the bundled sample; four questions each make 712 questions. */
export const SAMPLE_IMAGE_COUNT = 178;

/** Encodings used by the sample images. */
export type SampleFormat = 'jpeg' | 'png' | 'webp';

/** Pixel layouts exercised by the sample: color, one gray channel, an indexed palette, or with alpha. */
export type SampleColorMode = 'rgb' | 'grayscale' | 'palette' | 'alpha';

/** Question kinds; each is also the question's category in the manifest. */
export type SampleCategory = 'background_color' | 'count' | 'largest_shape' | 'shape_color';

/** One question with its true answer, as written to the manifest. */
export interface SampleQuestion {
  questionId: string;
  question: string;
  reference: string;
  category: SampleCategory;
}

/** Everything needed to render one sample image and write its manifest rows. */
export interface SampleImageSpec {
  /** 1-based. */
  index: number;
  /** Path relative to the sample folder, e.g. `images/shape-001.jpg`. */
  file: string;
  format: SampleFormat;
  mode: SampleColorMode;
  scene: Scene;
  questions: SampleQuestion[];
}

const EXTENSION: Record<SampleFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/** Width / height ratios the sample draws from (landscape, square, portrait, panoramic). */
const ASPECTS = [4 / 3, 3 / 4, 1, 16 / 9, 9 / 16, 3 / 2, 2 / 3, 2, 1 / 2];

function plural(kind: string): string {
  return `${kind}s`;
}

/** Format and pixel layout by index: a fixed pattern, so the mix is exact and easy to audit. */
function formatAndMode(index: number): { format: SampleFormat; mode: SampleColorMode } {
  if (index % 15 === 0) return { format: index % 2 === 0 ? 'jpeg' : 'png', mode: 'grayscale' };
  if (index % 17 === 0) return { format: 'png', mode: 'palette' };
  if (index % 19 === 0) return { format: index % 2 === 0 ? 'png' : 'webp', mode: 'alpha' };
  const slot = index % 10;
  return { format: slot < 5 ? 'jpeg' : slot < 8 ? 'png' : 'webp', mode: 'rgb' };
}

/** Shortest side of any sample image, in pixels. */
const MIN_SHORT_SIDE = 150;

/**
 * Image size: mostly small (long side 240–520 px), every 16th one large (long side 800–1000 px); the
 * long side grows where needed to keep the short side at least 150 px.
 */
function dimensions(random: SeededRandom, index: number): { width: number; height: number } {
  const large = index % 16 === 7;
  const drawn = large ? random.int(800, 1000) : random.int(240, 520);
  const aspect = random.pick(ASPECTS);
  const longSide = Math.max(drawn, Math.ceil(MIN_SHORT_SIDE * Math.max(aspect, 1 / aspect)));
  return aspect >= 1
    ? { width: longSide, height: Math.round(longSide / aspect) }
    : { width: Math.round(longSide * aspect), height: longSide };
}

/** The four questions about a scene, with answers read off the scene itself. */
function questionsFor(id: string, scene: Scene): SampleQuestion[] {
  return [
    {
      questionId: `${id}-background`,
      question: 'What color is the background?',
      reference: scene.background.name,
      category: 'background_color',
    },
    {
      questionId: `${id}-count`,
      question: `How many ${plural(scene.countKind)} are there?`,
      reference: String(scene.count),
      category: 'count',
    },
    {
      questionId: `${id}-largest`,
      question: 'Which shape is the largest?',
      reference: scene.largestKind,
      category: 'largest_shape',
    },
    {
      questionId: `${id}-color`,
      question: `What color is the ${scene.uniqueKind}?`,
      reference: scene.shapes.find((s) => s.kind === scene.uniqueKind)?.color.name ?? '',
      category: 'shape_color',
    },
  ];
}

/** Describes sample image `index` (1-based); each image has its own seed, so images are independent. */
export function describeSampleImage(index: number): SampleImageSpec {
  const random = new SeededRandom(0x5eed0000 + index * 7919);
  const { format, mode } = formatAndMode(index);
  const { width, height } = dimensions(random, index);
  const scene = buildScene(random, width, height, mode === 'grayscale' ? GRAY_COLORS : FULL_COLORS);
  const id = `shape-${String(index).padStart(3, '0')}`;
  return {
    index,
    file: `images/${id}.${EXTENSION[format]}`,
    format,
    mode,
    scene,
    questions: questionsFor(id, scene),
  };
}

/** All sample images, in order. Pure: no files are read or written. */
export function describeSample(count: number = SAMPLE_IMAGE_COUNT): SampleImageSpec[] {
  return Array.from({ length: count }, (_, i) => describeSampleImage(i + 1));
}

/** The manifest rows of a described sample, in order (four per image). */
export function sampleManifestRows(specs: SampleImageSpec[]): ManifestRow[] {
  return specs.flatMap((spec) =>
    spec.questions.map((q) => ({
      file: spec.file,
      question_id: q.questionId,
      question: q.question,
      reference: q.reference,
      category: q.category,
    })),
  );
}
