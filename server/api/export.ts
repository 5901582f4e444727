// Downloads of exactly the rows a KPI request returns: CSV (RFC 4180, UTF-8
// with BOM so Excel opens accents right), XLSX (exceljs) and Parquet (DuckDB
// COPY of the query layer's own result, via a temp table — no KPI SQL here).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { toCsvText, type CsvLang } from '../../warehouse/csv.ts';
import { tableToValues, type DownloadTable } from '../../warehouse/download.ts';
import type { Session } from '../../warehouse/db.ts';
import { sqlIdent, sqlString } from '../../warehouse/sql.ts';
import type { KpiResult } from '../../warehouse/kpi/types.ts';

interface ExportColumn {
  name: string;
  type: 'dimension' | 'measure' | 'flag';
  unit?: string | null;
}

/**
 * The registry's columns, each measure followed by its disclosure flag
 * (`<measure>_flag`, 'c' where the cell is suppressed) when the protected
 * table carries one, so a download says why a cell is empty, as the page does.
 */
function exportColumns(result: KpiResult): ExportColumn[] {
  const flagged = new Set(result.rows.flatMap((r) => Object.keys(r).filter((k) => k.endsWith('_flag'))));
  return result.columns.flatMap((c): ExportColumn[] => {
    const col: ExportColumn = { name: c.name, type: c.type, unit: c.unit };
    const flag = `${c.name}_flag`;
    return c.type === 'measure' && flagged.has(flag) ? [col, { name: flag, type: 'flag' }] : [col];
  });
}

export function resultToCsv(result: KpiResult): string {
  const header = exportColumns(result).map((c) => c.name);
  const rows = result.rows.map((r) => header.map((h) => r[h] ?? null));
  return toCsvText([header, ...rows], { bom: true, recordDelimiter: '\r\n' });
}

/**
 * The page's table in a workbook: the table on the first sheet (headers in
 * the page's language, names beside codes), the download's metadata on the
 * second ('Metadati' / 'Metadata'). Without a page table, the machine format
 * (column names, raw values) on one sheet.
 */
export async function resultToXlsx(result: KpiResult, page?: { table: DownloadTable; metadata: [string, string][]; lang: CsvLang }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(result.code);
  if (page) {
    ws.columns = page.table.header.map((h, i) => ({ header: h, key: String(i), width: Math.min(50, Math.max(12, h.length + 2)) }));
    for (const r of tableToValues(page.table)) ws.addRow(r);
    const meta = wb.addWorksheet(page.lang === 'it' ? 'Metadati' : 'Metadata');
    meta.columns = [
      { header: page.lang === 'it' ? 'campo' : 'field', key: 'field', width: 28 },
      { header: page.lang === 'it' ? 'valore' : 'value', key: 'value', width: 100 },
    ];
    for (const [field, value] of page.metadata) meta.addRow({ field, value });
    meta.getRow(1).font = { bold: true };
  } else {
    const columns = exportColumns(result);
    ws.columns = columns.map((c) => ({ header: c.name, key: c.name, width: Math.max(12, c.name.length + 2) }));
    for (const r of result.rows) ws.addRow(Object.fromEntries(columns.map((c) => [c.name, r[c.name] ?? null])));
  }
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const PARQUET_TYPE: Record<string, string> = { dimension: 'VARCHAR', measure: 'DOUBLE' };
/** Rows bound per insert statement (a KPI result has at most a dozen columns). */
export const PARQUET_ROWS_PER_INSERT = 250;

/** Parquet of the result rows: a temp table filled with bound values, COPYed to a temp file. */
export async function resultToParquet(db: Session, result: KpiResult): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'oss-parquet-'));
  const table = `dl_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const cols = exportColumns(result).map((c) => ({
    name: c.name,
    type: c.type === 'measure' && c.unit !== 'text' ? PARQUET_TYPE.measure : PARQUET_TYPE.dimension,
  }));
  try {
    await db.run(`create temp table ${sqlIdent(table)} (${cols.map((c) => `${sqlIdent(c.name)} ${c.type}`).join(', ')})`);
    // Many rows per statement: one round trip per row made a 50,000-row download take seconds.
    const perStatement = PARQUET_ROWS_PER_INSERT;
    for (let start = 0; start < result.rows.length; start += perStatement) {
      const batch = result.rows.slice(start, start + perStatement);
      const tuples = batch.map((_, i) => `(${cols.map((__, j) => `$${i * cols.length + j + 1}`).join(', ')})`);
      const values = batch.flatMap((r) =>
        cols.map((c) => {
          const v = r[c.name];
          if (v == null) return null;
          return c.type === 'DOUBLE' ? Number(v) : String(v);
        }),
      );
      await db.run(`insert into ${sqlIdent(table)} values ${tuples.join(', ')}`, values as never);
    }
    const file = join(dir, 'kpi.parquet');
    await db.run(`copy ${sqlIdent(table)} to ${sqlString(file)} (format parquet)`);
    return await readFile(file);
  } finally {
    await db.run(`drop table if exists ${sqlIdent(table)}`).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
