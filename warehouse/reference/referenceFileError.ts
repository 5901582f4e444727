// The one error a reference update raises for bad input: it says which file,
// row (row 1 = header, row N = the (N-1)th record, as a spreadsheet shows it)
// and column broke which rule, and what to do.

export type ReferenceRule =
  | 'encoding'
  | 'csv_syntax'
  | 'unrecognised_file'
  | 'missing_column'
  | 'code_format'
  | 'required'
  | 'duplicate_code'
  | 'as_of_order'
  | 'already_loaded'
  | 'unexplained_disappearance'
  | 'variation_unknown_code'
  | 'variation_conflict'
  | 'unknown_level'
  | 'ateco_parent'
  | 'ateco_conflict';

export interface ReferenceIssue {
  rule: ReferenceRule;
  message: string;
  file: string;
  row?: number;
  column?: string;
}

export class ReferenceFileError extends Error {
  readonly code = 'REFERENCE_UPDATE_REFUSED';
  constructor(readonly issues: ReferenceIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

/**
 * Refuses a file whose header lacks any of `columns`: one `missing_column`
 * issue per column, on row 1, saying the file is not `what`.
 */
export function requireColumns(
  file: string,
  header: readonly string[],
  columns: readonly string[],
  what: string,
): void {
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length)
    throw new ReferenceFileError(
      missing.map((column) => ({
        rule: 'missing_column',
        file,
        row: 1,
        column,
        message: `not ${what}: the header has no column '${column}'`,
      })),
    );
}

export function formatIssue(i: ReferenceIssue): string {
  const where = [
    i.file,
    i.row != null ? `row ${i.row}` : null,
    i.column ? `column '${i.column}'` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${i.message} [${i.rule}]`;
}
