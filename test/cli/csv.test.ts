import { parse } from 'csv-parse/sync';
import { csvLine } from '../../src/cli/csv';

describe('csvLine', () => {
  it('quotes fields with commas, quotes and line breaks so a CSV parser reads them back', () => {
    const values = ['plain', 'a, b', 'say "hi"', 'two\nlines', 3, undefined];
    const parsed = parse(`${csvLine(values)}\n`);
    expect(parsed).toEqual([['plain', 'a, b', 'say "hi"', 'two\nlines', '3', '']]);
  });
});
