import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../cli/helpers/runCli';
import { TINY_MODEL_DIR, tempDir } from '../workflows/harness';
import { SAMPLE_JPEG } from './helpers/badFiles';

/**
 * Bad manifests through the user's path (`vqa-eval run`): the run is refused before anything starts
 * (exit status 2), and the message names the manifest, the line and the field or file at fault. The
 * address is unreachable and not local on purpose: these refusals must come before any server.
 */

const dataDir = tempDir('bad-manifest');
const globals = ['--address', 'temporal.invalid:7233', '--data-dir', dataDir];

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const good = (id: string): string =>
  JSON.stringify({ file: 'images/a.jpg', question_id: id, question: 'What colour is the shape?' });

/** A dataset folder with one real image and a manifest of these lines; returns the manifest path. */
function dataset(name: string, manifest: string | Buffer): string {
  const dir = path.join(dataDir, name);
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  copyFileSync(SAMPLE_JPEG, path.join(dir, 'images', 'a.jpg'));
  const file = path.join(dir, 'manifest.jsonl');
  writeFileSync(file, manifest);
  return file;
}

const cases: Array<{ input: string; manifest: string | Buffer; culprit: string[] }> = [
  {
    input: 'missing image file',
    manifest: [
      good('q1'),
      JSON.stringify({ file: 'images/missing.jpg', question_id: 'q2', question: 'Q?' }),
    ].join('\n'),
    culprit: ['line 2: file: file not found: images/missing.jpg'],
  },
  {
    input: 'duplicate question ids',
    manifest: [good('q1'), good('q2'), good('q1')].join('\n'),
    culprit: ["line 3: question_id: duplicate question_id 'q1' (first used on line 1)"],
  },
  {
    input: 'empty question',
    manifest: [good('q1'), JSON.stringify({ file: 'images/a.jpg', question_id: 'q2', question: '   ' })].join(
      '\n',
    ),
    culprit: ['line 2: question: question is empty'],
  },
  {
    input: 'unknown field (a typo)',
    manifest: JSON.stringify({ file: 'images/a.jpg', question_id: 'q1', question: 'Q?', refrence: 'red' }),
    culprit: [
      'line 1: refrence: unknown field(s); allowed fields: file, question_id, question, reference, category',
    ],
  },
  {
    input: 'missing field',
    manifest: [good('q1'), JSON.stringify({ file: 'images/a.jpg', question: 'Q?' })].join('\n'),
    culprit: ['line 2: question_id: is missing'],
  },
  {
    input: 'invalid UTF-8',
    manifest: Buffer.concat([
      Buffer.from(`${good('q1')}\n{"file":"images/a.jpg","question_id":"q2","question":"caf`),
      Buffer.from([0xe9]),
      Buffer.from('?"}\n'),
    ]),
    culprit: ['line 2: invalid UTF-8'],
  },
  {
    input: 'path escaping the dataset folder',
    manifest: JSON.stringify({ file: '../../etc/passwd', question_id: 'q1', question: 'Q?' }),
    culprit: ["line 1: file: '../../etc/passwd' is outside the dataset folder"],
  },
  {
    input: 'malformed JSON line',
    manifest: [good('q1'), '{"file": "images/a.jpg", "question_id": "q2",'].join('\n'),
    culprit: ['line 2:'],
  },
  {
    input: 'empty manifest',
    manifest: '',
    culprit: ['the manifest has no rows'],
  },
];

it.each(cases)(
  '$input: refused before the run starts, naming the culprit',
  async ({ input, manifest, culprit }) => {
    const file = dataset(input.replace(/\W+/g, '-'), manifest);
    const { err, exitCode } = await runCli(
      globals,
      'run',
      '--dataset',
      file,
      '--model',
      TINY_MODEL_DIR,
      '--no-worker',
      '--run-id',
      'refused',
    );
    expect(exitCode).toBe(2);
    expect(err).toContain(`error: ${file}:`);
    for (const text of culprit) {
      expect(err).toContain(text);
    }
  },
);

it('lists every problem of a manifest at once', async () => {
  const file = dataset(
    'many-problems',
    [
      good('q1'),
      good('q1'),
      JSON.stringify({ file: 'images/none.jpg', question_id: 'q3', question: '' }),
    ].join('\n'),
  );
  const { err, exitCode } = await runCli(
    globals,
    'run',
    '--dataset',
    file,
    '--model',
    TINY_MODEL_DIR,
    '--no-worker',
  );
  expect(exitCode).toBe(2);
  expect(err).toContain('2 problem(s)');
  expect(err).toContain("line 2: question_id: duplicate question_id 'q1'");
  expect(err).toContain('line 3: question: question is empty');
});
