import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import sharp from 'sharp';
import { parseAskFlags, registerAskCommand, settingsFromFlags } from '../../../src/cli/commands/ask';
import { InputValidationError, VqaEvalError } from '../../../src/errors';

const MODEL = resolve(__dirname, '../../../models/tiny-qwen2.5-vl');
const dir = mkdtempSync(join(tmpdir(), 'ask-'));
const image = join(dir, 'red.png');

beforeAll(async () => {
  await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 220, g: 20, b: 40 } } })
    .png()
    .toFile(image);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `vqa-eval ask ...args` on a fresh program and returns what it printed. */
async function ask(args: string[]): Promise<string> {
  let printed = '';
  const program = new Command().exitOverride();
  registerAskCommand(program, { write: (text) => (printed += text) });
  await program.parseAsync(['ask', ...args], { from: 'user' });
  return printed;
}

const base = ['--model', MODEL, '--image', image, '--question', 'What color is it?', '--max-new-tokens', '6'];

describe('vqa-eval ask', () => {
  it('prints the answer, and with --json the ids, counts, timings, device and model hash', async () => {
    const text = await ask(base);
    const json = JSON.parse(await ask([...base, '--json'])) as Record<string, unknown>;
    expect(text).toBe(`${String(json.answer)}\n`);
    expect(json).toMatchObject({ generatedTokens: 6, finishReason: 'length', device: 'cpu' });
    expect(json.tokenIds).toHaveLength(6);
    expect(json.modelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(json.timings as object).sort()).toEqual([
      'decodeMs',
      'prefillMs',
      'preprocessMs',
      'visionMs',
    ]);
    expect(json.promptTokens).toBeGreaterThan(20);
  });

  it('samples reproducibly with a seed', async () => {
    const sampled = [...base, '--temperature', '1.5', '--top-k', '50', '--top-p', '0.9', '--json'];
    const first = JSON.parse(await ask([...sampled, '--seed', '11'])) as { tokenIds: number[] };
    const again = JSON.parse(await ask([...sampled, '--seed', '11'])) as { tokenIds: number[] };
    expect(again.tokenIds).toEqual(first.tokenIds);
  });

  it('fails with the typed error of the item (unreadable image)', async () => {
    const attempt = ask(['--model', MODEL, '--image', join(dir, 'missing.png'), '--question', 'x']);
    await expect(attempt).rejects.toBeInstanceOf(VqaEvalError);
    await expect(attempt).rejects.toMatchObject({ code: 'IMAGE_DECODE' });
  });

  it('refuses an unavailable device instead of falling back', async () => {
    await expect(ask([...base, '--device', 'cuda:0'])).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });
});

describe('ask flags', () => {
  const valid = { model: 'm', image: 'i.png', question: 'q' };

  it('names every bad flag', () => {
    try {
      parseAskFlags({ ...valid, maxNewTokens: 'ten', device: 'gpu0', dtype: 'fp64' });
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(InputValidationError);
      const fields = (error as InputValidationError).issues.map((issue) => issue.field);
      expect(fields).toEqual(['--max-new-tokens', '--device', '--dtype']);
    }
  });

  it('is greedy by default and samples when a sampling flag is given', () => {
    expect(settingsFromFlags(parseAskFlags(valid)).greedy).toBe(true);
    const sampling = settingsFromFlags(parseAskFlags({ ...valid, temperature: '0.7', seed: '3' }));
    expect(sampling).toMatchObject({ greedy: false, temperature: 0.7, seed: 3 });
  });

  it('rejects --greedy together with sampling flags, and out-of-range values, by flag name', () => {
    expect(() => parseAskFlags({ ...valid, greedy: true, topP: '0.5' })).toThrow(
      /--top-p: cannot be combined/,
    );
    expect(() => settingsFromFlags(parseAskFlags({ ...valid, topP: '1.5' }))).toThrow(/--top-p/);
    expect(() => settingsFromFlags(parseAskFlags({ ...valid, maxNewTokens: '0' }))).toThrow(
      /--max-new-tokens/,
    );
  });
});
