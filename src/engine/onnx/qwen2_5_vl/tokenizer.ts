import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { TokenizerLoader } from '@lenml/tokenizers';
import { ModelFilesError } from '../../../errors';
import { IMAGE_PAD_TOKEN, PROMPT_HEAD, VISION_END_TOKEN, promptTail } from './chatTemplate';
import type { ModelConfig } from './modelConfig';

type LoadedTokenizer = ReturnType<typeof TokenizerLoader.fromPreTrained>;

async function readJsonObject(modelDir: string, file: string): Promise<Record<string, unknown>> {
  const name = basename(file);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ModelFilesError(modelDir, name, `cannot read it as JSON: ${(error as Error).message}`, error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelFilesError(modelDir, name, 'expected a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * Turns questions into prompt token ids (chat template applied, image placeholder expanded) and
 * generated ids back into text. Built from the model folder's tokenizer.json/tokenizer_config.json
 * with @lenml/tokenizers (a port of transformers.js's tokenizers: byte-level BPE, NFC, added tokens).
 */
export class PromptTokenizer {
  private readonly headIds: number[];

  private constructor(
    private readonly tokenizer: LoadedTokenizer,
    readonly imagePadId: number,
    readonly visionEndId: number,
  ) {
    this.headIds = this.encode(PROMPT_HEAD);
  }

  /**
   * Loads the tokenizer of a model folder and checks that its special tokens agree with config.json
   * (a ModelFilesError otherwise).
   */
  static async load(
    modelDir: string,
    files: { tokenizer: string; tokenizerConfig: string },
    config: ModelConfig,
  ): Promise<PromptTokenizer> {
    const tokenizerJSON = await readJsonObject(modelDir, files.tokenizer);
    const tokenizerConfig = await readJsonObject(modelDir, files.tokenizerConfig);
    let tokenizer: LoadedTokenizer;
    try {
      // The class is fixed: transformers 5 may name its generic backend here, which the port does not
      // know; Qwen2Tokenizer is the behaviour the tokenizer.json describes for this model family.
      tokenizer = TokenizerLoader.fromPreTrained({
        tokenizerJSON,
        tokenizerConfig: { ...tokenizerConfig, tokenizer_class: 'Qwen2Tokenizer' },
      });
    } catch (error) {
      throw new ModelFilesError(
        modelDir,
        'tokenizer.json',
        `cannot build the tokenizer: ${String(error)}`,
        error,
      );
    }
    const idOf = (token: string, expected: number): number => {
      const ids = tokenizer.encode(token, { add_special_tokens: false });
      if (ids.length !== 1 || ids[0] !== expected) {
        throw new ModelFilesError(
          modelDir,
          'tokenizer.json',
          `token ${token} encodes to [${ids.join(', ')}], but config.json says ${expected}`,
        );
      }
      return expected;
    };
    idOf('<|vision_start|>', config.visionStartTokenId);
    return new PromptTokenizer(
      tokenizer,
      idOf(IMAGE_PAD_TOKEN, config.imageTokenId),
      idOf(VISION_END_TOKEN, config.visionEndTokenId),
    );
  }

  /** Encodes text without adding any special tokens (special-token text in it is still recognized). */
  encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false });
  }

  /**
   * The prompt prefix shared by every question about one image: system turn, user turn opening and
   * the image span with `imageTokens` placeholder ids, up to and including <|vision_end|>.
   */
  prefixIds(imageTokens: number): number[] {
    return [...this.headIds, ...new Array<number>(imageTokens).fill(this.imagePadId), this.visionEndId];
  }

  /**
   * The question-specific rest of the prompt. The prefix ends with a special token, so tokenizing the
   * two parts apart gives exactly the ids of the whole prompt tokenized at once.
   */
  suffixIds(question: string): number[] {
    return this.encode(promptTail(question));
  }

  /** Generated ids to text, special tokens (EOS, im_end, ...) left out. */
  decode(ids: readonly number[]): string {
    return this.tokenizer.decode([...ids], { skip_special_tokens: true });
  }
}
