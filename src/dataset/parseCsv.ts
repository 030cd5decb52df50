import { parse } from 'csv-parse/sync';
import { MANIFEST_FIELDS } from '../schemas/dataset';
import type { ParsedManifest } from './rawRow';

const KNOWN = new Set<string>(MANIFEST_FIELDS);
const REQUIRED = ['file', 'question_id', 'question'];
const OPTIONAL = new Set(['reference', 'category']);

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

function countNewlines(cells: string[]): number {
  let count = 0;
  for (const cell of cells) for (const ch of cell) if (ch === '\n') count++;
  return count;
}

/**
 * Reads a CSV manifest whose first row names the columns. Header problems (unknown, duplicate or
 * missing columns) are reported once on line 1 rather than on every row. Empty cells of optional
 * columns mean "absent" (a CSV row cannot leave a column out); empty required cells stay empty so
 * validation reports them. Rows with the wrong number of cells are reported and skipped.
 */
export function parseCsv(text: string): ParsedManifest {
  const result: ParsedManifest = { rows: [], issues: [], reportedFields: new Set() };
  // CRLF is folded to LF first: csv-parse's line counter is exact for LF input only.
  const normalized = text.replace(/\r\n/g, '\n');
  let records: CsvRecord[];
  try {
    records = parse(normalized, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    const reason = error instanceof Error ? error.message : String(error);
    result.issues.push({
      line: typeof lines === 'number' ? lines : undefined,
      message: `invalid CSV: ${reason}`,
    });
    return result;
  }
  const [header, ...body] = records;
  if (header === undefined) return result;
  const headerLine = header.info.lines - countNewlines(header.record);
  const columns = header.record.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of columns) {
    if (!KNOWN.has(name)) {
      result.issues.push({
        line: headerLine,
        field: name,
        message: `unknown column; allowed columns: ${MANIFEST_FIELDS.join(', ')}`,
      });
    } else if (seen.has(name)) {
      result.issues.push({ line: headerLine, field: name, message: 'duplicate column' });
    }
    seen.add(name);
  }
  for (const name of REQUIRED) {
    if (!seen.has(name)) {
      result.issues.push({
        line: headerLine,
        field: name,
        message: 'required column is missing from the header',
      });
      result.reportedFields.add(name);
    }
  }
  for (const { record, info } of body) {
    const line = info.lines - countNewlines(record);
    if (record.length !== columns.length) {
      result.issues.push({
        line,
        message: `has ${record.length} cell(s) but the header has ${columns.length} column(s)`,
      });
      continue;
    }
    const value: Record<string, string> = {};
    columns.forEach((name, index) => {
      const cell = record[index] ?? '';
      if (!KNOWN.has(name) || name in value) return;
      if (OPTIONAL.has(name) && cell.trim() === '') return;
      value[name] = cell;
    });
    result.rows.push({ line, endLine: info.lines, value });
  }
  return result;
}
