import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { QuestionItem } from '../../../../../src/engine/types';

/** Repository root: fixture image paths are relative to it. */
const ROOT = resolve(__dirname, '../../../../..');

const ReferenceQuestionSchema = z.looseObject({
  id: z.string(),
  image: z.string(),
  question: z.string(),
  input_ids: z.array(z.number().int()),
  first_logits: z.object({ ids: z.array(z.number().int()), values: z.array(z.number()) }),
  top1_margin: z.number(),
  greedy_ids: z.array(z.number().int()),
  greedy_text: z.string(),
  finish_reason: z.enum(['eos', 'length']),
});

const ReferenceManifestSchema = z.looseObject({
  transformers: z.string(),
  max_new_tokens: z.number().int().positive(),
  eos_token_ids: z.array(z.number().int()),
  images: z.array(
    z.looseObject({
      name: z.string(),
      file: z.string(),
      grid_thw: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
      image_tokens: z.number().int().positive(),
    }),
  ),
  questions: z.array(ReferenceQuestionSchema),
});

/** One reference question produced with transformers (batch 1, greedy). */
export type ReferenceQuestion = z.infer<typeof ReferenceQuestionSchema>;

/** The reference manifest (test/fixtures/reference/manifest.json), validated. */
export const reference = ReferenceManifestSchema.parse(
  JSON.parse(readFileSync(resolve(ROOT, 'test/fixtures/reference/manifest.json'), 'utf8')),
);

/** The reference image of a question. */
export function imageOf(question: ReferenceQuestion): (typeof reference.images)[number] {
  const image = reference.images.find((candidate) => candidate.name === question.image);
  if (image === undefined)
    throw new Error(`fixture question ${question.id} names unknown image ${question.image}`);
  return image;
}

/** A reference question as an engine item (absolute image path). */
export function itemOf(question: ReferenceQuestion): QuestionItem {
  return {
    questionId: question.id,
    imagePath: resolve(ROOT, imageOf(question).file),
    question: question.question,
  };
}

/** Largest |ours - reference| over the logits the fixture recorded (its top entries). */
export function maxLogitDiff(logits: Float32Array, question: ReferenceQuestion): number {
  let worst = 0;
  question.first_logits.ids.forEach((id, k) => {
    worst = Math.max(worst, Math.abs((logits[id] ?? NaN) - (question.first_logits.values[k] ?? NaN)));
  });
  return worst;
}
