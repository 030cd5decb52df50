import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputIssue } from '../errors';
import type { DatasetItem } from '../schemas/dataset';
import { mapWithLimit } from './concurrency';
import type { ValidRow } from './validateRows';

/** Files stat-ed at once: enough to hide latency, few enough not to exhaust file handles. */
const STAT_CONCURRENCY = 16;

/**
 * Path of `file` relative to `root` with `/` separators, or undefined when it escapes the root
 * (`../x`, or an absolute path outside it). The check is lexical: a symlink inside the root that
 * points elsewhere is followed on purpose (datasets are often linked in from a larger disk).
 */
export function relativeInsideRoot(root: string, file: string): string | undefined {
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute);
  if (
    relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative)
  ) {
    return undefined;
  }
  return relative.split(path.sep).join('/');
}

async function checkFile(absolute: string): Promise<string | undefined> {
  try {
    const info = await stat(absolute);
    return info.isFile() ? undefined : 'is not a regular file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'file not found';
    return `cannot access the file: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Items with files resolved, plus a problem for each row whose file escapes the root or is missing. */
export interface ResolvedItems {
  items: DatasetItem[];
  /** Per item, its file relative to the root with `/` separators (what the dataset hash uses). */
  relativeFiles: string[];
  issues: InputIssue[];
}

/**
 * Resolves each row's `file` against `root` (absolute folder), rejects paths that escape it and files
 * that do not exist. Each distinct file is stat-ed once.
 */
export async function resolveFiles(root: string, rows: ValidRow[]): Promise<ResolvedItems> {
  const issues: InputIssue[] = [];
  const candidates: Array<{ line: number; item: DatasetItem; relative: string }> = [];
  for (const { line, row } of rows) {
    const relative = relativeInsideRoot(root, row.file);
    if (relative === undefined) {
      issues.push({ line, field: 'file', message: `'${row.file}' is outside the dataset folder ${root}` });
      continue;
    }
    const item: DatasetItem = {
      questionId: row.question_id,
      imagePath: path.resolve(root, row.file),
      file: row.file,
      question: row.question,
    };
    if (row.reference !== undefined) item.reference = row.reference;
    if (row.category !== undefined) item.category = row.category;
    candidates.push({ line, item, relative });
  }
  const distinct = [...new Set(candidates.map((c) => c.item.imagePath))];
  const problems = await mapWithLimit(distinct, STAT_CONCURRENCY, checkFile);
  const problemOf = new Map(distinct.map((file, index) => [file, problems[index]]));
  const items: DatasetItem[] = [];
  const relativeFiles: string[] = [];
  for (const { line, item, relative } of candidates) {
    const problem = problemOf.get(item.imagePath);
    if (problem !== undefined) {
      issues.push({
        line,
        field: 'file',
        message: `${problem}: ${item.file} (looked for ${item.imagePath})`,
      });
      continue;
    }
    items.push(item);
    relativeFiles.push(relative);
  }
  return { items, relativeFiles, issues };
}
