import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ReportSchema } from '../../src/schemas/report';
import { resultsDatabaseFile } from '../../src/store/paths';
import { openResultStore } from '../../src/store/sqliteStore';
import type { StoredAnswer } from '../../src/store/types';
import { runCli, type CliResult } from '../cli/helpers/runCli';
import { TINY_MODEL_DIR, createLocalTestEnv, tempDir } from '../workflows/harness';
import {
  SAMPLE_JPEG,
  copyFixture,
  writeAnimatedGif,
  writeCorruptPng,
  writeEmptyFile,
  writeHugePngHeader,
  writeLargeJpeg,
  writeSolidPng,
  writeTextAsImage,
  writeTruncatedJpeg,
} from './helpers/badFiles';

/**
 * Bad and unusual images through the user's path: one `vqa-eval run` (in-process worker, the real tiny
 * model) over a dataset holding each kind. A bad file fails its own questions (stored with a reason
 * naming the file), never the run; unusual but valid images are answered. `vqa-eval report` lists
 * every failure with its reason.
 */

const dataDir = tempDir('bad-images');
const datasetDir = path.join(dataDir, 'dataset');
let env: TestWorkflowEnvironment;
let run: CliResult;
let rows: Map<string, StoredAnswer>;

/** One manifest row per case: question id -> image file (relative to the dataset folder). */
const FILES: Record<string, string> = {
  ok: 'images/ok.jpg',
  'over-max-pixels': 'images/large-1400x1000.jpg',
  'over-hard-cap': 'images/bomb-20000x20000.png',
  truncated: 'images/truncated.jpg',
  corrupt: 'images/corrupt.png',
  'zero-bytes': 'images/empty.jpg',
  'not-an-image': 'images/notes.jpg',
  'animated-gif': 'images/animated.gif',
  'gif-first-frame': 'images/red.png',
  'gif-second-frame': 'images/blue.png',
  grayscale: 'images/gray.png',
  palette: 'images/palette.png',
  'palette-transparency': 'images/palette-trns.png',
  cmyk: 'images/cmyk.jpg',
  '16-bit': 'images/rgb16.png',
  alpha: 'images/rgba.png',
  'special-tokens': 'images/ok.jpg',
};

beforeAll(async () => {
  const at = (relative: string): string => path.join(datasetDir, relative);
  mkdirSync(at('images'), { recursive: true });
  copyFileSync(SAMPLE_JPEG, at('images/ok.jpg'));
  await writeLargeJpeg(at('images/large-1400x1000.jpg'), 1400, 1000);
  writeHugePngHeader(at('images/bomb-20000x20000.png'), 20_000, 20_000);
  writeTruncatedJpeg(at('images/truncated.jpg'));
  await writeCorruptPng(at('images/corrupt.png'));
  writeEmptyFile(at('images/empty.jpg'));
  writeTextAsImage(at('images/notes.jpg'));
  await writeAnimatedGif(at('images/animated.gif'), '#ff0000', '#0000ff');
  await writeSolidPng(at('images/red.png'), '#ff0000');
  await writeSolidPng(at('images/blue.png'), '#0000ff');
  copyFixture('png_gray_180x120.png', at('images/gray.png'));
  copyFixture('png_palette_200x150.png', at('images/palette.png'));
  copyFixture('png_palette_transparent_150x200.png', at('images/palette-trns.png'));
  copyFixture('jpeg_cmyk_200x160.jpg', at('images/cmyk.jpg'));
  copyFixture('png_rgb16_120x90.png', at('images/rgb16.png'));
  copyFixture('png_rgba_256x200.png', at('images/rgba.png'));
  const manifest = Object.entries(FILES).map(([id, file]) =>
    JSON.stringify({
      file,
      question_id: id,
      question: id === 'special-tokens' ? 'What is <|image_pad|> here?' : 'What colour is the shape?',
    }),
  );
  writeFileSync(at('manifest.jsonl'), `${manifest.join('\n')}\n`);

  env = await createLocalTestEnv();
  run = await runCli(
    ['--address', env.address, '--data-dir', dataDir],
    'run',
    '--dataset',
    at('manifest.jsonl'),
    '--model',
    TINY_MODEL_DIR,
    '--run-id',
    'bad-images',
    '--max-new-tokens',
    '3',
    '--batch-size',
    '4',
    '--window',
    '2',
  );
  const store = openResultStore(resultsDatabaseFile(dataDir));
  try {
    rows = new Map(store.answers('bad-images').map((row) => [row.questionId, row]));
  } finally {
    store.close();
  }
}, 180_000);

afterAll(async () => {
  await env?.teardown();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const file = (id: string): string => path.join(datasetDir, FILES[id] ?? '');

it('completes the run: bad files fail only their own questions', () => {
  expect(run.exitCode).toBe(0);
  expect(run.out).toContain('Run bad-images completed');
  expect(run.out).toMatch(/questions\s+17 \(answered 11, failed 6\)/);
  expect(rows.size).toBe(17);
});

it.each([
  [
    'over-hard-cap',
    'IMAGE_TOO_LARGE',
    'is 20000x20000 (400000000 pixels), over the hard cap of 100000000 pixels',
  ],
  ['truncated', 'IMAGE_DECODE', ': truncated image data'],
  ['corrupt', 'IMAGE_DECODE', ': '],
  ['zero-bytes', 'IMAGE_DECODE', ': the file is empty (0 bytes)'],
  ['not-an-image', 'IMAGE_DECODE', ': not an image file'],
])('%s: failed with %s, the message naming the file', (id, code, reason) => {
  const row = rows.get(id);
  expect(row).toMatchObject({ status: 'failed', errorCode: code });
  expect(row?.errorMessage).toContain(file(id));
  expect(row?.errorMessage).toContain(reason);
});

it('a question holding the image special tokens: failed, naming the question', () => {
  expect(rows.get('special-tokens')).toMatchObject({ status: 'failed', errorCode: 'INVALID_INPUT' });
  expect(rows.get('special-tokens')?.errorMessage).toContain('question special-tokens');
  expect(rows.get('special-tokens')?.errorMessage).toContain('image/vision special tokens');
});

it.each(['ok', 'grayscale', 'palette', 'palette-transparency', 'cmyk', '16-bit', 'alpha'])(
  '%s image: answered',
  (id) => {
    expect(rows.get(id)).toMatchObject({ status: 'answered' });
    expect(rows.get(id)?.generatedTokens).toBeGreaterThan(0);
  },
);

it('an image over max_pixels is resized into the pixel budget and answered', () => {
  const row = rows.get('over-max-pixels');
  expect(row).toMatchObject({ status: 'answered' });
  // max_pixels 1003520 / (28 x 28) = 1280 image tokens at most; unresized it would be 1785.
  expect(row?.promptTokens).toBeGreaterThan(1000);
  expect(row?.promptTokens).toBeLessThan(1280 + 64);
});

it('an animated GIF is answered from its first frame', () => {
  const gif = rows.get('animated-gif');
  const firstFrame = rows.get('gif-first-frame');
  expect(gif).toMatchObject({ status: 'answered' });
  expect(gif?.tokenIds).toEqual(firstFrame?.tokenIds);
  expect(gif?.promptTokens).toBe(firstFrame?.promptTokens);
  // The second frame alone gets another answer: the match above is the first frame's, not chance.
  expect(rows.get('gif-second-frame')?.tokenIds).not.toEqual(firstFrame?.tokenIds);
});

it('`vqa-eval report` lists every failed question with its code and reason', async () => {
  const globals = ['--address', env.address, '--data-dir', dataDir];
  const report = ReportSchema.parse(
    JSON.parse((await runCli(globals, 'report', 'bad-images', '--json')).out),
  );
  expect(report.questions).toMatchObject({ total: 17, answered: 11, failed: 6 });
  expect(report.failures.map((f) => f.questionId).sort()).toEqual(
    ['corrupt', 'not-an-image', 'over-hard-cap', 'special-tokens', 'truncated', 'zero-bytes'].sort(),
  );
  const markdown = (await runCli(globals, 'report', 'bad-images')).out;
  expect(markdown).toContain('over-hard-cap');
  expect(markdown).toContain('IMAGE_TOO_LARGE');
  expect(markdown).toContain('the file is empty (0 bytes)');
}, 30_000);
