import { InputValidationError } from '../../src/errors';
import { parseFlags } from '../../src/cli/parseFlags';
import { RunFlagsSchema, generationFromFlags } from '../../src/cli/runFlags';

const base = { dataset: 'm.jsonl', model: 'models/x' };

describe('run flags', () => {
  it('applies defaults: greedy, 128 new tokens, batch 8, window 4, in-process worker', () => {
    const flags = parseFlags('run', RunFlagsSchema, base);
    expect(flags).toMatchObject({ batchSize: 8, window: 4, maxNewTokens: 128, worker: true, device: 'cpu' });
    expect(generationFromFlags(flags)).toMatchObject({ greedy: true, maxNewTokens: 128 });
  });

  it('samples when a temperature is given, with the seed', () => {
    const flags = parseFlags('run', RunFlagsSchema, { ...base, temperature: '0.7', seed: '42' });
    expect(generationFromFlags(flags)).toMatchObject({ greedy: false, temperature: 0.7, seed: 42 });
  });

  it('names every bad flag at once', () => {
    let error: unknown;
    try {
      parseFlags('run', RunFlagsSchema, {
        ...base,
        batchSize: '0',
        greedy: true,
        temperature: '1',
        runId: 'a/b',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputValidationError);
    const message = (error as Error).message;
    expect(message).toContain('--batch-size');
    expect(message).toContain('--temperature: pass either --greedy or --temperature');
    expect(message).toContain('--run-id');
  });

  it('rejects unknown flags', () => {
    expect(() => parseFlags('run', RunFlagsSchema, { ...base, bogus: 1 })).toThrow(InputValidationError);
  });
});
