import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { runCli } from '../cli/helpers/runCli';
import { TINY_MODEL_DIR, createLocalTestEnv, tempDir, writeShapesSubset } from '../workflows/harness';

/**
 * Bad model folders and devices through the user's path (`vqa-eval run`, `vqa-eval worker`): refused
 * with a message naming the model folder and the file, or the device, before any question is asked.
 */

const dataDir = tempDir('bad-model');
let manifest: string;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  manifest = writeShapesSubset(path.join(dataDir, 'dataset'), { images: 1, idPrefix: '' });
  env = await createLocalTestEnv();
}, 60_000);

afterAll(async () => {
  await env?.teardown();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** A copy of the tiny model folder (links to its files), without `omit` and with `replace` written over. */
function modelCopy(name: string, options: { omit?: string; replace?: Record<string, string> } = {}): string {
  const dir = path.join(dataDir, 'models', name);
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const relative of [
    ...readdirSync(TINY_MODEL_DIR).filter((f) => f !== 'onnx'),
    ...readdirSync(path.join(TINY_MODEL_DIR, 'onnx')).map((f) => `onnx/${f}`),
  ]) {
    if (relative === options.omit) continue;
    const replacement = options.replace?.[relative];
    if (replacement !== undefined) {
      writeFileSync(path.join(dir, relative), replacement);
    } else if (relative.endsWith('.json')) {
      copyFileSync(path.join(TINY_MODEL_DIR, relative), path.join(dir, relative));
    } else {
      symlinkSync(path.join(TINY_MODEL_DIR, relative), path.join(dir, relative));
    }
  }
  return dir;
}

const run = (...args: string[]) =>
  runCli(
    ['--address', env.address, '--data-dir', dataDir],
    'run',
    '--dataset',
    manifest,
    '--run-id',
    'bad',
    ...args,
  );

it('a model folder with a graph missing: refused, naming the folder and the file (with or without a worker)', async () => {
  const model = modelCopy('no-vision', { omit: 'onnx/vision_encoder.onnx' });
  for (const extra of [[], ['--no-worker']]) {
    const { err, exitCode } = await run('--model', model, ...extra);
    expect(exitCode).toBe(1);
    expect(err).toContain(`error: Model folder ${model}: onnx/vision_encoder.onnx: file is missing`);
  }
});

it('a model folder without its tokenizer: refused, naming tokenizer.json', async () => {
  const model = modelCopy('no-tokenizer', { omit: 'tokenizer.json' });
  const { err, exitCode } = await run('--model', model);
  expect(exitCode).toBe(1);
  expect(err).toContain(`error: Model folder ${model}: tokenizer.json:`);
});

it('a config.json that does not match the graphs: refused, naming the graph and the value', async () => {
  const config = JSON.parse(readFileSync(path.join(TINY_MODEL_DIR, 'config.json'), 'utf8')) as {
    text_config: { num_key_value_heads: number };
  };
  config.text_config.num_key_value_heads = 2;
  const model = modelCopy('wrong-config', { replace: { 'config.json': JSON.stringify(config) } });
  const { err, exitCode } = await run('--model', model);
  expect(exitCode).toBe(1);
  expect(err).toContain(`error: Model folder ${model}: `);
  expect(err).toContain('decoder_model_merged.onnx: past_key_values.0.key has key/value heads 1');
  expect(err).toContain('but config.json declares 2');
});

it('a config.json that is not JSON: refused, naming config.json', async () => {
  const model = modelCopy('broken-config', { replace: { 'config.json': '{ "architectures": [' } });
  const { err, exitCode } = await run('--model', model, '--no-worker');
  expect(exitCode).toBe(1);
  expect(err).toContain(`error: Model folder ${model}: config.json: not valid JSON`);
});

it('an engine that cannot load on the device (cuda:0 on a machine without CUDA): a clear error', async () => {
  const { err, exitCode } = await run('--model', TINY_MODEL_DIR, '--device', 'cuda:0');
  expect(exitCode).toBe(1);
  expect(err).toContain("error: Execution provider for device 'cuda:0' is not available:");

  const worker = await runCli(
    ['--address', env.address, '--data-dir', dataDir],
    'worker',
    '--model',
    TINY_MODEL_DIR,
    '--device',
    'cuda:0',
  );
  expect(worker.exitCode).toBe(1);
  expect(worker.err).toContain("error: Execution provider for device 'cuda:0' is not available:");
}, 60_000);

it('a device name that does not exist: refused as bad input, naming the flag', async () => {
  const { err, exitCode } = await run('--model', TINY_MODEL_DIR, '--device', 'tpu:0');
  expect(exitCode).toBe(2);
  expect(err).toContain("device: device must be 'cpu', 'cuda:N' or 'webgpu:N'");
});
