const NUMBER_WORDS: Readonly<Record<string, string>> = {
  none: '0',
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
  twenty: '20',
};

const ARTICLES = new Set(['a', 'an', 'the']);

/**
 * Normalizes an answer or reference before comparison. Rules, in order:
 * 1. Unicode NFKC, then lowercase.
 * 2. Thousands separators go: a comma between digits is removed (`1,000` → `1000`).
 * 3. Apostrophes are removed (`don't` → `dont`, `’s` → `s`).
 * 4. Every other punctuation character (Unicode category P, which includes `% & * @ # - /`) becomes a
 *    space, except a period between two digits (`3.5` stays). Symbols (category S: `+ = $ < >`) stay.
 * 5. Words are split on whitespace; number words zero–twenty (and `none`) become digits; the articles
 *    `a`, `an`, `the` are dropped.
 * 6. The words are joined with single spaces.
 */
export function normalizeAnswer(text: string): string {
  const lowered = text.normalize('NFKC').toLowerCase();
  const cleaned = lowered
    .replace(/(?<=\d),(?=\d)/g, '')
    .replace(/['’‘`]/g, '')
    .replace(/\.(?!\d)|(?<!\d)\./g, ' ')
    .replace(/[^\P{P}.]/gu, ' ');
  return cleaned
    .split(/\s+/)
    .filter((word) => word !== '' && !ARTICLES.has(word))
    .map((word) => NUMBER_WORDS[word] ?? word)
    .join(' ');
}
