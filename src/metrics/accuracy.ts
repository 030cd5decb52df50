import { levenshtein } from './levenshtein';
import { normalizeAnswer } from './normalizeAnswer';

/** ANLS threshold: a normalized distance at or above it scores 0 (the answer is a different answer). */
export const ANLS_THRESHOLD = 0.5;

/** 1 when the normalized prediction equals any normalized reference (see `normalizeAnswer`), else 0. */
export function exactMatch(prediction: string, references: readonly string[]): number {
  const normalized = normalizeAnswer(prediction);
  return references.some((reference) => normalizeAnswer(reference) === normalized) ? 1 : 0;
}

/**
 * Average Normalized Levenshtein Similarity of one answer: over references, the best of
 * 1 − d/max(|p|, |r|) on normalized strings, where a normalized distance d/max(...) of 0.5 or more
 * scores 0. Two empty strings score 1. No references score 0.
 */
export function anls(prediction: string, references: readonly string[], threshold = ANLS_THRESHOLD): number {
  const p = normalizeAnswer(prediction);
  let best = 0;
  for (const reference of references) {
    const r = normalizeAnswer(reference);
    const longest = Math.max([...p].length, [...r].length);
    const distance = longest === 0 ? 0 : levenshtein(p, r) / longest;
    best = Math.max(best, distance < threshold ? 1 - distance : 0);
  }
  return best;
}

/** One answered question to score. */
export interface ScoredItem {
  prediction: string;
  references: readonly string[];
  category?: string;
}

/** Mean scores over a set of questions (0–1). */
export interface AccuracyScores {
  questions: number;
  exactMatch: number;
  anls: number;
}

/** Mean scores overall and per category. */
export interface AccuracyResult extends AccuracyScores {
  /** Sorted by category; questions without a category form `uncategorized` when others have one. */
  byCategory: Array<AccuracyScores & { category: string }>;
}

/** Category name for items without one, in runs where other items have a category. */
export const UNCATEGORIZED = 'uncategorized';

function mean(items: readonly ScoredItem[]): AccuracyScores {
  if (items.length === 0) return { questions: 0, exactMatch: 0, anls: 0 };
  let em = 0;
  let similarity = 0;
  for (const item of items) {
    em += exactMatch(item.prediction, item.references);
    similarity += anls(item.prediction, item.references);
  }
  return {
    questions: items.length,
    exactMatch: em / items.length,
    anls: Math.min(1, similarity / items.length),
  };
}

/** Exact match and ANLS means over `items`, overall and per category. */
export function scoreAccuracy(items: readonly ScoredItem[]): AccuracyResult {
  const anyCategory = items.some((item) => item.category !== undefined);
  const groups = new Map<string, ScoredItem[]>();
  if (anyCategory) {
    for (const item of items) {
      const category = item.category ?? UNCATEGORIZED;
      const group = groups.get(category);
      if (group === undefined) groups.set(category, [item]);
      else group.push(item);
    }
  }
  return {
    ...mean(items),
    byCategory: [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([category, group]) => ({ category, ...mean(group) })),
  };
}
