import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { createEngine } from '../../engine/createEngine';
import { DeviceSchema } from '../../engine/onnx/runtime/providers';
import { DtypeSchema } from '../../engine/onnx/qwen2_5_vl/dtype';
import type { AnsweredOutcome } from '../../engine/types';
import { InputValidationError, VqaEvalError } from '../../errors';
import { GenerationSettingsSchema } from '../../schemas/generation';
import type { GenerationSettings } from '../../schemas/generation';

/** A whole number given as a flag string. */
const intFlag = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform((text) => Number(text));
/** A decimal number given as a flag string. */
const numberFlag = z
  .string()
  .regex(/^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i, 'must be a number')
  .transform((text) => Number(text));

/** The flags of `ask` as commander hands them over (strings), validated and converted. */
const AskFlagsSchema = z
  .object({
    model: z.string().min(1, 'is required'),
    image: z.string().min(1, 'is required'),
    question: z.string().refine((text) => text.trim().length > 0, 'must not be empty'),
    maxNewTokens: intFlag.optional(),
    greedy: z.boolean().optional(),
    temperature: numberFlag.optional(),
    topP: numberFlag.optional(),
    topK: intFlag.optional(),
    seed: intFlag.optional(),
    device: z.string().default('cpu').pipe(DeviceSchema),
    dtype: DtypeSchema.default('fp32'),
    minPixels: intFlag.optional(),
    maxPixels: intFlag.optional(),
    threads: intFlag.optional(),
    json: z.boolean().default(false),
  })
  .superRefine((flags, ctx) => {
    const sampling = ['temperature', 'topP', 'topK'] as const;
    if (flags.greedy === true) {
      for (const key of sampling) {
        if (flags[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'cannot be combined with --greedy' });
        }
      }
    }
  });

type AskFlags = z.output<typeof AskFlagsSchema>;

/** `topP` -> `--top-p`, so that messages name the flag the user typed. */
function flagName(key: PropertyKey | undefined): string {
  return `--${String(key ?? '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Validates raw flags; every problem is reported at once, each naming its flag. */
export function parseAskFlags(raw: Record<string, unknown>): AskFlags {
  const parsed = AskFlagsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputValidationError(
      'ask',
      parsed.error.issues.map((issue) => ({ field: flagName(issue.path[0]), message: issue.message })),
    );
  }
  return parsed.data;
}

/**
 * Generation settings from the flags: greedy unless a sampling flag (--temperature, --top-p,
 * --top-k) is given. Out-of-range values are reported under their flag names.
 */
export function settingsFromFlags(flags: AskFlags): GenerationSettings {
  const sampling = flags.temperature !== undefined || flags.topP !== undefined || flags.topK !== undefined;
  const input = {
    ...(flags.maxNewTokens !== undefined ? { maxNewTokens: flags.maxNewTokens } : {}),
    greedy: flags.greedy ?? !sampling,
    ...(flags.temperature !== undefined ? { temperature: flags.temperature } : {}),
    ...(flags.topP !== undefined ? { topP: flags.topP } : {}),
    ...(flags.topK !== undefined ? { topK: flags.topK } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  };
  const parsed = GenerationSettingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new InputValidationError(
      'ask',
      parsed.error.issues.map((issue) => ({ field: flagName(issue.path[0]), message: issue.message })),
    );
  }
  return parsed.data;
}

/** Where `ask` writes its result (stdout by default; tests pass their own). */
export interface AskOutput {
  write(text: string): void;
}

/** The --json document. */
function jsonResult(outcome: AnsweredOutcome, device: string, modelHash: string): string {
  const { answer, tokenIds, promptTokens, generatedTokens, finishReason, timings } = outcome;
  return `${JSON.stringify({ answer, tokenIds, promptTokens, generatedTokens, finishReason, timings, device, modelHash }, null, 2)}\n`;
}

/** Loads the model, answers one question about one image and prints the answer (or JSON). */
async function runAsk(raw: Record<string, unknown>, output: AskOutput): Promise<void> {
  const flags = parseAskFlags(raw);
  const settings = settingsFromFlags(flags);
  const engine = await createEngine({
    kind: 'onnx',
    modelDir: path.resolve(flags.model),
    device: flags.device.name,
    dtype: flags.dtype,
    ...(flags.minPixels !== undefined ? { minPixels: flags.minPixels } : {}),
    ...(flags.maxPixels !== undefined ? { maxPixels: flags.maxPixels } : {}),
    ...(flags.threads !== undefined ? { intraOpThreads: flags.threads } : {}),
  });
  try {
    const [outcome] = await engine.answer(
      [{ questionId: 'ask', imagePath: path.resolve(flags.image), question: flags.question }],
      settings,
    );
    if (outcome === undefined) throw new Error('the engine returned no outcome');
    if (outcome.status === 'failed') {
      throw new VqaEvalError(outcome.error.code, outcome.error.message, {
        retryable: outcome.error.retryable,
      });
    }
    output.write(
      flags.json ? jsonResult(outcome, engine.info.device, engine.info.modelHash) : `${outcome.answer}\n`,
    );
  } finally {
    await engine.dispose();
  }
}

/**
 * Adds `ask`: one question about one image, answered in-process by the ONNX engine, for trying a
 * model folder without Temporal. Errors are thrown (typed) for the program's error handler.
 */
export function registerAskCommand(program: Command, output: AskOutput = process.stdout): void {
  program
    .command('ask')
    .description('answer one question about one image with a local ONNX model (no Temporal needed)')
    .requiredOption('--model <dir>', 'model folder (docs/MODEL_FORMAT.md)')
    .requiredOption('--image <file>', 'image file')
    .requiredOption('--question <text>', 'the question')
    .option('--max-new-tokens <n>', 'most tokens to generate (default 128)')
    .option('--greedy', 'greedy decoding (the default unless a sampling flag is given)')
    .option('--temperature <t>', 'sample with this temperature')
    .option('--top-p <p>', 'nucleus sampling mass')
    .option('--top-k <k>', 'sample among the k most likely tokens (0 = all)')
    .option('--seed <s>', 'sampling seed (answers are reproducible per seed)')
    .option('--device <device>', 'cpu, cuda:N or webgpu:N', 'cpu')
    .option('--dtype <dtype>', `graph variant: ${DtypeSchema.options.join(', ')}`, 'fp32')
    .option('--min-pixels <n>', 'smallest image area after resizing (overrides the model folder)')
    .option('--max-pixels <n>', 'largest image area after resizing (overrides the model folder)')
    .option('--threads <n>', 'onnxruntime threads per operator (CPU)')
    .option('--json', 'print the answer with ids, counts, timings, device and model hash as JSON')
    .action(async (options: Record<string, unknown>) => {
      await runAsk(options, output);
    });
}
