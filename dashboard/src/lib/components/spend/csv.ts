// CSV of the rows a table shows, as a data: URL for a download link. Built
// from the rows the page already received through the authorized page load,
// so the file holds exactly what is shown, for every role, with no second
// request (a funder's route rules cover the page, not extra paths under it).
import { toCsvText } from '../../../../../warehouse/csv.ts';
export function csvText(rows: Record<string, unknown>[], columns: string[]): string {
  return toCsvText([columns, ...rows.map((r) => columns.map((c) => r[c] ?? null))]);
}

export function csvDataUrl(rows: Record<string, unknown>[], columns: string[]): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csvText(rows, columns))}`;
}

/** Columns of the snapshot history download (mart.project_financial_history). */
export const HISTORY_COLUMNS = [
  'project', 'as_of', 'programmed', 'admitted', 'legally_committed', 'paid', 'certified',
  'paid_share', 'elapsed_share', 'forecast_paid_at_end', 'is_latest', 'stages_consistent', 'loader_flagged',
  'start_date', 'end_date', 'load_id', 'file_name',
];
