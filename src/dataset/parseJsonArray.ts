import type { ParsedManifest, RawRow } from './rawRow';

/** Maps character offsets to 1-based line numbers (binary search over line starts). */
function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

/**
 * Start and end offsets of the top-level elements of a JSON array. Only called on text that
 * JSON.parse accepted, so a scanner that tracks strings and nesting depth is exact.
 */
function elementSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  let lastNonSpace = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') {
        inString = false;
        lastNonSpace = i;
      }
      continue;
    }
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') continue;
    if (depth === 1 && start < 0 && ch !== ',' && ch !== ']') start = i;
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      if (ch === ']' && depth === 1 && start >= 0) spans.push([start, lastNonSpace]);
      depth--;
    } else if (ch === ',' && depth === 1 && start >= 0) {
      spans.push([start, lastNonSpace]);
      start = -1;
    }
    if (ch !== ',' || depth !== 1) lastNonSpace = i;
  }
  return spans;
}

/** Pulls `line N column M` or `position N` out of a JSON.parse message, when the runtime gives one. */
function errorLine(text: string, message: string): number | undefined {
  const lineAt = lineLocator(text);
  const lineMatch = /line (\d+)/.exec(message);
  if (lineMatch?.[1] !== undefined) return Number(lineMatch[1]);
  const positionMatch = /position (\d+)/.exec(message);
  if (positionMatch?.[1] !== undefined) return lineAt(Number(positionMatch[1]));
  return undefined;
}

/** Reads a manifest that is one JSON array of row objects; each row is tagged with its lines. */
export function parseJsonArray(text: string): ParsedManifest {
  const result: ParsedManifest = { rows: [], issues: [], reportedFields: new Set() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    result.issues.push({ line: errorLine(text, reason), message: `invalid JSON: ${reason}` });
    return result;
  }
  if (!Array.isArray(parsed)) {
    result.issues.push({ line: 1, message: 'expected a JSON array of rows ([{"file": ..., ...}, ...])' });
    return result;
  }
  const spans = elementSpans(text);
  const lineAt = lineLocator(text);
  parsed.forEach((value: unknown, index) => {
    const span = spans[index];
    const line = span === undefined ? 1 : lineAt(span[0]);
    const endLine = span === undefined ? line : lineAt(span[1]);
    const row: RawRow = { line, endLine, value };
    result.rows.push(row);
  });
  return result;
}
