// CSV of the rows a table shows, as a data: URL for a download link. Built
// from the rows the page already received through the authorized page load,
// so the file holds exactly what is shown, for every role, with no second
// request (a funder's route rules cover the page, not extra paths under it).
export function csvText(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
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
