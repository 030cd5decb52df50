import { detectManifestFormat } from '../../src/dataset/manifestFormat';

describe('detectManifestFormat', () => {
  it('goes by extension, then by the first character', () => {
    expect(detectManifestFormat('a.JSONL', '')).toBe('jsonl');
    expect(detectManifestFormat('a.ndjson', '')).toBe('jsonl');
    expect(detectManifestFormat('a.csv', '[')).toBe('csv');
    expect(detectManifestFormat('a.json', '')).toBe('json');
    expect(detectManifestFormat('a.txt', '  [\n')).toBe('json');
    expect(detectManifestFormat('a.txt', '{"file":1}')).toBe('jsonl');
    expect(detectManifestFormat('a.txt', 'file,question_id')).toBe('csv');
  });
});
