// The two real Elenco comuni excerpts and the variations between them, as the
// reference tests load them (see tests/fixtures/reference/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseComuniVariations } from '../../warehouse/reference/comuniVariationsFile.ts';
import { updateComuni } from '../../warehouse/reference/updateComuni.ts';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

export const DIR = join(FIXTURES, 'reference');
export const LIST_2019 = { file: 'elenco_comuni_2019_excerpt.csv', asOf: '2019-04-22' };
export const LIST_2023 = { file: 'elenco_comuni_2023_excerpt.csv', asOf: '2023-11-10' };
export const VARIATIONS = 'variazioni_2019_2023.csv';

export function codes(file: string): string[] {
  return readFileSync(join(DIR, file), 'latin1')
    .split('\r\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(';')[4]!);
}

export function variationRows(): { oldCode: string; newCode: string }[] {
  return readFileSync(join(DIR, VARIATIONS), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .map(([oldCode, newCode]) => ({ oldCode: oldCode!, newCode: newCode! }));
}

/** Loads the 2019 list (or these bytes of it), the state the tests update to 2023. */
export function loadList2019(
  t: TempWarehouse,
  bytes: Buffer = readFileSync(join(DIR, LIST_2019.file)),
) {
  return updateComuni(t.wh, { ...LIST_2019, bytes });
}

/**
 * A fresh warehouse file for the CLI to open: migrated, with the 2019 list (or
 * these bytes of it) loaded when given, and closed.
 */
export async function closedWarehouse(list2019?: Buffer): Promise<TempWarehouse> {
  const t = await tempWarehouse();
  if (list2019) await loadList2019(t, list2019);
  t.wh.close();
  return t;
}

export async function loadBothLists(
  t: TempWarehouse,
  variationsText = readFileSync(join(DIR, VARIATIONS), 'utf8'),
) {
  await loadList2019(t);
  return updateComuni(t.wh, {
    ...LIST_2023,
    bytes: readFileSync(join(DIR, LIST_2023.file)),
    variations: [{ file: VARIATIONS, rows: parseComuniVariations(variationsText, VARIATIONS) }],
  });
}

/** ISTAT's own variations file (excerpt), see tests/fixtures/reference/README.md. */
export const ISTAT_VARIATIONS = 'variazioni_istat_dal_1991_excerpt.csv';

/** The ES or AP line of a code in ISTAT's excerpt, read from its lines: its row (row 1 = header) and fields. */
export function istatLine(code: string): { row: number; fields: string[] } {
  const lines = readFileSync(join(DIR, ISTAT_VARIATIONS), 'latin1').split('\n');
  const i = lines.findIndex((l) => {
    const f = l.split(';');
    return ['ES', 'AP'].includes(f[1]!.trim()) && f[4] === code;
  });
  if (i < 1) throw new Error(`no ES or AP line for ${code} in ${ISTAT_VARIATIONS}`);
  return { row: i + 1, fields: lines[i]!.split(';') };
}

/** The row of a code in our variations CSV. */
export function variationRow(code: string): number {
  const i = variationRows().findIndex((r) => r.oldCode === code);
  if (i < 0) throw new Error(`no row for ${code} in ${VARIATIONS}`);
  return i + 2;
}

/** The comuni merged in 2023, after the ISTAT variations file in the fixtures was published. */
export const MERGED_2023 = ['005079', '005110', '005122', '012009', '012018', '012095', '012144'];

/**
 * A list with the whole records of some comuni taken out, bytes otherwise
 * unchanged (Windows-1252, CRLF between records, the header's line break kept).
 */
export function listWithout(file: string, drop: string[]): Buffer {
  const records = readFileSync(join(DIR, file), 'latin1').split('\r\n');
  const kept = records.filter((r, i) => i === 0 || !drop.includes(r.split(';')[4]!));
  return Buffer.from(kept.join('\r\n'), 'latin1');
}
