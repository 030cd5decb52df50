import type { InputIssue } from '../errors';
import { MANIFEST_FIELDS, ManifestRowSchema } from '../schemas/dataset';
import type { ManifestRow } from '../schemas/dataset';
import type { RawRow } from './rawRow';

/** A manifest row that passed schema validation, with the line it starts on. */
export interface ValidRow {
  line: number;
  row: ManifestRow;
}

/** Result of validating every row: the valid rows in order, and every problem found. */
export interface RowValidation {
  rows: ValidRow[];
  issues: InputIssue[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates raw rows against `ManifestRowSchema` and checks that question ids are unique. Rows that
 * touch a line with invalid UTF-8 are skipped (that line is already reported). A duplicate id is
 * reported on the later line and names the first line; the first row stays valid.
 */
export function validateRows(
  rawRows: RawRow[],
  options: { skipLines?: ReadonlySet<number>; reportedFields?: ReadonlySet<string> } = {},
): RowValidation {
  const skipLines = options.skipLines ?? new Set<number>();
  const reportedFields = options.reportedFields ?? new Set<string>();
  const issues: InputIssue[] = [];
  const rows: ValidRow[] = [];
  const firstLineOfId = new Map<string, number>();
  for (const raw of rawRows) {
    const { line } = raw;
    let touchesBadLine = false;
    for (let l = raw.line; l <= raw.endLine; l++) if (skipLines.has(l)) touchesBadLine = true;
    if (touchesBadLine) continue;
    if (!isPlainObject(raw.value)) {
      issues.push({
        line,
        message: `expected an object with fields ${MANIFEST_FIELDS.join(', ')} (the last two optional)`,
      });
      continue;
    }
    const parsed = ManifestRowSchema.safeParse(raw.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          issues.push({
            line,
            field: issue.keys.join(', '),
            message: `unknown field(s); allowed fields: ${MANIFEST_FIELDS.join(', ')}`,
          });
          continue;
        }
        const field = issue.path.map(String).join('.');
        if (reportedFields.has(field)) continue;
        issues.push({ line, field: field === '' ? undefined : field, message: issue.message });
      }
      continue;
    }
    const questionId = parsed.data.question_id;
    const firstLine = firstLineOfId.get(questionId);
    if (firstLine !== undefined) {
      issues.push({
        line,
        field: 'question_id',
        message: `duplicate question_id '${questionId}' (first used on line ${firstLine})`,
      });
      continue;
    }
    firstLineOfId.set(questionId, line);
    rows.push({ line, row: parsed.data });
  }
  return { rows, issues };
}
