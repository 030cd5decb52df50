import { join } from 'node:path';
import { createEngine } from '../../src/engine/createEngine';
import type { EngineOptions } from '../../src/engine/createEngine';
import { InputValidationError, ModelFilesError, ProviderUnavailableError } from '../../src/errors';

const TINY = join(__dirname, '../../models/tiny-qwen2.5-vl');

describe('createEngine', () => {
  it('names every invalid option', async () => {
    const attempt = createEngine({
      kind: 'onnx',
      modelDir: '',
      dtype: 'fp64',
      threads: 2,
    } as unknown as EngineOptions);
    await expect(attempt).rejects.toBeInstanceOf(InputValidationError);
    const error = (await attempt.catch((thrown: unknown) => thrown)) as InputValidationError;
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(['dtype', 'modelDir', undefined].sort());
    expect(error.message).toMatch(/threads/);
  });

  it('rejects a malformed device, an unavailable provider and a missing model folder, each typed', async () => {
    await expect(createEngine({ kind: 'onnx', modelDir: TINY, device: 'gpu' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [expect.objectContaining({ field: 'device' })],
    });
    await expect(createEngine({ kind: 'onnx', modelDir: TINY, device: 'cuda:0' })).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    await expect(createEngine({ kind: 'onnx', modelDir: join(TINY, 'nope') })).rejects.toBeInstanceOf(
      ModelFilesError,
    );
  });

  it('loads the tiny model on the CPU by default and describes it', async () => {
    const engine = await createEngine({ kind: 'onnx', modelDir: TINY, intraOpThreads: 1 });
    expect(engine.info).toMatchObject({
      kind: 'onnx',
      model: 'Qwen2_5_VLForConditionalGeneration',
      device: 'cpu',
      dtype: 'fp32',
      modelDir: TINY,
    });
    expect(engine.info.modelHash).toMatch(/^[0-9a-f]{64}$/);
    await engine.dispose();
  });
});
