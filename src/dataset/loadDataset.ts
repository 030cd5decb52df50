import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputValidationError } from '../errors';
import type { InputIssue } from '../errors';
import type { Dataset } from '../schemas/dataset';
import { computeDatasetHash } from './datasetHash';
import { decodeUtf8 } from './decodeUtf8';
import { detectManifestFormat } from './manifestFormat';
import { parseCsv } from './parseCsv';
import { parseJsonArray } from './parseJsonArray';
import { parseJsonl } from './parseJsonl';
import type { ParsedManifest } from './rawRow';
import { resolveFiles } from './resolveFiles';
import { validateRows } from './validateRows';

/** Where a dataset is. */
export interface DatasetLocation {
  /** A manifest file, or a folder of images. */
  path: string;
  /**
   * The questions file when `path` is a folder; its `file` fields are relative to that folder. When a
   * folder is given without it, the folder's own `manifest.jsonl`/`.csv`/`.json` (or `questions.*`) is used.
   */
  questionsPath?: string;
}

/** Manifest names looked for inside a dataset folder given without a questions file. */
export const DEFAULT_MANIFEST_NAMES = [
  'manifest.jsonl',
  'manifest.csv',
  'manifest.json',
  'questions.jsonl',
  'questions.csv',
  'questions.json',
];

async function kindOf(file: string): Promise<'file' | 'folder' | 'missing'> {
  try {
    const info = await stat(file);
    return info.isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

/** Resolves a location to (root folder, manifest file); throws InputValidationError when it cannot. */
async function locate(location: DatasetLocation): Promise<{ root: string; source: string }> {
  const target = path.resolve(location.path);
  const kind = await kindOf(target);
  if (kind === 'missing') {
    throw new InputValidationError(target, [{ message: 'dataset path does not exist' }]);
  }
  if (kind === 'file') {
    if (location.questionsPath !== undefined) {
      throw new InputValidationError(target, [
        {
          field: 'questionsPath',
          message: 'a questions file goes with a dataset folder, not a manifest file',
        },
      ]);
    }
    return { root: path.dirname(target), source: target };
  }
  if (location.questionsPath !== undefined) {
    const source = path.resolve(location.questionsPath);
    if ((await kindOf(source)) !== 'file') {
      throw new InputValidationError(source, [{ message: 'questions file does not exist' }]);
    }
    return { root: target, source };
  }
  for (const name of DEFAULT_MANIFEST_NAMES) {
    const candidate = path.join(target, name);
    if ((await kindOf(candidate)) === 'file') return { root: target, source: candidate };
  }
  throw new InputValidationError(target, [
    {
      message: `dataset folder has no manifest (looked for ${DEFAULT_MANIFEST_NAMES.join(', ')}); pass a questions file`,
    },
  ]);
}

function parseManifest(source: string, text: string): ParsedManifest {
  switch (detectManifestFormat(source, text)) {
    case 'jsonl':
      return parseJsonl(text);
    case 'csv':
      return parseCsv(text);
    case 'json':
      return parseJsonArray(text);
  }
}

/**
 * Loads and validates a dataset: a manifest file (JSONL, CSV with a header row, or a JSON array) whose
 * rows name an image file relative to the manifest's folder, or a folder of images plus a questions
 * file. Every problem is collected before failing, so one InputValidationError lists all bad lines:
 * invalid UTF-8 or JSON, missing/unknown/empty fields, duplicate question ids, paths outside the
 * dataset folder and missing files. An empty manifest is an error. The hash covers questions and
 * file bytes (see `computeDatasetHash`).
 */
export async function loadDataset(location: DatasetLocation): Promise<Dataset> {
  const { root, source } = await locate(location);
  const { text, invalidLines } = decodeUtf8(await readFile(source));
  const issues: InputIssue[] = invalidLines.map((line) => ({ line, message: 'invalid UTF-8' }));
  const badLines = new Set(invalidLines);
  const parsed = parseManifest(source, text);
  // A line with invalid UTF-8 is reported once as such, not again as bad JSON or CSV.
  issues.push(...parsed.issues.filter((issue) => issue.line === undefined || !badLines.has(issue.line)));
  const validation = validateRows(parsed.rows, {
    skipLines: badLines,
    reportedFields: parsed.reportedFields,
  });
  issues.push(...validation.issues);
  const resolved = await resolveFiles(root, validation.rows);
  issues.push(...resolved.issues);
  if (issues.length === 0 && resolved.items.length === 0) {
    issues.push({ message: 'the manifest has no rows' });
  }
  if (issues.length > 0) {
    issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new InputValidationError(source, issues);
  }
  const hash = await computeDatasetHash(resolved.items, resolved.relativeFiles);
  return { root, source, items: resolved.items, hash };
}
