// The Civil Protection's daily COVID-19 figures by province (23 May 2020), a
// province-level publication an agency maps itself: the excerpt, its rows
// parsed on their own, and the agency's mapping of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { OFFICIAL } from './fixture.ts';

export const DPC = join(OFFICIAL, 'dpc-covid19-ita-province-20200523_excerpt.csv');
export const dpcRows = parse(readFileSync(DPC), { columns: true }) as Record<string, string>[];
/** The label of each region's row of cases not yet assigned to a province. */
export const UNASSIGNED = 'In fase di definizione/aggiornamento';

/** The agency's mapping: provinces by code or by name, optionally leaving Sardinia out, on the borders said. */
export function dpcMapping(
  by: 'code' | 'name',
  skipSardinia: boolean,
  boundaries?: 'of_period' | 'current',
): string {
  return `id: dpc_casi_provincia
source: protezione_civile
title: Protezione Civile — casi totali per provincia
recognise:
  headers: [data, codice_provincia, denominazione_provincia, totale_casi]
number_format: dot
territory:
  column: ${by === 'code' ? 'codice_provincia' : 'denominazione_provincia'}
  by: ${by}
  level: provincia
${boundaries ? `  boundaries: ${boundaries}\n` : ''}period:
  type: date
  column: data
  from: 2020-02-24
publication:
  name: dpc-covid19-ita-province (Dipartimento della Protezione Civile)
skip_rows:
  - column: denominazione_provincia
    equals: ${UNASSIGNED}
    reason: cases not yet assigned to a province (one row per region)
${skipSardinia ? '  - column: denominazione_regione\n    equals: Sardegna\n    reason: provinces of the map before the 2021 reform\n' : ''}observations:
  - value: totale_casi
    measure:
      code: casi_totali
measures:
  casi_totali:
    label_it: Casi totali
    label_en: Total cases
    additivity: stock
    unit: persone
`;
}
