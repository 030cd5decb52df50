import path from 'node:path';
import { InputValidationError } from '../../src/errors';
import type { InputIssue } from '../../src/errors';
import { loadDataset } from '../../src/dataset/loadDataset';
import { jsonl, TempFolder } from './tempDataset';

let folder: TempFolder;

beforeEach(() => {
  folder = new TempFolder();
  folder.write('a.png', 'image-a');
  folder.write('img/b.jpg', 'image-b');
});
afterEach(() => folder.remove());

async function issuesOf(promise: Promise<unknown>): Promise<InputIssue[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputValidationError');
}

const ROWS = [
  { file: 'a.png', question_id: 'q1', question: 'What color?', reference: 'red', category: 'color' },
  { file: 'a.png', question_id: 'q2', question: 'How many?' },
  { file: 'img/b.jpg', question_id: 'q3', question: 'Which shape?', reference: 'circle' },
];

describe('loadDataset: valid manifests', () => {
  it('reads JSONL with items in order, resolved paths and optional fields', async () => {
    const manifest = folder.write('manifest.jsonl', jsonl(ROWS));
    const dataset = await loadDataset({ path: manifest });
    expect(dataset.root).toBe(folder.root);
    expect(dataset.source).toBe(manifest);
    expect(dataset.items).toEqual([
      {
        questionId: 'q1',
        imagePath: path.join(folder.root, 'a.png'),
        file: 'a.png',
        question: 'What color?',
        reference: 'red',
        category: 'color',
      },
      { questionId: 'q2', imagePath: path.join(folder.root, 'a.png'), file: 'a.png', question: 'How many?' },
      {
        questionId: 'q3',
        imagePath: path.join(folder.root, 'img/b.jpg'),
        file: 'img/b.jpg',
        question: 'Which shape?',
        reference: 'circle',
      },
    ]);
    expect(dataset.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same items and hash for the same rows as CSV, JSON array and JSONL', async () => {
    const fromJsonl = await loadDataset({ path: folder.write('m.jsonl', jsonl(ROWS)) });
    const csv =
      'file,question_id,question,reference,category\r\n' +
      'a.png,q1,What color?,red,color\r\n' +
      'a.png,q2,How many?,,\r\n' +
      'img/b.jpg,q3,"Which shape?",circle,\r\n';
    const fromCsv = await loadDataset({ path: folder.write('m.csv', csv) });
    const fromJson = await loadDataset({ path: folder.write('m.json', JSON.stringify(ROWS, null, 2)) });
    expect(fromCsv.items).toEqual(fromJsonl.items);
    expect(fromJson.items).toEqual(fromJsonl.items);
    expect(fromCsv.hash).toBe(fromJsonl.hash);
    expect(fromJson.hash).toBe(fromJsonl.hash);
  });

  it('reads a folder of images with a questions file kept elsewhere', async () => {
    const elsewhere = new TempFolder();
    try {
      const questions = elsewhere.write('questions.csv', 'file,question_id,question\nimg/b.jpg,q9,Shape?\n');
      const dataset = await loadDataset({ path: folder.root, questionsPath: questions });
      expect(dataset.root).toBe(folder.root);
      expect(dataset.source).toBe(questions);
      expect(dataset.items.map((i) => i.imagePath)).toEqual([path.join(folder.root, 'img/b.jpg')]);
    } finally {
      elsewhere.remove();
    }
  });

  it("uses a folder's own manifest.jsonl when no questions file is given", async () => {
    const manifest = folder.write('manifest.jsonl', jsonl(ROWS));
    const dataset = await loadDataset({ path: folder.root });
    expect(dataset.source).toBe(manifest);
    expect(dataset.items).toHaveLength(3);
  });

  it('accepts absolute paths inside the folder, skips blank lines and a byte-order mark', async () => {
    const text = '\uFEFF' + jsonl([{ ...ROWS[0], file: path.join(folder.root, 'a.png') }]) + '\n\n';
    const dataset = await loadDataset({ path: folder.write('m.jsonl', text) });
    expect(dataset.items[0]?.imagePath).toBe(path.join(folder.root, 'a.png'));
  });
});

describe('loadDataset: dataset hash', () => {
  it('changes with a file byte, a question or a reference, and not with the folder location or ./', async () => {
    const base = (await loadDataset({ path: folder.write('m.jsonl', jsonl(ROWS)) })).hash;
    const dotted = ROWS.map((r) => ({ ...r, file: `./${r.file}` }));
    expect((await loadDataset({ path: folder.write('m.jsonl', jsonl(dotted)) })).hash).toBe(base);

    const moved = new TempFolder();
    try {
      moved.write('a.png', 'image-a');
      moved.write('img/b.jpg', 'image-b');
      expect((await loadDataset({ path: moved.write('m.jsonl', jsonl(ROWS)) })).hash).toBe(base);
    } finally {
      moved.remove();
    }

    const changedReference = ROWS.map((r, i) => (i === 2 ? { ...r, reference: 'square' } : r));
    expect((await loadDataset({ path: folder.write('m.jsonl', jsonl(changedReference)) })).hash).not.toBe(
      base,
    );
    const changedQuestion = ROWS.map((r, i) => (i === 1 ? { ...r, question: 'How many??' } : r));
    expect((await loadDataset({ path: folder.write('m.jsonl', jsonl(changedQuestion)) })).hash).not.toBe(
      base,
    );
    folder.write('a.png', 'image-A');
    expect((await loadDataset({ path: folder.write('m.jsonl', jsonl(ROWS)) })).hash).not.toBe(base);
  });
});

describe('loadDataset: validation reports every problem with its line', () => {
  it('JSONL: invalid JSON, missing, unknown and empty fields, duplicates, escapes, missing files', async () => {
    const outside = path.join(path.dirname(folder.root), 'outside.png');
    const lines = [
      JSON.stringify({ file: 'a.png', question_id: 'q1', question: 'ok?' }), // 1 valid
      '{"file": "a.png", "question_id": "q2", ', // 2 invalid JSON
      JSON.stringify({ file: 'a.png', question: 'no id' }), // 3 missing question_id
      JSON.stringify({ file: 'a.png', question_id: 'q4', question: 'x', refrence: 'typo' }), // 4 unknown
      JSON.stringify({ file: 'a.png', question_id: 'q5', question: '   ' }), // 5 empty question
      '', // 6 blank: skipped
      JSON.stringify({ file: 'a.png', question_id: 'q1', question: 'again' }), // 7 duplicate of line 1
      JSON.stringify({ file: '../outside.png', question_id: 'q8', question: 'x' }), // 8 escapes
      JSON.stringify({ file: outside, question_id: 'q9', question: 'x' }), // 9 absolute outside
      JSON.stringify({ file: 'nope.png', question_id: 'q10', question: 'x' }), // 10 missing file
      JSON.stringify(['a.png', 'q11', 'x']), // 11 not an object
      JSON.stringify({ file: 'img', question_id: 'q12', question: 'x' }), // 12 a folder
      JSON.stringify({ file: 'a.png', question_id: 'q13', question: 'x', reference: '' }), // 13 empty optional
      JSON.stringify({ file: 'a.png', question_id: 7, question: 'x' }), // 14 wrong type
    ];
    const issues = await issuesOf(loadDataset({ path: folder.write('m.jsonl', lines.join('\n')) }));
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [2, undefined],
      [3, 'question_id'],
      [4, 'refrence'],
      [5, 'question'],
      [7, 'question_id'],
      [8, 'file'],
      [9, 'file'],
      [10, 'file'],
      [11, undefined],
      [12, 'file'],
      [13, 'reference'],
      [14, 'question_id'],
    ]);
    const byLine = new Map(issues.map((i) => [i.line, i.message]));
    expect(byLine.get(2)).toMatch(/^invalid JSON/);
    expect(byLine.get(3)).toBe('is missing');
    expect(byLine.get(4)).toMatch(/unknown field/);
    expect(byLine.get(5)).toBe('question is empty');
    expect(byLine.get(7)).toBe("duplicate question_id 'q1' (first used on line 1)");
    expect(byLine.get(8)).toMatch(/outside the dataset folder/);
    expect(byLine.get(9)).toMatch(/outside the dataset folder/);
    expect(byLine.get(10)).toMatch(/^file not found: nope\.png/);
    expect(byLine.get(11)).toMatch(/expected an object/);
    expect(byLine.get(12)).toMatch(/not a regular file/);
    expect(byLine.get(13)).toMatch(/reference is empty/);
    expect(byLine.get(14)).toBe('question_id must be a string');
  });

  it('names each line with invalid UTF-8 and still validates the other lines', async () => {
    const good = Buffer.from(JSON.stringify({ file: 'a.png', question_id: 'q1', question: 'ok' }) + '\n');
    const bad = Buffer.concat([
      Buffer.from('{"file": "a.png", "question_id": "q2", "question": "caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n'),
    ]);
    const missing = Buffer.from(JSON.stringify({ file: 'a.png', question_id: 'q3' }) + '\n');
    const bad2 = Buffer.from([0xff, 0x0a]);
    const issues = await issuesOf(
      loadDataset({ path: folder.write('m.jsonl', Buffer.concat([good, bad, missing, bad2])) }),
    );
    expect(issues).toEqual([
      { line: 2, message: 'invalid UTF-8' },
      { line: 3, field: 'question', message: 'is missing' },
      { line: 4, message: 'invalid UTF-8' },
    ]);
  });

  it('CSV: header problems once, wrong cell counts, multi-line cells keep line numbers right', async () => {
    const csv = [
      'file,question_id,colour', // 1: unknown column, question missing
      'a.png,q1,red', // 2
      'a.png,q2', // 3: wrong cell count
    ].join('\n');
    const issues = await issuesOf(loadDataset({ path: folder.write('m.csv', csv) }));
    expect(issues).toEqual([
      { line: 1, field: 'colour', message: expect.stringMatching(/unknown column/) as string },
      { line: 1, field: 'question', message: 'required column is missing from the header' },
      { line: 3, message: 'has 2 cell(s) but the header has 3 column(s)' },
    ]);

    const multiLine = [
      'file,question_id,question',
      'a.png,q1,"first line', // 2-3: one record over two lines
      'second line"',
      'a.png,q1,dup', // 4: duplicate of the record that starts on line 2
      ',q5,no file', // 5: empty file
    ].join('\n');
    const more = await issuesOf(loadDataset({ path: folder.write('m.csv', multiLine) }));
    expect(more).toEqual([
      { line: 4, field: 'question_id', message: "duplicate question_id 'q1' (first used on line 2)" },
      { line: 5, field: 'file', message: 'file is empty' },
    ]);
  });

  it('CSV: an unclosed quote is reported', async () => {
    const issues = await issuesOf(
      loadDataset({ path: folder.write('m.csv', 'file,question_id,question\na.png,q1,"open\n') }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/^invalid CSV/);
  });

  it('JSON array: problems carry the line where their element starts', async () => {
    const text = [
      '[',
      '  {"file": "a.png", "question_id": "q1", "question": "ok"},',
      '  {',
      '    "file": "missing.png",',
      '    "question_id": "q2",',
      '    "question": "x"',
      '  },',
      '  {"file": "a.png", "question_id": "q3", "question": "x", "extra": {"nested": [1, "]"]}}',
      ']',
    ].join('\n');
    const issues = await issuesOf(loadDataset({ path: folder.write('m.json', text) }));
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'file'],
      [8, 'extra'],
    ]);
  });

  it('JSON array: invalid JSON and a non-array are errors', async () => {
    const broken = await issuesOf(loadDataset({ path: folder.write('m.json', '[{"file": "a.png",}]') }));
    expect(broken[0]?.message).toMatch(/^invalid JSON/);
    const object = await issuesOf(loadDataset({ path: folder.write('m.json', '{"file": "a.png"}') }));
    expect(object).toEqual([{ line: 1, message: expect.stringMatching(/expected a JSON array/) as string }]);
  });

  it('an empty manifest is an error, in every format', async () => {
    for (const [name, text] of [
      ['e.jsonl', '\n\n'],
      ['e.csv', 'file,question_id,question\n'],
      ['e.json', '[]'],
    ] as const) {
      const issues = await issuesOf(loadDataset({ path: folder.write(name, text) }));
      expect(issues).toEqual([{ message: 'the manifest has no rows' }]);
    }
  });

  it('a missing path, a folder without manifest and a questions file next to a manifest are errors', async () => {
    expect(await issuesOf(loadDataset({ path: path.join(folder.root, 'nope') }))).toEqual([
      { message: 'dataset path does not exist' },
    ]);
    expect((await issuesOf(loadDataset({ path: path.join(folder.root, 'img') })))[0]?.message).toMatch(
      /no manifest/,
    );
    const manifest = folder.write('m.jsonl', jsonl(ROWS));
    expect((await issuesOf(loadDataset({ path: manifest, questionsPath: manifest })))[0]?.field).toBe(
      'questionsPath',
    );
    expect(
      await issuesOf(loadDataset({ path: folder.root, questionsPath: path.join(folder.root, 'q.csv') })),
    ).toEqual([{ message: 'questions file does not exist' }]);
  });

  it('the error message names the file and every line', async () => {
    const manifest = folder.write('m.jsonl', '{"file": "a.png"}\nnot json\n');
    await expect(loadDataset({ path: manifest })).rejects.toThrow(
      new RegExp(`${manifest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 3 problem\\(s\\)`),
    );
  });
});
