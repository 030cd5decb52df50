import type { InputIssue } from '../errors';

/** One row of a manifest before validation, with the lines it came from (1-based, inclusive). */
export interface RawRow {
  line: number;
  endLine: number;
  value: unknown;
}

/** What a manifest parser returns: the rows it could read and a problem for each it could not. */
export interface ParsedManifest {
  rows: RawRow[];
  issues: InputIssue[];
  /**
   * Fields whose problems were already reported once for the whole file (a CSV header without a
   * `question` column), so validation does not repeat them on every row.
   */
  reportedFields: Set<string>;
}
