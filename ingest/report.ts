// The `.report.json` written beside a quarantined file: what a clerk needs to
// fix it — per rule a count and a few example locations (row, column, rule,
// message). Built from issues only, which never carry a cell value.
import type { LoadResult } from './loadFile.ts';
import type { Issue } from './validate.ts';

export interface ReportLocation {
  row: number | null;
  column: string | null;
  rule: string;
  message: string;
}

export interface RuleSummary {
  rule: string;
  /** Rows (or header columns) concerned in the whole file. */
  count: number;
  examples: ReportLocation[];
}

export interface LoadReport {
  file: string;
  feed: string | null;
  checksum: string;
  status: LoadResult['status'];
  format: string | null;
  rows: number;
  loadId: number | null;
  checkedAt: string;
  /** How rows are numbered in this report. */
  rowNumbering: string;
  errors: RuleSummary[];
  warnings: RuleSummary[];
  /** Public-source files: what the connector skipped or decided (counts and rows, never values). */
  notes: RuleSummary[];
}

export const ROW_NUMBERING =
  'row 1 is the header; row N is the (N-1)th data record, as a spreadsheet shows it (a line break inside a quoted field does not start a new row)';

export function summarise(issues: Issue[], maxExamples = 10): RuleSummary[] {
  const byRule = new Map<string, RuleSummary>();
  for (const i of issues) {
    const s = byRule.get(i.rule) ?? { rule: i.rule, count: 0, examples: [] };
    byRule.set(i.rule, s);
    s.count += i.count ?? 1;
    const rows = i.rows?.length ? i.rows : [i.row ?? null];
    for (const row of rows) {
      if (s.examples.length >= maxExamples) break;
      s.examples.push({ row, column: i.column ?? null, rule: i.rule, message: i.message });
    }
  }
  return [...byRule.values()];
}

export function buildReport(
  result: LoadResult & { notes?: Issue[] },
  maxExamples = 10,
): LoadReport {
  return {
    file: result.file,
    feed: result.feed,
    checksum: result.checksum,
    status: result.status,
    format: result.format ?? null,
    rows: result.rows,
    loadId: result.attemptId ?? result.loadId,
    checkedAt: new Date().toISOString(),
    rowNumbering: ROW_NUMBERING,
    errors: summarise(result.errors, maxExamples),
    warnings: summarise(result.warnings, maxExamples),
    notes: summarise(result.notes ?? [], maxExamples),
  };
}
