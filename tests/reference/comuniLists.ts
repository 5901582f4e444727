// The two real Elenco comuni excerpts and the variations between them, as the
// reference tests load them (see tests/fixtures/reference/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseComuniVariations } from '../../warehouse/reference/comuniVariationsFile.ts';
import { updateComuni } from '../../warehouse/reference/updateComuni.ts';
import { FIXTURES, type TempWarehouse } from '../helpers/warehouse.ts';

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

export async function loadBothLists(
  t: TempWarehouse,
  variationsText = readFileSync(join(DIR, VARIATIONS), 'utf8'),
) {
  await updateComuni(t.wh, { ...LIST_2019, bytes: readFileSync(join(DIR, LIST_2019.file)) });
  return updateComuni(t.wh, {
    ...LIST_2023,
    bytes: readFileSync(join(DIR, LIST_2023.file)),
    variations: { file: VARIATIONS, rows: parseComuniVariations(variationsText, VARIATIONS) },
  });
}
