import type { GenerationSettings } from '../schemas/generation';

/**
 * The engine contract: everything above the engine (activities, benchmarks, the CLI) sees only
 * these types, so another runtime (an OpenAI-compatible server, say) can stand in its place.
 */

/** One question about one image file. */
export interface QuestionItem {
  /** Unique within a run. */
  questionId: string;
  /** Absolute path of the image file. */
  imagePath: string;
  question: string;
}

/** Where the time of one answer went, in milliseconds (shared work is split evenly among sharers). */
export interface AnswerTimings {
  preprocessMs: number;
  visionMs: number;
  prefillMs: number;
  decodeMs: number;
}

/** A question that got an answer. */
export interface AnsweredOutcome {
  questionId: string;
  status: 'answered';
  answer: string;
  tokenIds: number[];
  promptTokens: number;
  generatedTokens: number;
  finishReason: 'eos' | 'length';
  timings: AnswerTimings;
}

/** A question that could not be answered, with the reason. */
export interface FailedOutcome {
  questionId: string;
  status: 'failed';
  error: { code: string; message: string; retryable: boolean };
}

/** The result for one question of a batch: one bad item fails only itself. */
export type ItemOutcome = AnsweredOutcome | FailedOutcome;

/** What identifies an engine instance in stored answers and reports. */
export interface EngineInfo {
  /** Runtime kind, e.g. `onnx`. */
  kind: string;
  /** Model name from its config (e.g. `Qwen2_5_VLForConditionalGeneration`) or folder name. */
  model: string;
  modelDir: string;
  /** sha256 over the model files that affect answers. */
  modelHash: string;
  /** Device the engine runs on: `cpu`, `cuda:0`, `webgpu:0`. */
  device: string;
  /** Weight/graph variant, e.g. `fp32`, `fp16`, `q4f16`. */
  dtype: string;
}

/** Options for one `answer` call. */
export interface AnswerOptions {
  /** Share one image's prompt prefix (its prefill and KV cache) among its questions (default true). */
  sharePrefix?: boolean;
  /**
   * Decode and encode each file's image once for all its questions (default true). False encodes it
   * once per question, as a loop that gives every question its own copy of the image does: for
   * benchmarks against such a loop.
   */
  shareImage?: boolean;
  /** Called after each decode step with the number of steps done; used for heartbeats. */
  onStep?: (step: number) => void;
  /** Aborts the batch between steps (cancellation, worker shutdown). */
  signal?: AbortSignal;
}

/** A loaded model that answers batches of questions. */
export interface VqaEngine {
  readonly info: EngineInfo;
  /** Answers every item; outcomes come back in the order of `items`. */
  answer(
    items: QuestionItem[],
    settings: GenerationSettings,
    options?: AnswerOptions,
  ): Promise<ItemOutcome[]>;
  /** Releases sessions and native memory. */
  dispose(): Promise<void>;
}
