import type { ParsedManifest } from './rawRow';

/**
 * Reads JSON Lines: one JSON value per line; blank lines are skipped. Every line that is not valid
 * JSON is reported with its number; the other lines are still returned for validation.
 */
export function parseJsonl(text: string): ParsedManifest {
  const result: ParsedManifest = { rows: [], issues: [], reportedFields: new Set() };
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content.trim() === '') return;
    try {
      result.rows.push({ line, endLine: line, value: JSON.parse(content) as unknown });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result.issues.push({ line, message: `invalid JSON: ${reason}` });
    }
  });
  return result;
}
