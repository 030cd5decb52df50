import { locateModelFiles } from '../../../../src/engine/onnx/qwen2_5_vl/modelFiles';
import { PromptTokenizer } from '../../../../src/engine/onnx/qwen2_5_vl/tokenizer';
import { renderPrompt } from '../../../../src/engine/onnx/qwen2_5_vl/chatTemplate';
import { TINY_MODEL_DIR } from './helpers/tinyModel';
import { imageOf, reference } from './helpers/referenceFixtures';

let tokenizer: PromptTokenizer;

beforeAll(async () => {
  const model = await locateModelFiles(TINY_MODEL_DIR);
  tokenizer = await PromptTokenizer.load(TINY_MODEL_DIR, model.files, model.config);
});

describe('Qwen2.5-VL prompt tokenization (tiny model tokenizer)', () => {
  it.each(reference.questions.map((q) => [q.id, q] as const))(
    '%s: prompt ids equal the transformers processor ids',
    (_id, question) => {
      const ids = [
        ...tokenizer.prefixIds(imageOf(question).image_tokens),
        ...tokenizer.suffixIds(question.question),
      ];
      expect(ids).toEqual(question.input_ids);
    },
  );

  it('keeps leading and trailing spaces of the question, as the chat template does', () => {
    const spaced = reference.questions.find((q) => q.question !== q.question.trim());
    expect(spaced).toBeDefined();
    const ids = tokenizer.suffixIds(spaced?.question ?? '');
    expect(ids).not.toEqual(tokenizer.suffixIds(spaced?.question.trim() ?? ''));
  });

  it('tokenizes prefix and suffix apart exactly as the whole rendered prompt', () => {
    for (const question of reference.questions.slice(0, 6)) {
      const whole = tokenizer.encode(renderPrompt(question.question));
      const parts = [...tokenizer.prefixIds(1), ...tokenizer.suffixIds(question.question)];
      expect(parts).toEqual(whole);
    }
  });

  it.each(reference.questions.map((q) => [q.id, q] as const))(
    '%s: generated ids decode to the reference text (special tokens skipped)',
    (_id, question) => {
      expect(tokenizer.decode(question.greedy_ids)).toBe(question.greedy_text);
    },
  );

  it('leaves end-of-sequence and chat tokens out of decoded text', () => {
    const hello = tokenizer.encode('Hello');
    expect(tokenizer.decode([...hello, 151645, 151643])).toBe('Hello');
  });
});
