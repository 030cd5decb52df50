import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { relative } from 'node:path';
import type { ModelFiles } from './modelFiles';

/** The files whose bytes decide answers, in a fixed order: configs, tokenizer, graphs with their data. */
export function answerAffectingFiles(model: ModelFiles): string[] {
  const { files, graphs } = model;
  return [
    files.config,
    files.generationConfig,
    files.preprocessorConfig,
    files.tokenizer,
    files.tokenizerConfig,
    ...[graphs.visionEncoder, graphs.embedTokens, graphs.decoder].flatMap((graph) => [
      graph.file,
      ...graph.externalData,
    ]),
  ];
}

/**
 * sha256 over the answer-affecting files of a model folder: each file's path relative to the folder,
 * then its bytes (streamed: graphs can be gigabytes). Two folders with equal hashes give equal answers.
 */
export async function computeModelHash(model: ModelFiles): Promise<string> {
  const hash = createHash('sha256');
  for (const file of answerAffectingFiles(model)) {
    hash.update(`${relative(model.modelDir, file)}\0`);
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}
