import { formatDuration } from '../../src/cli/formatDuration';

describe('formatDuration', () => {
  it.each([
    [7, '7s'],
    [65, '1m05s'],
    [3725, '1h02m05s'],
    [null, '?'],
    [Infinity, '?'],
  ])('%p -> %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
