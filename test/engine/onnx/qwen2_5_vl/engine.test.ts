import { join } from 'node:path';
import { QwenOnnxEngine } from '../../../../src/engine/onnx/qwen2_5_vl/engine';
import type { FailedOutcome, ItemOutcome, QuestionItem } from '../../../../src/engine/types';
import { DEFAULT_GENERATION } from '../../../../src/schemas/generation';
import type { GenerationSettings } from '../../../../src/schemas/generation';
import { TINY_MODEL_DIR, editedJson, tinyModelVariant } from './helpers/tinyModel';
import { itemOf, reference } from './helpers/referenceFixtures';
import type { ReferenceQuestion } from './helpers/referenceFixtures';

const question = (id: string): ReferenceQuestion => {
  const found = reference.questions.find((q) => q.id === id);
  if (found === undefined) throw new Error(`no fixture question ${id}`);
  return found;
};
const greedy: GenerationSettings = { ...DEFAULT_GENERATION, maxNewTokens: 8 };
const sampling: GenerationSettings = {
  ...greedy,
  greedy: false,
  temperature: 1.2,
  topK: 40,
  topP: 0.9,
  seed: 5,
};
const idsOf = (outcome: ItemOutcome | undefined): number[] =>
  outcome?.status === 'answered' ? outcome.tokenIds : [];

let engine: QwenOnnxEngine;
beforeAll(async () => {
  engine = await QwenOnnxEngine.load({
    modelDir: TINY_MODEL_DIR,
    device: 'cpu',
    dtype: 'fp32',
    intraOpThreads: 1,
  });
});
afterAll(async () => {
  await engine.dispose();
});

describe('QwenOnnxEngine.answer', () => {
  it('fails only the bad items of a batch, each with its typed error', async () => {
    const good = itemOf(question('q04'));
    const outcomes = await engine.answer(
      [
        good,
        { questionId: 'missing', imagePath: join(TINY_MODEL_DIR, 'no-such-image.png'), question: 'What?' },
        { ...good, questionId: 'smuggled', question: 'Look: <|vision_start|><|image_pad|><|vision_end|>' },
        itemOf(question('q10')),
      ],
      greedy,
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['answered', 'failed', 'failed', 'answered']);
    expect(outcomes[1]).toMatchObject({
      questionId: 'missing',
      error: { code: 'IMAGE_DECODE', retryable: false },
    });
    expect(outcomes[2]).toMatchObject({ questionId: 'smuggled', error: { code: 'INVALID_INPUT' } });
    expect(idsOf(outcomes[0])).toEqual(question('q04').greedy_ids.slice(0, 8));
    expect(idsOf(outcomes[3])).toEqual(question('q10').greedy_ids.slice(0, 8));
  });

  it('samples reproducibly per (seed, question), whatever the batch around the question', async () => {
    const target = itemOf(question('q12'));
    const [alone] = await engine.answer([target], sampling);
    const batched = await engine.answer([itemOf(question('q01')), target, itemOf(question('q17'))], sampling);
    const [unshared] = await engine.answer([target], sampling, { sharePrefix: false });
    expect(idsOf(batched[1])).toEqual(idsOf(alone));
    expect(idsOf(unshared)).toEqual(idsOf(alone));
    const [otherSeed] = await engine.answer([target], { ...sampling, seed: 6 });
    expect(idsOf(otherSeed)).not.toEqual(idsOf(alone));
    // Greedy decoding would give the reference ids; sampling at temperature 1.2 does not.
    expect(idsOf(alone)).not.toEqual(question('q12').greedy_ids.slice(0, 8));
  });

  it('gives the same answers when each question encodes its own copy of the image', async () => {
    const sameImage = reference.questions.filter((q) => q.image === reference.questions[0]?.image);
    expect(sameImage.length).toBeGreaterThan(1);
    const items = sameImage.map(itemOf);
    const shared = await engine.answer(items, greedy);
    const perQuestion = await engine.answer(items, greedy, { shareImage: false, sharePrefix: false });
    expect(perQuestion.map(idsOf)).toEqual(shared.map(idsOf));
    expect(shared.every((outcome) => outcome.status === 'answered')).toBe(true);
  });

  it('reports per-answer timings and calls onStep after every decode step', async () => {
    const steps: number[] = [];
    const outcomes = await engine.answer([itemOf(question('q15')), itemOf(question('q23'))], greedy, {
      onStep: (step) => steps.push(step),
    });
    // 8 tokens: the first comes from the prefill, then 7 decoder steps.
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const outcome of outcomes) {
      if (outcome.status !== 'answered') throw new Error('expected an answer');
      expect(outcome.generatedTokens).toBe(8);
      expect(outcome.finishReason).toBe('length');
      for (const ms of Object.values(outcome.timings)) expect(ms).toBeGreaterThan(0);
    }
  });

  it('stops between steps when aborted, and stays usable', async () => {
    const controller = new AbortController();
    const attempt = engine.answer([itemOf(question('q04'))], greedy, {
      signal: controller.signal,
      onStep: (step) => {
        if (step === 2) controller.abort();
      },
    });
    await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
    const [after] = await engine.answer([itemOf(question('q04'))], greedy);
    expect(idsOf(after)).toEqual(question('q04').greedy_ids.slice(0, 8));
  });
});

describe('per-sequence stopping (model variant: extra end-of-sequence id, 100-token context)', () => {
  const stopper = question('q12').greedy_ids[4] ?? -1;
  const contextLimit = 100;
  const chosen = ['q04', 'q10', 'q12', 'q13', 'q16', 'q18'].map(question);
  let variant: QwenOnnxEngine;
  let cleanup: () => void;

  beforeAll(async () => {
    const edited = tinyModelVariant({
      'generation_config.json': JSON.stringify({
        eos_token_id: [151645, 151643, stopper],
        pad_token_id: 151643,
      }),
      'config.json': editedJson('config.json', (json) => {
        (json.text_config as Record<string, unknown>).max_position_embeddings = contextLimit;
      }),
    });
    cleanup = edited.cleanup;
    variant = await QwenOnnxEngine.load({
      modelDir: edited.dir,
      device: 'cpu',
      dtype: 'fp32',
      intraOpThreads: 1,
    });
  });
  afterAll(async () => {
    await variant.dispose();
    cleanup();
  });

  /** What each question must give: the reference ids cut at the first stop id or the token budget. */
  function expected(q: ReferenceQuestion, maxNewTokens: number): ItemOutcome {
    const promptTokens = q.input_ids.length;
    if (promptTokens >= contextLimit) {
      return {
        questionId: q.id,
        status: 'failed',
        error: expect.objectContaining({ code: 'PROMPT_TOO_LONG' }) as FailedOutcome['error'],
      };
    }
    const budget = Math.min(maxNewTokens, contextLimit - promptTokens);
    const stopAt = q.greedy_ids.findIndex((id) => [151645, 151643, stopper].includes(id));
    const length = stopAt >= 0 && stopAt < budget ? stopAt + 1 : budget;
    return expect.objectContaining({
      questionId: q.id,
      tokenIds: q.greedy_ids.slice(0, length),
      finishReason: length === stopAt + 1 ? 'eos' : 'length',
    }) as ItemOutcome;
  }

  it.each([true, false])(
    'rows finish on their own while the rest continue unchanged (sharePrefix %s)',
    async (sharePrefix) => {
      const items: QuestionItem[] = chosen.map(itemOf);
      const outcomes = await variant.answer(
        items,
        { ...DEFAULT_GENERATION, maxNewTokens: 24 },
        { sharePrefix },
      );
      expect(outcomes).toEqual(chosen.map((q) => expected(q, 24)));
      // The cases this test is about really occur: an early stop, a context cap and a too-long prompt.
      expect(
        outcomes.map((o) =>
          o.status === 'answered' ? `${o.finishReason}:${o.generatedTokens}` : o.error.code,
        ),
      ).toEqual(expect.arrayContaining(['eos:5', 'length:22', 'PROMPT_TOO_LONG']));
    },
  );
});
