// The real excerpt of ISTAT's ATECO 2025 structure export and what the tests
// count in it on their own (see tests/fixtures/reference/README.md): the
// workbook is read here with exceljs directly, not with the reader under test.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DIR } from './comuniLists.ts';

export const ATECO_2025 = join(DIR, 'ateco_2025_struttura_excerpt.xlsx');

export interface SheetRow {
  row: number;
  code: string;
  level: number;
  note: string | null;
}

export async function sheetRows(path = ATECO_2025): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: SheetRow[] = [];
  wb.worksheets[0]!.eachRow((r, row) => {
    if (row === 1) return;
    const note = r.getCell(8).value;
    out.push({
      row,
      code: String(r.getCell(2).value),
      level: Number(r.getCell(5).value),
      note: note == null || note === '' ? null : String(note),
    });
  });
  return out;
}

/** Distinct codes per level, counted from the sheet's rows. */
export function codesPerLevel(rows: SheetRow[]): Record<number, number> {
  const seen = new Map(rows.map((r) => [r.code, r.level]));
  const out: Record<number, number> = {};
  for (const level of seen.values()) out[level] = (out[level] ?? 0) + 1;
  return out;
}

/**
 * A copy of the excerpt changed by `edit` (rows removed, a cell rewritten),
 * written to `out`: the bad and later files the tests need, made from the real one.
 */
export async function editedWorkbook(
  out: string,
  edit: (ws: ExcelJS.Worksheet) => void,
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(ATECO_2025);
  edit(wb.worksheets[0]!);
  await wb.xlsx.writeFile(out);
  return out;
}

/** Sheet rows (1-based, header = 1) of a code in the excerpt. */
export function rowsOf(rows: SheetRow[], code: string): number[] {
  return rows.filter((r) => r.code === code).map((r) => r.row);
}
