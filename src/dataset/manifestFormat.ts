import path from 'node:path';

/** The manifest encodings `loadDataset` reads. */
export type ManifestFormat = 'jsonl' | 'csv' | 'json';

const BY_EXTENSION: Record<string, ManifestFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.json': 'json',
};

/**
 * Picks the format from the file extension (`.jsonl`/`.ndjson`, `.csv`, `.json`); for any other
 * extension, from the first non-blank character: `[` is a JSON array, `{` is JSONL, anything else CSV.
 */
export function detectManifestFormat(file: string, text: string): ManifestFormat {
  const byExtension = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (byExtension !== undefined) return byExtension;
  const first = text.trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return 'jsonl';
  return 'csv';
}
