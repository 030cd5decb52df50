import { normalizeAnswer } from '../../src/metrics/normalizeAnswer';

describe('normalizeAnswer', () => {
  it.each([
    ['Blue', 'blue'],
    ['  The   BLUE  one. ', 'blue 1'],
    ['A circle!', 'circle'],
    ['an apple', 'apple'],
    ["Don't know", 'dont know'],
    ['1,000', '1000'],
    ['3.5', '3.5'],
    ['three.', '3'],
    ['Twelve', '12'],
    ['none', '0'],
    ['50%', '50'],
    ['x+y', 'x+y'],
    ['dark-blue', 'dark blue'],
    ['ＦＵＬＬ ｗｉｄｔｈ', 'full width'],
    ['“quoted”', 'quoted'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });
});
