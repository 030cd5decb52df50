/**
 * Typed errors with messages a user can act on. Every error carries a stable `code` (stored with
 * failed answers and shown in reports) and says whether retrying the same work could succeed.
 */

/** Base class of every error this project raises on purpose. */
export class VqaEvalError extends Error {
  /** Stable machine-readable code, e.g. `IMAGE_DECODE`. */
  readonly code: string;
  /** True when the same work may succeed on another attempt (transient resource problems). */
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** An image file that cannot be read or decoded (missing, empty, truncated, not an image). */
export class ImageDecodeError extends VqaEvalError {
  constructor(
    readonly file: string,
    reason: string,
    cause?: unknown,
  ) {
    super('IMAGE_DECODE', `Cannot read image ${file}: ${reason}`, { cause });
  }
}

/** An image over a hard size cap: rejected rather than resized. */
export class ImageTooLargeError extends VqaEvalError {
  constructor(
    readonly file: string,
    width: number,
    height: number,
    limitPixels: number,
  ) {
    super(
      'IMAGE_TOO_LARGE',
      `Image ${file} is ${width}x${height} (${width * height} pixels), over the hard cap of ${limitPixels} pixels; ` +
        'downscale it or raise the cap',
    );
  }
}

/** A model folder with missing, unreadable or mismatched files. */
export class ModelFilesError extends VqaEvalError {
  constructor(
    readonly modelDir: string,
    readonly file: string,
    reason: string,
    cause?: unknown,
  ) {
    super('MODEL_FILES', `Model folder ${modelDir}: ${file}: ${reason}`, { cause });
  }
}

/** An execution provider (cpu, cuda:N, webgpu:N) that this onnxruntime build or machine lacks. */
export class ProviderUnavailableError extends VqaEvalError {
  constructor(device: string, reason: string, cause?: unknown) {
    super('PROVIDER_UNAVAILABLE', `Execution provider for device '${device}' is not available: ${reason}`, {
      cause,
    });
  }
}

/** A prompt (image tokens + question) longer than the model's context. */
export class PromptTooLongError extends VqaEvalError {
  constructor(questionId: string, promptTokens: number, limit: number) {
    super(
      'PROMPT_TOO_LONG',
      `Question ${questionId}: the prompt is ${promptTokens} tokens, over the model's context of ${limit} ` +
        '(lower max_pixels or max-new-tokens)',
    );
  }
}

/** A memory allocation failure while running a batch: the batch should be split and retried. */
export class AllocationError extends VqaEvalError {
  constructor(batchSize: number, cause?: unknown) {
    super('ALLOCATION', `Out of memory while running a batch of ${batchSize} questions`, {
      retryable: true,
      cause,
    });
  }
}

/** One problem found while validating user input (a manifest line, a flag, a config file field). */
export interface InputIssue {
  /** 1-based line number in the file, where the input is line-oriented. */
  line?: number;
  /** Field or flag name. */
  field?: string;
  message: string;
}

/** Invalid user input: every problem is listed at once, each naming its line and field. */
export class InputValidationError extends VqaEvalError {
  constructor(
    readonly source: string,
    readonly issues: InputIssue[],
  ) {
    const lines = issues.map(
      (i) =>
        `  ${i.line !== undefined ? `line ${i.line}: ` : ''}${i.field !== undefined ? `${i.field}: ` : ''}${i.message}`,
    );
    super('INVALID_INPUT', `${source}: ${issues.length} problem(s)\n${lines.join('\n')}`);
  }
}

/** Converts anything thrown into a `{ code, message, retryable }` record for storage and reports. */
export function describeError(error: unknown): { code: string; message: string; retryable: boolean } {
  if (error instanceof VqaEvalError) {
    return { code: error.code, message: error.message, retryable: error.retryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, retryable: true };
}

/** The Temporal server cannot be reached or started (missing CLI, port taken, not ready in time). */
export class TemporalServerError extends VqaEvalError {
  constructor(address: string, reason: string, cause?: unknown) {
    super('TEMPORAL_SERVER', `Temporal server at ${address}: ${reason}`, { retryable: true, cause });
  }
}

/** A run id that neither the result store nor Temporal knows. */
export class RunNotFoundError extends VqaEvalError {
  constructor(
    readonly runId: string,
    where: string,
  ) {
    super('RUN_NOT_FOUND', `Run '${runId}' was not found in ${where}`);
  }
}

/** A run restarted with a dataset, model or settings whose hash differs from the stored run's. */
export class RunSpecMismatchError extends VqaEvalError {
  constructor(
    readonly runId: string,
    field: string,
    stored: string,
    now: string,
  ) {
    super(
      'RUN_SPEC_MISMATCH',
      `Run '${runId}': ${field} changed since the run was created (stored ${stored}, now ${now}); ` +
        'start a new run id, or pass --force to continue with the new inputs',
    );
  }
}

/** An image whose shape the Qwen2-VL processor refuses (aspect ratio over 200, or too small to resize). */
export class ImageShapeError extends VqaEvalError {
  constructor(
    readonly file: string,
    width: number,
    height: number,
    reason: string,
  ) {
    super('IMAGE_SHAPE', `Image ${file} (${width}x${height}) cannot be preprocessed: ${reason}`);
  }
}

/** A results database that cannot be used: written by a newer version, unreadable rows, unknown run. */
export class ResultStoreError extends VqaEvalError {
  constructor(
    readonly file: string,
    reason: string,
    cause?: unknown,
  ) {
    super('RESULT_STORE', `Results database ${file}: ${reason}`, { cause });
  }
}
