import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { InputValidationError, ModelFilesError } from '../../../errors';

/**
 * preprocessor_config.json of a Qwen2-VL / Qwen2.5-VL checkpoint (Qwen2VLImageProcessor). Missing
 * fields take the processor's class defaults; the pixel bounds are resolved the way its constructor
 * does it: top-level `min_pixels`/`max_pixels` (older files) win over `size.shortest_edge`/
 * `size.longest_edge` (what transformers 5 writes), which win over the legacy `size.min_pixels`/
 * `size.max_pixels`. Unknown keys are kept.
 */

/** The file name inside a model folder. */
export const PREPROCESSOR_CONFIG_FILE = 'preprocessor_config.json';

/** Qwen2VLImageProcessor's defaults (56*56 and 28*28*1280 pixels; OpenAI CLIP mean/std). */
const DEFAULT_MIN_PIXELS = 56 * 56;
const DEFAULT_MAX_PIXELS = 28 * 28 * 1280;
const OPENAI_CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
const OPENAI_CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;
/** PIL's Image.Resampling.BICUBIC: the only filter implemented (and the processor's default). */
const PIL_BICUBIC = 3;

const positiveInt = z.number().int().positive();
const pixelCount = z.number().int().nonnegative();
const rgbTriple = z.tuple([z.number(), z.number(), z.number()]);

const SizeSchema = z.looseObject({
  shortest_edge: pixelCount.nullish(),
  longest_edge: pixelCount.nullish(),
  min_pixels: pixelCount.nullish(),
  max_pixels: pixelCount.nullish(),
});

/** Validates the file and resolves defaults; the output is what the image processor uses. */
export const PreprocessorConfigSchema = z
  .looseObject({
    min_pixels: pixelCount.nullish(),
    max_pixels: pixelCount.nullish(),
    size: SizeSchema.nullish(),
    patch_size: positiveInt.default(14),
    temporal_patch_size: positiveInt.default(2),
    merge_size: positiveInt.default(2),
    image_mean: rgbTriple.default([...OPENAI_CLIP_MEAN]),
    image_std: rgbTriple
      .refine((std) => std.every((s) => s !== 0), 'a standard deviation of 0 divides by zero')
      .default([...OPENAI_CLIP_STD]),
    do_resize: z
      .literal(true, { error: 'only do_resize: true is supported (patches need a resized image)' })
      .default(true),
    resample: z
      .literal(PIL_BICUBIC, { error: 'only resample: 3 (bicubic) is implemented' })
      .default(PIL_BICUBIC),
    do_rescale: z.boolean().default(true),
    rescale_factor: z
      .number()
      .positive()
      .default(1 / 255),
    do_normalize: z.boolean().default(true),
    do_convert_rgb: z.boolean().default(true),
  })
  .transform((raw, ctx) => {
    const minPixels = raw.min_pixels ?? raw.size?.shortest_edge ?? raw.size?.min_pixels ?? DEFAULT_MIN_PIXELS;
    const maxPixels = raw.max_pixels ?? raw.size?.longest_edge ?? raw.size?.max_pixels ?? DEFAULT_MAX_PIXELS;
    if (minPixels > maxPixels) {
      ctx.addIssue({
        code: 'custom',
        path: ['min_pixels'],
        message: `min_pixels (${minPixels}) is over max_pixels (${maxPixels})`,
      });
    }
    return {
      ...raw,
      min_pixels: minPixels,
      max_pixels: maxPixels,
      size: { ...raw.size, shortest_edge: minPixels, longest_edge: maxPixels },
    };
  });

/** A validated preprocessor config with every default applied and min/max pixels resolved. */
export type PreprocessorConfig = z.infer<typeof PreprocessorConfigSchema>;

/** Per-run overrides of the pixel bounds (e.g. from CLI flags); they replace the file's values. */
export interface PreprocessorOverrides {
  minPixels?: number;
  maxPixels?: number;
}

const OverridesSchema = z
  .object({ minPixels: positiveInt.optional(), maxPixels: positiveInt.optional() })
  .strict();

/**
 * Reads and validates DIR/preprocessor_config.json, then applies `overrides`. A missing, unreadable or
 * invalid file is a ModelFilesError naming the file and field; invalid overrides are an
 * InputValidationError naming the override.
 */
export async function loadPreprocessorConfig(
  modelDir: string,
  overrides: PreprocessorOverrides = {},
): Promise<PreprocessorConfig> {
  const file = join(modelDir, PREPROCESSOR_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'file is missing'
        : `cannot read it: ${String(error)}`;
    throw new ModelFilesError(modelDir, PREPROCESSOR_CONFIG_FILE, reason, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ModelFilesError(
      modelDir,
      PREPROCESSOR_CONFIG_FILE,
      `not valid JSON (${(error as Error).message})`,
      error,
    );
  }
  const parsed = PreprocessorConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new ModelFilesError(modelDir, PREPROCESSOR_CONFIG_FILE, describeIssues(parsed.error));
  }
  return applyOverrides(parsed.data, overrides);
}

/** Returns `config` with the pixel bounds replaced by `overrides` (validated, min <= max). */
export function applyOverrides(
  config: PreprocessorConfig,
  overrides: PreprocessorOverrides,
): PreprocessorConfig {
  const checked = OverridesSchema.safeParse(overrides);
  if (!checked.success) {
    throw new InputValidationError(
      'image size overrides',
      checked.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    );
  }
  const minPixels = checked.data.minPixels ?? config.min_pixels;
  const maxPixels = checked.data.maxPixels ?? config.max_pixels;
  if (minPixels > maxPixels) {
    throw new InputValidationError('image size overrides', [
      {
        field: checked.data.minPixels !== undefined ? 'minPixels' : 'maxPixels',
        message: `min pixels (${minPixels}) is over max pixels (${maxPixels})`,
      },
    ]);
  }
  return {
    ...config,
    min_pixels: minPixels,
    max_pixels: maxPixels,
    size: { ...config.size, shortest_edge: minPixels, longest_edge: maxPixels },
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(
      (issue) => `${issue.path.length > 0 ? `field ${issue.path.join('.')}` : 'top level'}: ${issue.message}`,
    )
    .join('; ');
}
