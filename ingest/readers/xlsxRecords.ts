// The first sheet of a workbook as records of text cells, for the reference
// files ISTAT publishes as XLSX (the ATECO structure). It goes through the
// same reader and the same size limits as a feed's workbook (xlsxToCsv), so a
// decompression bomb is refused here too; the CSV it writes lives in a
// scratch folder removed before returning.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { xlsxToCsv } from './xlsx.ts';

/** Records of the first sheet, header first; blank rows skipped (row N = Nth non-blank row). */
export async function readXlsxRecords(path: string): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'osservatorio-xlsx-'));
  try {
    const csv = join(dir, 'sheet.csv');
    await xlsxToCsv(path, csv);
    const records = parse(await readFile(csv, 'utf8'), { relax_column_count: false }) as string[][];
    return records.map((r) => r.map(unescapeOoxml));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Excel writes a character XML cannot carry as `_xHHHH_` (a line break's CR as
 * `_x000D_`) and a literal `_x` as `_x005F_x`; exceljs leaves both as they are.
 */
export function unescapeOoxml(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** True when the bytes are a ZIP archive (an XLSX workbook), not a text file. */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    bytes[2] === 0x03 &&
    bytes[3] === 0x04
  );
}
