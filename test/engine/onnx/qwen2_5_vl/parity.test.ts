import { QwenOnnxEngine } from '../../../../src/engine/onnx/qwen2_5_vl/engine';
import { DEFAULT_GENERATION } from '../../../../src/schemas/generation';
import type { ItemOutcome } from '../../../../src/engine/types';
import { TINY_MODEL_DIR } from './helpers/tinyModel';
import { itemOf, maxLogitDiff, reference } from './helpers/referenceFixtures';

/**
 * Parity of the ONNX engine with transformers 5.17 (PyTorch, float32) on the tiny model, end to end:
 * our image preprocessing, tokenization, vision encoder, prefill and decoding against the committed
 * reference (test/fixtures/reference/manifest.json: 24 questions about 16 images of many sizes).
 */

/** Max |logit difference| allowed on the reference's top-256 first-step logits. */
const LOGIT_TOLERANCE = 1e-4;

const settings = { ...DEFAULT_GENERATION, maxNewTokens: reference.max_new_tokens };
const items = reference.questions.map(itemOf);
let engine: QwenOnnxEngine;

beforeAll(async () => {
  // One thread per operator: on a small shared machine this is faster than onnxruntime's default.
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

function tokenIdsOf(outcome: ItemOutcome | undefined): number[] | string {
  return outcome?.status === 'answered' ? outcome.tokenIds : JSON.stringify(outcome);
}

describe.each([true, false])('sharePrefix %s', (sharePrefix) => {
  it(`first-step logits of all questions in one batch are within ${LOGIT_TOLERANCE}`, async () => {
    const logits = await engine.promptLogits(items, { sharePrefix });
    const diffs = reference.questions.map((question, i) => {
      const row = logits[i];
      return row instanceof Float32Array ? maxLogitDiff(row, question) : Infinity;
    });
    expect(Math.max(...diffs)).toBeLessThan(LOGIT_TOLERANCE);
  });

  it('greedy ids equal the reference for every question alone (batch 1)', async () => {
    for (const [i, question] of reference.questions.entries()) {
      const [outcome] = await engine.answer([items[i] ?? itemOf(question)], settings, { sharePrefix });
      expect({ id: question.id, ids: tokenIdsOf(outcome) }).toEqual({
        id: question.id,
        ids: question.greedy_ids,
      });
    }
  });

  it('greedy ids equal the reference with all questions in one batch (16 files, padding)', async () => {
    const outcomes = await engine.answer(items, settings, { sharePrefix });
    expect(outcomes.map(tokenIdsOf)).toEqual(reference.questions.map((question) => question.greedy_ids));
    outcomes.forEach((outcome, i) => {
      expect(outcome).toMatchObject({
        questionId: reference.questions[i]?.id,
        status: 'answered',
        answer: reference.questions[i]?.greedy_text,
        promptTokens: reference.questions[i]?.input_ids.length,
        finishReason: reference.questions[i]?.finish_reason,
      });
    });
  });
});
