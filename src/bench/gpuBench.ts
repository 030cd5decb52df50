/**
 * GPU benchmark of this project's engine on the workload shape of ../shared/gpu/hf_baseline.py: random
 * IMGxIMG images, 4 questions per file, batches of B questions, up to NEW new tokens sampled at
 * temperature 0.7 (random weights: the work does not depend on what the model says). Prints one JSON
 * line with questions/s, generated tokens/s and the time split, so both runtimes are compared on the
 * same machine in the same call.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import sharp from 'sharp';
import { z } from 'zod';
import { createEngine } from '../engine/createEngine';
import type { QuestionItem } from '../engine/types';
import { GenerationSettingsSchema } from '../schemas/generation';

const FlagsSchema = z.object({
  model: z.string(),
  device: z.string().default('webgpu:0'),
  dtype: z.string().default('fp16'),
  files: z.coerce.number().int().min(1).default(4),
  img: z.coerce.number().int().min(28).default(896),
  batchQuestions: z.coerce.number().int().min(1).default(8),
  newTokens: z.coerce.number().int().min(1).default(128),
  out: z.string().optional(),
});

const QUESTIONS = [
  'Describe the main object in this picture in one short sentence, please.',
  'What colors dominate this image, and where do they appear in the frame?',
  'Is there any text visible in the image? If so, what does it say exactly?',
  'How many distinct objects can you count in this image? Answer with a number.',
];

async function writeNoiseImages(count: number, size: number): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vqa-gpu-bench-'));
  const files: string[] = [];
  let state = 12345;
  for (let f = 0; f < count; f++) {
    const pixels = Buffer.alloc(size * size * 3);
    for (let i = 0; i < pixels.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      pixels[i] = state >>> 24;
    }
    const file = path.join(dir, `noise-${f}.png`);
    writeFileSync(
      file,
      await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
        .png()
        .toBuffer(),
    );
    files.push(file);
  }
  return files;
}

async function main(): Promise<void> {
  const program = new Command('gpu-bench')
    .requiredOption('--model <dir>')
    .option('--device <device>')
    .option('--dtype <dtype>')
    .option('--files <n>')
    .option('--img <px>')
    .option('--batch-questions <n>')
    .option('--new-tokens <n>')
    .option('--out <file>')
    .parse(process.argv);
  const flags = FlagsSchema.parse(program.opts());
  const files = await writeNoiseImages(flags.files, flags.img);
  const items: QuestionItem[] = files.flatMap((imagePath, f) =>
    QUESTIONS.map((question, q) => ({ questionId: `f${f}-q${q}`, imagePath, question })),
  );
  const loadStart = performance.now();
  const engine = await createEngine({
    kind: 'onnx',
    modelDir: flags.model,
    device: flags.device,
    dtype: flags.dtype as 'fp16',
    maxPixels: flags.img * flags.img,
  });
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const settings = GenerationSettingsSchema.parse({
    maxNewTokens: flags.newTokens,
    greedy: false,
    temperature: 0.7,
    seed: 1,
  });
  const warm = GenerationSettingsSchema.parse({ ...settings, maxNewTokens: 4 });
  await engine.answer(items.slice(0, flags.batchQuestions), warm);
  const split = { preprocessMs: 0, visionMs: 0, prefillMs: 0, decodeMs: 0 };
  let generated = 0;
  let promptTokens = 0;
  const start = performance.now();
  for (let i = 0; i < items.length; i += flags.batchQuestions) {
    const outcomes = await engine.answer(items.slice(i, i + flags.batchQuestions), settings);
    for (const outcome of outcomes) {
      if (outcome.status !== 'answered') throw new Error(`${outcome.questionId}: ${outcome.error.message}`);
      generated += outcome.generatedTokens;
      promptTokens = outcome.promptTokens;
      for (const key of Object.keys(split) as (keyof typeof split)[]) split[key] += outcome.timings[key];
    }
    const done = Math.min(items.length, i + flags.batchQuestions);
    console.error(`ours: ${done}/${items.length} after ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  const seconds = (performance.now() - start) / 1000;
  const result = {
    runtime: `vqa-eval onnxruntime-node ${flags.device} ${flags.dtype}`,
    questions: items.length,
    seconds: Number(seconds.toFixed(2)),
    q_per_s: Number((items.length / seconds).toFixed(3)),
    gen_tok_per_s: Number((generated / seconds).toFixed(1)),
    prompt_len: promptTokens,
    load_seconds: Number(loadSeconds.toFixed(1)),
    split_ms: split,
  };
  console.log(JSON.stringify(result));
  if (flags.out !== undefined) writeFileSync(flags.out, JSON.stringify(result, null, 2));
  await engine.dispose();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
