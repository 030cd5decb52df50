import { planBatches } from '../../src/activities/planBatches';

const items = (spec: Array<[string, number]>): Array<{ questionId: string; imagePath: string }> =>
  spec.flatMap(([file, count]) =>
    Array.from({ length: count }, (_, i) => ({
      questionId: `${file}-q${i}`,
      imagePath: `/data/${file}.png`,
    })),
  );

describe('planBatches', () => {
  it("keeps one file's questions in one batch and packs files up to the batch size", () => {
    const batches = planBatches(
      items([
        ['a', 4],
        ['b', 4],
        ['c', 4],
      ]),
      8,
      100,
      'e1-',
    );
    expect(batches.map((b) => b.batchId)).toEqual(['e1-b0001', 'e1-b0002']);
    expect(batches[0]?.questionIds).toEqual(['a-q0', 'a-q1', 'a-q2', 'a-q3', 'b-q0', 'b-q1', 'b-q2', 'b-q3']);
    expect(batches[0]?.groupSizes).toEqual([4, 4]);
    expect(batches[1]?.groupSizes).toEqual([4]);
  });

  it('gives a file with more questions than the batch size a batch of its own', () => {
    const batches = planBatches(
      items([
        ['a', 2],
        ['big', 10],
        ['c', 1],
      ]),
      4,
      100,
      '',
    );
    expect(batches.map((b) => b.questionIds.length)).toEqual([2, 10, 1]);
  });

  it('groups questions of a file even when the manifest interleaves files', () => {
    const interleaved = [
      { questionId: 'x1', imagePath: '/x.png' },
      { questionId: 'y1', imagePath: '/y.png' },
      { questionId: 'x2', imagePath: '/x.png' },
    ];
    expect(planBatches(interleaved, 2, 100, '').map((b) => b.questionIds)).toEqual([['x1', 'x2'], ['y1']]);
  });

  it('returns at most maxBatches batches', () => {
    const batches = planBatches(
      items([
        ['a', 2],
        ['b', 2],
        ['c', 2],
        ['d', 2],
      ]),
      2,
      3,
      '',
    );
    expect(batches).toHaveLength(3);
    expect(batches.flatMap((b) => b.questionIds)).not.toContain('d-q0');
  });

  it('plans nothing for no questions', () => {
    expect(planBatches([], 8, 10, '')).toEqual([]);
  });
});
