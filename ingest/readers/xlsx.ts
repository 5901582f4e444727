// XLSX → CSV with exceljs' streaming reader (DuckDB cannot read XLSX offline).
// One sheet, row by row, written as RFC 4180 CSV in UTF-8 so the rest of the
// load path is the CSV path. Dates become ISO `YYYY-MM-DD`, numbers plain
// decimal text, formulas their cached result. Row numbers in reports count
// non-blank rows (row 1 = header): Excel's numbers unless blank rows sit between.
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import { zipEntries } from './zipEntries.ts';
import { checkDeclaredSizes, xlsxLimits, XlsxTooLarge, type XlsxLimits } from './xlsxLimits.ts';

export class SheetNotFound extends Error {
  constructor(
    readonly wanted: string,
    readonly found: string[],
  ) {
    super(`sheet '${wanted}' not found; the workbook has: ${found.join(', ') || 'no sheets'}`);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) {
    // exceljs gives dates as UTC instants of the spreadsheet's wall-clock time.
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const time = value.getUTCHours() + value.getUTCMinutes() + value.getUTCSeconds();
    return time === 0
      ? date
      : `${date} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
  }
  if (typeof value === 'number')
    return Number.isInteger(value)
      ? String(value)
      : String(value).replace(/^(-?\d{1,3}(\.\d{3})+)$/, '$10');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/**
 * Writes the chosen sheet (first when `sheet` is undefined) to `out`; returns
 * the number of data rows. Throws XlsxTooLarge before reading when the
 * workbook declares more than the limits allow, or while reading when its
 * shared strings or rows go over them.
 */
export async function xlsxToCsv(
  path: string,
  out: string,
  sheet?: string,
  limits: XlsxLimits = xlsxLimits(),
): Promise<number> {
  const entries = await zipEntries(path);
  if (!entries) throw new Error('not a ZIP archive');
  checkDeclaredSizes(entries, (await stat(path)).size, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // needed to tell date cells from numbers
    entries: 'emit',
  });
  const csv = stringify({ quoted_match: /[",;\r\n]/, record_delimiter: '\n' });
  const file = createWriteStream(out);
  csv.pipe(file);
  const seen: string[] = [];
  let rows = -1;
  let width = 0;
  // The shared strings are parsed before the sheets are handed over: check their count at each sheet.
  const sharedStrings = () =>
    (reader as unknown as { sharedStrings?: unknown[] }).sharedStrings?.length ?? 0;
  try {
    for await (const worksheet of reader) {
      if (sharedStrings() > limits.maxSharedStrings)
        throw new XlsxTooLarge('maxSharedStrings', sharedStrings(), limits);
      const ws = worksheet as unknown as ExcelJS.Worksheet & AsyncIterable<ExcelJS.Row>;
      const name = (ws as unknown as { name?: string }).name ?? `Sheet${seen.length + 1}`;
      seen.push(name);
      if (rows >= 0 || (sheet !== undefined && name !== sheet)) {
        let drained = 0;
        // Drain: the stream must be consumed in order; a bomb in another sheet is still a bomb.
        for await (const _row of ws)
          if (++drained > limits.maxRows) throw new XlsxTooLarge('maxRows', drained, limits);
        continue;
      }
      rows = 0;
      let read = 0;
      for await (const row of ws) {
        if (++read > limits.maxRows) throw new XlsxTooLarge('maxRows', read, limits);
        // Fully blank rows (Excel keeps formatted empty rows) are skipped; cells
        // beyond the header are kept when not empty so the CSV reader refuses them.
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v ?? null));
        if (width === 0) width = values.length;
        if (values.every((v) => v === '')) continue;
        let end = values.length;
        while (end > width && values[end - 1] === '') end--;
        const cells = Array.from({ length: Math.max(width, end) }, (_, i) => values[i] ?? '');
        // Respect backpressure: a sheet of a million rows must not pile up in memory.
        if (!csv.write(cells)) await once(csv, 'drain');
        rows++;
      }
    }
  } catch (err) {
    // Abandoned half-way: the partial CSV goes with the load's scratch folder,
    // and errors from the torn-down streams must not outlive the load.
    csv.unpipe(file);
    csv.on('error', () => undefined);
    file.on('error', () => undefined);
    csv.destroy();
    file.destroy();
    throw err;
  }
  csv.end();
  await once(file, 'close');
  if (rows < 0) throw new SheetNotFound(sheet ?? '(first)', seen);
  return Math.max(0, rows - 1);
}
