import { performance } from 'node:perf_hooks';
import { AllocationError, InputValidationError, PromptTooLongError, describeError } from '../../../errors';
import { DEFAULT_GENERATION, GenerationSettingsSchema } from '../../../schemas/generation';
import type { GenerationSettings } from '../../../schemas/generation';
import type { AnswerOptions, EngineInfo, ItemOutcome, QuestionItem, VqaEngine } from '../../types';
import { DeviceSchema, assertProviderAvailable } from '../runtime/providers';
import type { RuntimeOptions } from '../runtime/providers';
import type { Dtype } from './dtype';
import { generate } from './generator';
import { prefill } from './prefill';
import type { FilePrompt, SequenceRequest } from './prefill';
import { processImage } from './imageProcessor';
import type { ImageLimits } from './imageProcessor';
import { computeModelHash } from './modelHash';
import { locateModelFiles } from './modelFiles';
import type { ModelFiles } from './modelFiles';
import { loadPreprocessorConfig } from './preprocessorConfig';
import type { PreprocessorConfig } from './preprocessorConfig';
import { QwenGraphs } from './qwenGraphs';
import { computeRopePositions } from './ropeIndex';
import { questionRandom } from './sampler';
import { PromptTokenizer } from './tokenizer';

/** How to load a Qwen2.5-VL ONNX engine. */
export interface QwenEngineOptions extends RuntimeOptions {
  modelDir: string;
  /** `cpu`, `cuda:N` or `webgpu:N`. */
  device: string;
  dtype: Dtype;
  /** Override preprocessor_config.json's pixel budget per image. */
  minPixels?: number;
  maxPixels?: number;
  /** Hard caps on input images (rejected, not resized, beyond them). */
  imageLimits?: Partial<ImageLimits>;
}

interface PlannedQuestion {
  index: number;
  item: QuestionItem;
  request: SequenceRequest;
  promptTokens: number;
  ownPreprocessMs: number;
  fileKey: string;
}

interface FileCost {
  preprocessMs: number;
  visionMs: number;
  sharers: number;
}

/**
 * Qwen2.5-VL answering questions about image files in-process with onnxruntime-node. Per batch: each
 * file is decoded and encoded once, its questions share its prompt prefix (when asked), and all
 * questions decode together. A bad file or question fails only its own items.
 */
export class QwenOnnxEngine implements VqaEngine {
  private constructor(
    readonly info: EngineInfo,
    private readonly model: ModelFiles,
    private readonly graphs: QwenGraphs,
    private readonly tokenizer: PromptTokenizer,
    private readonly preprocessor: PreprocessorConfig,
    private readonly imageLimits: Partial<ImageLimits> | undefined,
  ) {}

  /**
   * Validates the model folder, checks the device's provider (ProviderUnavailableError, never a
   * fallback), loads tokenizer, preprocessor config and graphs, and hashes the model files.
   */
  static async load(options: QwenEngineOptions): Promise<QwenOnnxEngine> {
    const parsedDevice = DeviceSchema.safeParse(options.device);
    if (!parsedDevice.success) {
      throw new InputValidationError('engine options', [
        { field: 'device', message: parsedDevice.error.issues.map((issue) => issue.message).join('; ') },
      ]);
    }
    const device = parsedDevice.data;
    await assertProviderAvailable(device);
    const model = await locateModelFiles(options.modelDir, options.dtype);
    const preprocessor = await loadPreprocessorConfig(options.modelDir, {
      ...(options.minPixels !== undefined ? { minPixels: options.minPixels } : {}),
      ...(options.maxPixels !== undefined ? { maxPixels: options.maxPixels } : {}),
    });
    const tokenizer = await PromptTokenizer.load(options.modelDir, model.files, model.config);
    const runtime: RuntimeOptions =
      options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {};
    const graphs = await QwenGraphs.load(model, device, runtime);
    let modelHash: string;
    try {
      modelHash = await computeModelHash(model);
    } catch (error) {
      await graphs.dispose();
      throw error;
    }
    const info: EngineInfo = {
      kind: 'onnx',
      model: model.config.architecture,
      modelDir: options.modelDir,
      modelHash,
      device: device.name,
      dtype: options.dtype,
    };
    return new QwenOnnxEngine(info, model, graphs, tokenizer, preprocessor, options.imageLimits);
  }

  /** The tokenizer, for callers that need prompt ids (tests, tools). */
  get promptTokenizer(): PromptTokenizer {
    return this.tokenizer;
  }

  async answer(
    items: QuestionItem[],
    settings: GenerationSettings,
    options: AnswerOptions = {},
  ): Promise<ItemOutcome[]> {
    const validSettings = parseSettings(settings);
    const outcomes = new Array<ItemOutcome | undefined>(items.length);
    const { planned, fileCosts } = await this.plan(
      items,
      validSettings,
      outcomes,
      options.signal,
      options.shareImage ?? true,
    );

    let results;
    try {
      results = await generate(
        this.graphs,
        planned.map((question) => question.request),
        {
          settings: validSettings,
          sharePrefix: options.sharePrefix ?? true,
          eosTokenIds: new Set(this.model.generation.eosTokenIds),
          padTokenId: this.padTokenId,
          ...(options.onStep !== undefined ? { onStep: options.onStep } : {}),
          ...(options.signal !== undefined ? { signal: options.signal } : {}),
        },
      );
    } catch (error) {
      throw error instanceof AllocationError ? new AllocationError(items.length, error.cause) : error;
    }

    planned.forEach((question, i) => {
      const result = results[i];
      const cost = fileCosts.get(question.fileKey);
      if (result === undefined || cost === undefined) return;
      outcomes[question.index] = {
        questionId: question.item.questionId,
        status: 'answered',
        answer: this.tokenizer.decode(result.tokenIds),
        tokenIds: result.tokenIds,
        promptTokens: question.promptTokens,
        generatedTokens: result.tokenIds.length,
        finishReason: result.finishReason,
        timings: {
          preprocessMs: cost.preprocessMs / cost.sharers + question.ownPreprocessMs,
          visionMs: cost.visionMs / cost.sharers,
          prefillMs: result.prefillMs,
          decodeMs: result.decodeMs,
        },
      };
    });
    return outcomes.map((outcome, index) => {
      if (outcome === undefined) throw new Error(`no outcome for item ${index}`);
      return outcome;
    });
  }

  /**
   * The logits of the first generated token for each item, computed exactly as `answer` prefills
   * (same batching and prefix sharing): for parity checks against a reference implementation.
   * Items that cannot run get their FailedOutcome instead.
   */
  async promptLogits(
    items: QuestionItem[],
    options: Pick<AnswerOptions, 'sharePrefix'> = {},
  ): Promise<Array<Float32Array | ItemOutcome>> {
    const outcomes = new Array<ItemOutcome | undefined>(items.length);
    const { planned } = await this.plan(items, DEFAULT_GENERATION, outcomes, undefined, true);
    const prefilled = await prefill(
      this.graphs,
      planned.map((question) => question.request),
      { sharePrefix: options.sharePrefix ?? true, padTokenId: this.padTokenId },
    );
    this.graphs.release(prefilled.cache);
    const logits: Array<Float32Array | ItemOutcome | undefined> = [...outcomes];
    prefilled.rows.forEach((row, b) => {
      const question = planned[row];
      const rowLogits = prefilled.logits[b];
      if (question !== undefined && rowLogits !== undefined) logits[question.index] = rowLogits;
    });
    return logits.map((value, index) => {
      if (value === undefined) throw new Error(`no logits for item ${index}`);
      return value;
    });
  }

  private get padTokenId(): number {
    const { generation } = this.model;
    return generation.padTokenId ?? generation.eosTokenIds[0] ?? 0;
  }

  /** Prepares every file of a batch; items that cannot run get their FailedOutcome in `outcomes`. */
  private async plan(
    items: readonly QuestionItem[],
    settings: GenerationSettings,
    outcomes: Array<ItemOutcome | undefined>,
    signal: AbortSignal | undefined,
    shareImage: boolean,
  ): Promise<{ planned: PlannedQuestion[]; fileCosts: Map<string, FileCost> }> {
    const fail = (index: number, error: unknown): void => {
      const item = items[index] as QuestionItem;
      outcomes[index] = { questionId: item.questionId, status: 'failed', error: describeError(error) };
    };
    // Without image sharing every question is its own group: its image is decoded and encoded again,
    // as a loop that gives each question its own copy of the image does.
    const byFile = new Map<string, { imagePath: string; members: number[] }>();
    items.forEach((item, index) => {
      const key = shareImage ? item.imagePath : `${item.imagePath}\u0000${index}`;
      const group = byFile.get(key) ?? { imagePath: item.imagePath, members: [] };
      group.members.push(index);
      byFile.set(key, group);
    });
    const planned: PlannedQuestion[] = [];
    const fileCosts = new Map<string, FileCost>();
    for (const [fileKey, { imagePath, members }] of byFile) {
      signal?.throwIfAborted();
      const cost = await this.prepareFile(fileKey, imagePath, members, items, settings, planned, fail);
      if (cost !== undefined) fileCosts.set(fileKey, cost);
    }
    return { planned, fileCosts };
  }

  /**
   * Decodes one file, tokenizes its questions and encodes the image once (skipped when none of its
   * questions can run). Items that cannot run are failed through `fail`; the rest are appended to
   * `planned`. Returns the file's shared costs, or undefined when no question of it runs.
   */
  private async prepareFile(
    fileKey: string,
    imagePath: string,
    members: readonly number[],
    items: readonly QuestionItem[],
    settings: GenerationSettings,
    planned: PlannedQuestion[],
    fail: (index: number, error: unknown) => void,
  ): Promise<FileCost | undefined> {
    const { config } = this.model;
    const started = performance.now();
    let image;
    try {
      image = await processImage(imagePath, this.preprocessor, this.imageLimits);
    } catch (error) {
      if (error instanceof AllocationError) throw error;
      members.forEach((index) => fail(index, error));
      return undefined;
    }
    const prefixIds = this.tokenizer.prefixIds(image.imageTokens);
    const prefixPositions = computeRopePositions(prefixIds, [image.gridThw], {
      imageTokenId: config.imageTokenId,
      spatialMergeSize: config.vision.spatialMergeSize,
      tokensPerSecond: config.vision.tokensPerSecond,
    });
    const preprocessMs = performance.now() - started;

    const limit = config.text.maxPositionEmbeddings;
    const reserved = new Set([config.imageTokenId, config.visionStartTokenId, config.visionEndTokenId]);
    const accepted: Array<Omit<PlannedQuestion, 'request'> & { suffixIds: number[] }> = [];
    for (const index of members) {
      const item = items[index] as QuestionItem;
      const tokenizeStarted = performance.now();
      const suffixIds = this.tokenizer.suffixIds(item.question);
      const promptTokens = prefixIds.length + suffixIds.length;
      if (suffixIds.some((id) => reserved.has(id))) {
        fail(
          index,
          new InputValidationError(`question ${item.questionId}`, [
            {
              field: 'question',
              message: 'contains image/vision special tokens, which only the prompt template may place',
            },
          ]),
        );
      } else if (promptTokens >= limit) {
        fail(index, new PromptTooLongError(item.questionId, promptTokens, limit));
      } else {
        accepted.push({
          index,
          item,
          suffixIds,
          promptTokens,
          ownPreprocessMs: performance.now() - tokenizeStarted,
          fileKey,
        });
      }
    }
    if (accepted.length === 0) return undefined;

    const visionStarted = performance.now();
    let features;
    try {
      features = await this.graphs.encodeImage(image.pixelValues, image.gridThw);
    } catch (error) {
      if (error instanceof AllocationError) throw error;
      accepted.forEach((question) => fail(question.index, error));
      return undefined;
    }
    const visionMs = performance.now() - visionStarted;
    const file: FilePrompt = { prefixIds, prefixPositions, features };
    for (const question of accepted) {
      planned.push({
        ...question,
        request: {
          file,
          suffixIds: question.suffixIds,
          maxNewTokens: Math.min(settings.maxNewTokens, limit - question.promptTokens),
          random: settings.greedy ? undefined : questionRandom(settings.seed, question.item.questionId),
        },
      });
    }
    return { preprocessMs, visionMs, sharers: accepted.length };
  }

  async dispose(): Promise<void> {
    await this.graphs.dispose();
  }
}

function parseSettings(settings: GenerationSettings): GenerationSettings {
  const parsed = GenerationSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new InputValidationError(
      'generation settings',
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}
