// One protected table → CSV, Parquet, XLSX and JSON, all from the same rows,
// so every format shows exactly the same (suppressed) cells.
import ExcelJS from 'exceljs';
import type { Session } from '../db.ts';
import { toCsvText } from '../csv.ts';
import { sqlString } from '../sql.ts';
import type { OutputRow, ProtectedTable } from '../disclosure/index.ts';
import { commitTemp, tempNameFor, writeAtomic } from './files.ts';

export const CSV_SEPARATOR = ',';

export function toCsv(table: ProtectedTable): string {
  const rows = table.rows.map((row) => table.columns.map((c) => row[c] ?? null));
  return toCsvText([table.columns, ...rows], { delimiter: CSV_SEPARATOR, recordDelimiter: '\r\n' });
}

export function writeCsv(table: ProtectedTable, target: string): void {
  writeAtomic(target, toCsv(table));
}

/** The rows the page and the API read, with the mart version they come from. */
export function writeJson(table: ProtectedTable, target: string, source: { martVersion: number | null; asOf: string | null }): void {
  writeAtomic(target, JSON.stringify({ id: table.id, ...source, columns: table.columns, rows: table.rows }));
}

/** Column types for Parquet: codes/labels/flags text, counts integers, rates doubles. */
export function columnType(table: ProtectedTable, column: string): 'VARCHAR' | 'BIGINT' | 'DOUBLE' {
  if (column.endsWith('_flag') || column.endsWith('_label') || column.endsWith('_level')) return 'VARCHAR';
  const sample = table.rows.map((r) => r[column]).find((v) => v !== null && v !== undefined);
  if (typeof sample === 'number') return Number.isInteger(sample) && !column.endsWith('_share') ? 'BIGINT' : 'DOUBLE';
  return 'VARCHAR';
}

/** Parquet through DuckDB's COPY, reading the CSV just written (a path we chose). */
export async function writeParquet(db: Session, table: ProtectedTable, csvPath: string, target: string): Promise<void> {
  const tmp = tempNameFor(target);
  const columns = `{${table.columns.map((c) => `${sqlString(c)}: ${sqlString(columnType(table, c))}`).join(', ')}}`;
  await db.run(
    `copy (select * from read_csv(${sqlString(csvPath)}, header = true, delim = ',', quote = '"', columns = ${columns}))
     to ${sqlString(tmp)} (format parquet, compression zstd)`,
  );
  commitTemp(tmp, target);
}

export async function writeXlsx(
  table: ProtectedTable,
  target: string,
  meta: { title: string; licence: string; note: string },
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Osservatorio';
  const sheet = wb.addWorksheet('dati');
  sheet.addRow(table.columns);
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(table.columns.map((c) => (row as OutputRow)[c] ?? null));
  const info = wb.addWorksheet('note');
  info.addRow([meta.title]);
  info.addRow([meta.licence]);
  info.addRow([meta.note]);
  const tmp = tempNameFor(target);
  await wb.xlsx.writeFile(tmp);
  commitTemp(tmp, target);
}
