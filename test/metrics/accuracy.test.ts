import { anls, exactMatch, scoreAccuracy } from '../../src/metrics/accuracy';

describe('exactMatch', () => {
  it('compares normalized strings against every reference', () => {
    expect(exactMatch('The circle.', ['circle'])).toBe(1);
    expect(exactMatch('Three', ['3'])).toBe(1);
    expect(exactMatch('grey', ['gray', 'grey'])).toBe(1);
    expect(exactMatch('The background is blue.', ['blue'])).toBe(0);
    expect(exactMatch('blue', [])).toBe(0);
  });
});

describe('anls', () => {
  it('scores 1 − normalized distance below the 0.5 threshold, else 0, best over references', () => {
    expect(anls('blue', ['blue'])).toBe(1);
    expect(anls('Blues', ['blue'])).toBeCloseTo(0.8, 12); // 1 edit / 5
    expect(anls('bleu', ['blue'])).toBe(0); // 2 edits / 4 = 0.5: at the threshold scores 0
    expect(anls('gray', ['black', 'grey'])).toBeCloseTo(0.75, 12); // grey: 1 edit / 4
    expect(anls('The background is blue.', ['blue'])).toBe(0); // 14 / 18
    expect(anls('', [''])).toBe(1);
    expect(anls('x', [])).toBe(0);
  });
});

describe('scoreAccuracy', () => {
  it('averages overall and per category', () => {
    const result = scoreAccuracy([
      { prediction: 'red', references: ['red'], category: 'color' },
      { prediction: 'blues', references: ['blue'], category: 'color' },
      { prediction: '3', references: ['three'], category: 'count' },
      { prediction: 'four', references: ['5'], category: 'count' },
    ]);
    expect(result.questions).toBe(4);
    expect(result.exactMatch).toBe(0.5);
    expect(result.anls).toBeCloseTo(0.7, 12); // (1 + 0.8 + 1 + 0) / 4
    expect(result.byCategory).toEqual([
      { category: 'color', questions: 2, exactMatch: 0.5, anls: expect.closeTo(0.9, 12) as number },
      { category: 'count', questions: 2, exactMatch: 0.5, anls: 0.5 },
    ]);
  });

  it('puts items without a category under uncategorized only when others have one', () => {
    expect(scoreAccuracy([{ prediction: 'a', references: ['b'] }]).byCategory).toEqual([]);
    const mixed = scoreAccuracy([
      { prediction: 'a', references: ['a'] },
      { prediction: 'b', references: ['b'], category: 'x' },
    ]);
    expect(mixed.byCategory.map((c) => c.category)).toEqual(['uncategorized', 'x']);
    expect(scoreAccuracy([])).toEqual({ questions: 0, exactMatch: 0, anls: 0, byCategory: [] });
  });
});
