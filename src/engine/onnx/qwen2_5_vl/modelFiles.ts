import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { ModelFilesError } from '../../../errors';
import { listExternalDataFiles } from '../runtime/onnxExternalData';
import { DTYPE_SUFFIX, DtypeSchema } from './dtype';
import type { Dtype } from './dtype';
import { GenerationConfigSchema, ModelConfigSchema } from './modelConfig';
import type { GenerationConfig, ModelConfig } from './modelConfig';

/** The three graphs of the export, by role, with their base file names. */
export const GRAPH_NAMES = {
  visionEncoder: 'vision_encoder',
  embedTokens: 'embed_tokens',
  decoder: 'decoder_model_merged',
} as const;

/** One graph of the selected variant: the .onnx file and the external data files it refers to. */
export interface GraphFile {
  file: string;
  externalData: string[];
}

/** A validated model folder: parsed configs and the absolute paths of every file the engine reads. */
export interface ModelFiles {
  modelDir: string;
  dtype: Dtype;
  config: ModelConfig;
  generation: GenerationConfig;
  files: {
    config: string;
    generationConfig: string;
    preprocessorConfig: string;
    tokenizer: string;
    tokenizerConfig: string;
  };
  graphs: Record<keyof typeof GRAPH_NAMES, GraphFile>;
}

async function readJsonFile(modelDir: string, name: string): Promise<unknown> {
  const file = join(modelDir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ModelFilesError(modelDir, name, missingOrUnreadable(error), error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ModelFilesError(modelDir, name, `not valid JSON (${(error as Error).message})`, error);
  }
}

function missingOrUnreadable(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT'
    ? 'file is missing'
    : `cannot read it: ${String(error)}`;
}

function parseWith<S extends z.ZodType>(
  modelDir: string,
  name: string,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
      .join('; ');
    throw new ModelFilesError(modelDir, name, `invalid field(s): ${issues}`);
  }
  return result.data;
}

/** Which dtype variants have all three graphs in `onnxDir` (for messages). */
async function availableDtypes(onnxDir: string): Promise<Dtype[]> {
  let names: string[];
  try {
    names = await readdir(onnxDir);
  } catch {
    return [];
  }
  const present = new Set(names);
  return DtypeSchema.options.filter((dtype) =>
    Object.values(GRAPH_NAMES).every((graph) => present.has(`${graph}${DTYPE_SUFFIX[dtype]}.onnx`)),
  );
}

async function locateGraph(modelDir: string, dtype: Dtype, graph: string): Promise<GraphFile> {
  const relative = `onnx/${graph}${DTYPE_SUFFIX[dtype]}.onnx`;
  const file = join(modelDir, relative);
  try {
    await access(file);
  } catch (error) {
    const available = await availableDtypes(join(modelDir, 'onnx'));
    throw new ModelFilesError(
      modelDir,
      relative,
      `${missingOrUnreadable(error)} (dtype ${dtype}; complete variants here: ${available.join(', ') || 'none'})`,
      error,
    );
  }
  let locations: string[];
  try {
    locations = listExternalDataFiles(file);
  } catch (error) {
    throw new ModelFilesError(
      modelDir,
      relative,
      `not a readable ONNX model: ${(error as Error).message}`,
      error,
    );
  }
  const externalData: string[] = [];
  for (const location of locations) {
    const dataFile = join(modelDir, 'onnx', location);
    try {
      await access(dataFile);
    } catch (error) {
      throw new ModelFilesError(
        modelDir,
        `onnx/${location}`,
        `external data of ${relative}: file is missing`,
        error,
      );
    }
    externalData.push(dataFile);
  }
  return { file, externalData };
}

/**
 * Locates and validates a model folder for one dtype variant (layout: docs/MODEL_FORMAT.md): the
 * JSON files parse and carry the fields the engine needs, the three graphs exist and every external
 * data file they refer to is there. Throws ModelFilesError naming the first missing or invalid file
 * or field. Graph inputs/outputs are checked against the config later, once sessions are loaded.
 */
export async function locateModelFiles(modelDir: string, dtype: Dtype = 'fp32'): Promise<ModelFiles> {
  const config = parseWith(
    modelDir,
    'config.json',
    ModelConfigSchema,
    await readJsonFile(modelDir, 'config.json'),
  );
  const generation = parseWith(
    modelDir,
    'generation_config.json',
    GenerationConfigSchema,
    await readJsonFile(modelDir, 'generation_config.json'),
  );
  if (generation.eosTokenIds.length === 0 && config.eosTokenIds.length === 0) {
    throw new ModelFilesError(
      modelDir,
      'generation_config.json',
      'eos_token_id is missing (and config.json has none)',
    );
  }
  if (generation.eosTokenIds.length === 0) {
    generation.eosTokenIds = config.eosTokenIds;
  }
  // The small side files must be JSON objects, so that a broken folder is reported before any graph
  // loads; their loaders check their fields. tokenizer.json (megabytes) is parsed once, by the tokenizer.
  for (const name of ['preprocessor_config.json', 'tokenizer_config.json']) {
    const value = await readJsonFile(modelDir, name);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ModelFilesError(modelDir, name, 'expected a JSON object');
    }
  }
  try {
    await access(join(modelDir, 'tokenizer.json'));
  } catch (error) {
    throw new ModelFilesError(modelDir, 'tokenizer.json', missingOrUnreadable(error), error);
  }
  return {
    modelDir,
    dtype,
    config,
    generation,
    files: {
      config: join(modelDir, 'config.json'),
      generationConfig: join(modelDir, 'generation_config.json'),
      preprocessorConfig: join(modelDir, 'preprocessor_config.json'),
      tokenizer: join(modelDir, 'tokenizer.json'),
      tokenizerConfig: join(modelDir, 'tokenizer_config.json'),
    },
    graphs: {
      visionEncoder: await locateGraph(modelDir, dtype, GRAPH_NAMES.visionEncoder),
      embedTokens: await locateGraph(modelDir, dtype, GRAPH_NAMES.embedTokens),
      decoder: await locateGraph(modelDir, dtype, GRAPH_NAMES.decoder),
    },
  };
}
