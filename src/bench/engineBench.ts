/**
 * `npm run bench:engine`: answers the same questions with (a) this project's engine and (b) Hugging Face
 * transformers on PyTorch, on the same checkpoint, in one run, and prints questions/s and the ratio.
 * The reference runs the way the original Python setup ran: batches of 8 questions, each question
 * with its own copy of its image. Ours runs with the shared image prefix on and off.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { z } from 'zod';
import { loadDataset } from '../dataset/loadDataset';
import { createEngine } from '../engine/createEngine';
import type { QuestionItem, VqaEngine } from '../engine/types';
import { InputValidationError } from '../errors';
import { GenerationSettingsSchema } from '../schemas/generation';
import type { GenerationSettings } from '../schemas/generation';

const projectRoot = path.resolve(__dirname, '..', '..');

const BenchFlagsSchema = z.object({
  model: z.string().default(path.join(projectRoot, 'models', 'tiny-qwen2.5-vl')),
  dataset: z.string().default(path.join(projectRoot, 'samples', 'shapes', 'manifest.jsonl')),
  questions: z.coerce.number().int().min(8).default(64),
  batchSize: z.coerce.number().int().min(1).default(8),
  maxNewTokens: z.coerce.number().int().min(1).default(32),
  device: z.string().default('cpu'),
  python: z.string().optional(),
  reference: z.boolean().default(true),
});

/** Figures of one side of the comparison. */
interface BenchResult {
  runtime: string;
  questions: number;
  seconds: number;
  questionsPerSecond: number;
  generatedTokens: number;
}

function pythonPath(explicit: string | undefined): string {
  if (explicit !== undefined) return explicit;
  if (process.env.VQA_EVAL_PYTHON !== undefined) return process.env.VQA_EVAL_PYTHON;
  const venv = path.join(projectRoot, '.venv-export', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

async function timeOurs(
  engine: VqaEngine,
  items: QuestionItem[],
  batchSize: number,
  settings: GenerationSettings,
  mode: { sharePrefix: boolean; shareImage: boolean },
): Promise<BenchResult> {
  await engine.answer(items.slice(0, batchSize), settings, mode); // warm-up
  let generated = 0;
  const start = performance.now();
  for (let i = 0; i < items.length; i += batchSize) {
    const outcomes = await engine.answer(items.slice(i, i + batchSize), settings, mode);
    for (const outcome of outcomes) {
      if (outcome.status !== 'answered') {
        throw new Error(`bench: ${outcome.questionId} failed: ${outcome.error.message}`);
      }
      generated += outcome.generatedTokens;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    runtime: `vqa-eval onnx ${engine.info.device}: image once per ${mode.shareImage ? 'file' : 'question'}, shared prefix ${mode.sharePrefix ? 'on' : 'off'}`,
    questions: items.length,
    seconds,
    questionsPerSecond: items.length / seconds,
    generatedTokens: generated,
  };
}

const ReferenceOutputSchema = z.object({
  runtime: z.string(),
  questions: z.number(),
  seconds: z.number(),
  questions_per_second: z.number(),
  generated_tokens: z.number(),
});

function timeReference(
  python: string,
  modelDir: string,
  items: QuestionItem[],
  batchSize: number,
  maxNew: number,
) {
  const job = {
    model_dir: modelDir,
    items: items.map((item) => ({ image: item.imagePath, question: item.question })),
    batch_size: batchSize,
    max_new_tokens: maxNew,
    warmup: 1,
  };
  const script = path.join(projectRoot, 'scripts', 'bench', 'hf_reference.py');
  const child = spawnSync(python, [script], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) {
    throw new Error(
      `bench: the transformers reference failed (${python} ${script}); install it with scripts/setup-python.sh\n${child.stderr}`,
    );
  }
  const lastLine = child.stdout.trim().split('\n').pop() ?? '';
  const out = ReferenceOutputSchema.parse(JSON.parse(lastLine));
  return {
    runtime: out.runtime,
    questions: out.questions,
    seconds: out.seconds,
    questionsPerSecond: out.questions_per_second,
    generatedTokens: out.generated_tokens,
  } satisfies BenchResult;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('bench:engine')
    .option('--model <dir>')
    .option('--dataset <path>')
    .option('--questions <n>', 'questions to answer (whole files: multiples of 4 on the sample)')
    .option('--batch-size <n>', 'questions per batch (the original setup: 8)')
    .option('--max-new-tokens <n>')
    .option('--device <device>')
    .option('--python <path>', 'python with torch + transformers (default .venv-export/bin/python)')
    .option('--no-reference', 'skip the transformers reference')
    .parse(argv);
  const parsed = BenchFlagsSchema.safeParse(program.opts());
  if (!parsed.success) {
    throw new InputValidationError(
      'bench:engine flags',
      parsed.error.issues.map((i) => ({ field: `--${i.path.join('.')}`, message: i.message })),
    );
  }
  const flags = parsed.data;
  const modelDir = path.resolve(flags.model);
  const dataset = await loadDataset({ path: path.resolve(flags.dataset) });
  const items: QuestionItem[] = dataset.items.slice(0, flags.questions).map((item) => ({
    questionId: item.questionId,
    imagePath: item.imagePath,
    question: item.question,
  }));
  const settings = GenerationSettingsSchema.parse({ maxNewTokens: flags.maxNewTokens, greedy: true });
  const engine = await createEngine({ kind: 'onnx', modelDir, device: flags.device });
  const results: BenchResult[] = [];
  try {
    results.push(
      await timeOurs(engine, items, flags.batchSize, settings, { sharePrefix: true, shareImage: true }),
    );
    results.push(
      await timeOurs(engine, items, flags.batchSize, settings, { sharePrefix: false, shareImage: true }),
    );
    results.push(
      await timeOurs(engine, items, flags.batchSize, settings, { sharePrefix: false, shareImage: false }),
    );
  } finally {
    await engine.dispose();
  }
  if (flags.reference) {
    results.push(
      timeReference(pythonPath(flags.python), modelDir, items, flags.batchSize, flags.maxNewTokens),
    );
  }
  const reference = results.find((r) => r.runtime.startsWith('transformers'));
  console.log(
    `\n${items.length} questions, batches of ${flags.batchSize}, up to ${flags.maxNewTokens} new tokens, greedy\n`,
  );
  console.table(
    results.map((r) => ({
      runtime: r.runtime,
      'questions/s': Number(r.questionsPerSecond.toFixed(3)),
      seconds: Number(r.seconds.toFixed(2)),
      'generated tokens': r.generatedTokens,
      'x reference':
        reference === undefined
          ? '-'
          : Number((r.questionsPerSecond / reference.questionsPerSecond).toFixed(2)),
    })),
  );
  if (
    reference !== undefined &&
    results.some((r) => r !== reference && r.generatedTokens !== reference.generatedTokens)
  ) {
    console.log('note: generated token counts differ between runtimes; compare tokens/s too');
  }
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
