import { splitBatch } from '../../src/workflows/splitBatch';

describe('splitBatch', () => {
  it('cuts a single-file batch by question count', () => {
    const [left, right] = splitBatch({ batchId: 'b1', questionIds: ['a', 'b', 'c'], groupSizes: [3] });
    expect(left).toEqual({ batchId: 'b1.1', questionIds: ['a', 'b'], groupSizes: [2] });
    expect(right).toEqual({ batchId: 'b1.2', questionIds: ['c'], groupSizes: [1] });
  });

  it('cuts a multi-file batch on the file boundary nearest the middle', () => {
    const halves = splitBatch({
      batchId: 'b2',
      questionIds: ['a1', 'a2', 'a3', 'b1', 'c1', 'c2', 'c3', 'c4'],
      groupSizes: [3, 1, 4],
    });
    expect(halves.map((h) => h.questionIds)).toEqual([
      ['a1', 'a2', 'a3', 'b1'],
      ['c1', 'c2', 'c3', 'c4'],
    ]);
    expect(halves.map((h) => h.groupSizes)).toEqual([[3, 1], [4]]);
  });

  it('leaves a single question alone', () => {
    const batch = { batchId: 'b3', questionIds: ['q'], groupSizes: [1] };
    expect(splitBatch(batch)).toEqual([batch]);
  });

  it('halves repeatedly down to single questions without losing any', () => {
    let pending = [{ batchId: 'b', questionIds: ['1', '2', '3', '4', '5'], groupSizes: [2, 3] }];
    const singles: string[] = [];
    while (pending.length > 0) {
      const next = pending.flatMap((b) =>
        b.questionIds.length > 1 ? splitBatch(b) : (singles.push(...b.questionIds), []),
      );
      pending = next;
    }
    expect(singles.sort()).toEqual(['1', '2', '3', '4', '5']);
  });
});
