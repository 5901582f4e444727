// The official-series fixtures parsed on their own, with nothing from
// ingest/: the figures the tests expect are computed here from the files'
// bytes, so a test compares the warehouse with the publication, not the
// loader with itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/warehouse.ts';

export const OFFICIAL = join(FIXTURES, 'official');
export const COB = join(OFFICIAL, 'co_regionale_avviamenti_cessazioni_long_2024Q3_2025Q3.csv');
/** The six other quarters 2023-Q4 … 2025-Q2 of the same COB file: with COB, four quarters and their year earlier. */
export const COB_EARLIER = join(OFFICIAL, 'co_regionale_avviamenti_cessazioni_long_2023Q4_2025Q2.csv');
export const GOL_1_2 = join(OFFICIAL, 'focus_gol_tab_1_2_long_2025-12-31.csv');
export const GOL_2_2 = join(OFFICIAL, 'focus_gol_tab_2_2_long_2025-12-31.csv');
/** Tabella 1.1 at two reference dates: 30/06/2024 (2022–2024) and 31/12/2025 (2022–2025). */
export const GOL_1_1 = join(OFFICIAL, 'focus_gol_tab_1_1_long_2024-06-30_2025-12-31.csv');

export interface CobRow {
  regione: string;
  anno: string;
  trimestre: string;
  flusso: string;
  rapporti: number;
  lavoratori: number;
}

/** The COB long file: `;`-separated, CRLF, no quoting. */
export function cobRows(text = readFileSync(COB, 'utf8')): CobRow[] {
  const [header, ...lines] = text.split('\r\n').filter((l) => l !== '');
  const h = header.split(';');
  return lines.map((l) => {
    const c = l.split(';');
    const at = (n: string) => c[h.indexOf(n)];
    return {
      regione: at('regione'),
      anno: at('anno'),
      trimestre: at('trimestre'),
      flusso: at('flusso'),
      rapporti: Number(at('rapporti')),
      lavoratori: Number(at('lavoratori')),
    };
  });
}

export interface GolRow {
  /** data_riferimento, the reference date (YYYY-MM-DD). */
  data: string;
  /** The table's printed title (quotes removed). */
  titolo: string;
  dimensione: string;
  etichetta: string;
  variabile: string;
  percorso: string;
  valore: number;
}

/** A Focus GOL long file: `,`-separated, CRLF; only the title is quoted (and holds commas). */
export function golRows(file: string): GolRow[] {
  const [, ...lines] = readFileSync(file, 'utf8')
    .split('\r\n')
    .filter((l) => l !== '');
  return lines.map((l) => {
    // report_id,data_riferimento,tavola,titolo (quoted when it holds a comma),dimensione,…,valore
    const m = /^[^,]*,([^,]*),[^,]*,("[^"]*"|[^,]*),(.*)$/.exec(l)!;
    const afterTitle = m[3];
    const [dimensione, etichetta, variabile, percorso, , valore] = afterTitle.split(',');
    const titolo = m[2].replace(/^"(.*)"$/, '$1');
    return { data: m[1], titolo, dimensione, etichetta, variabile, percorso, valore: Number(valore) };
  });
}

/** ANPR residents by comune, December 2022: printed before the 2023–2024 mergers. */
export const ANPR = join(OFFICIAL, 'anpr_popolazione_residente_2022-12_excerpt.csv');

export interface AnprRow {
  mese: string;
  anno: string;
  code: string;
  residenti: number;
}

/** The ANPR export: `,`-separated, LF, no quoting, plain integers. */
export function anprRows(text = readFileSync(ANPR, 'utf8')): AnprRow[] {
  const [header, ...lines] = text.split('\n').filter((l) => l !== '');
  const h = header.split(',');
  return lines.map((l) => {
    const c = l.split(',');
    const at = (n: string) => c[h.indexOf(n)];
    return {
      mese: at('MESE'),
      anno: at('ANNO'),
      code: at('COD_ISTAT_COMUNE'),
      residenti: Number(at('RESIDENTI')),
    };
  });
}
