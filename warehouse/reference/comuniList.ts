// Reads ISTAT's "Elenco comuni italiani" CSV exactly as ISTAT publishes it:
// Windows-1252 bytes, ';' separator, header cells quoted across two lines
// ("Codice dell'Unità territoriale sovracomunale \n(valida a fini statistici)"),
// codes padded with zeros ('001001', '01', '201') and the progressivo padded
// with spaces (' 001 '). Columns are found by their header text, not by
// position: ISTAT added "Tipologia di Unità territoriale sovracomunale" and
// new NUTS vintages over the years, shifting every column after them.
import { parse } from 'csv-parse/sync';
import { ReferenceFileError, requireColumns, type ReferenceIssue } from './referenceFileError.ts';

export interface ComuneListRow {
  /** Row in the file as a spreadsheet shows it (row 1 = header). */
  row: number;
  comuneCode: string;
  name: string;
  nameIt: string;
  codiceCatastale: string;
  codUts: string;
  codRegione: string;
  sigla: string;
  capoluogoUts: boolean;
  nuts3: string;
}

export interface ComuniList {
  file: string;
  rows: ComuneListRow[];
  /** Vintage of the NUTS3 column read (the newest in the file, e.g. 2021); null when the header does not say. */
  nutsYear: number | null;
}

/** Header cells that identify the file, whitespace collapsed. */
const COLUMNS = {
  codRegione: 'Codice Regione',
  codUts: "Codice dell'Unità territoriale sovracomunale (valida a fini statistici)",
  comuneCode: 'Codice Comune formato alfanumerico',
  name: 'Denominazione (Italiana e straniera)',
  nameIt: 'Denominazione in italiano',
  capoluogoUts: 'Flag Comune capoluogo di provincia/città metropolitana/libero consorzio',
  sigla: 'Sigla automobilistica',
  codiceCatastale: 'Codice Catastale del comune',
} as const;

const FORMATS: Record<
  'comuneCode' | 'codRegione' | 'codUts' | 'codiceCatastale',
  { re: RegExp; hint: string }
> = {
  comuneCode: { re: /^\d{6}$/, hint: 'six digits with leading zeros, e.g. 001001' },
  codRegione: { re: /^\d{2}$/, hint: 'two digits, e.g. 01' },
  codUts: { re: /^\d{3}$/, hint: 'three digits, e.g. 201' },
  codiceCatastale: { re: /^[A-Z]\d{3}$/, hint: 'a letter and three digits, e.g. A074' },
};

// "Codice NUTS3 2021" in recent files, plain "NUTS3" (vintage not stated) in 2019.
const NUTS3 = /^(?:Codice )?NUTS3(?: (\d{4}))?$/;

export function normaliseHeader(cell: string): string {
  return cell.replace(/\s+/g, ' ').trim();
}

/** True when these header cells are those of an ISTAT Elenco comuni file. */
export function isComuniListHeader(header: string[]): boolean {
  const names = new Set(header.map(normaliseHeader));
  return Object.values(COLUMNS).every((c) => names.has(c));
}

/**
 * Decodes ISTAT's Windows-1252 bytes. A file that is valid UTF-8 with
 * non-ASCII letters was re-saved by someone: decoding it as Windows-1252 would
 * turn "Agliè" into "AgliÃ¨", so it is refused rather than guessed at.
 */
export function decodeWindows1252(
  bytes: Uint8Array,
  file: string,
  what = 'the Elenco comuni',
): string {
  const nonAscii = bytes.some((b) => b > 0x7f);
  if (nonAscii) {
    let isUtf8 = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      isUtf8 = false;
    }
    if (isUtf8)
      throw new ReferenceFileError([
        {
          rule: 'encoding',
          file,
          message: `the file is UTF-8, but ISTAT publishes ${what} in Windows-1252: load the file exactly as downloaded from ISTAT`,
        },
      ]);
  }
  return new TextDecoder('windows-1252').decode(bytes);
}

/** ISTAT's `;`-separated CSV, every record the same width: a syntax error names its row. */
export function parseIstatCsv(text: string, file: string): string[][] {
  try {
    return parse(text, {
      delimiter: ';',
      skip_empty_lines: true,
      relax_column_count: false,
    }) as string[][];
  } catch (err) {
    const e = err as Error & { records?: number };
    throw new ReferenceFileError([
      {
        rule: 'csv_syntax',
        file,
        row: e.records != null ? e.records + 1 : undefined,
        message: `not a ';'-separated CSV as ISTAT publishes it (${e.message})`,
      },
    ]);
  }
}

/** Parses an Elenco comuni file; every problem in it is reported at once. */
export function parseComuniList(bytes: Uint8Array, file: string): ComuniList {
  const records = parseIstatCsv(decodeWindows1252(bytes, file), file);
  const header = (records[0] ?? []).map(normaliseHeader);
  requireColumns(
    file,
    header,
    Object.values(COLUMNS),
    'an ISTAT "Elenco comuni italiani" file (the reference file this command reads)',
  );
  const at = Object.fromEntries(
    Object.entries(COLUMNS).map(([k, c]) => [k, header.indexOf(c)]),
  ) as Record<keyof typeof COLUMNS, number>;
  const nutsColumns = header
    .map((h, i) => ({ i, h, m: NUTS3.exec(h) }))
    .filter((c) => c.m !== null)
    .map(({ i, h, m }) => ({ i, h, year: m![1] ? Number(m![1]) : null }))
    .sort((a, b) => (b.year ?? 0) - (a.year ?? 0));
  const nuts = nutsColumns[0];
  if (!nuts)
    throw new ReferenceFileError([
      {
        rule: 'missing_column',
        file,
        row: 1,
        column: 'Codice NUTS3',
        message: 'the header has no NUTS3 column',
      },
    ]);

  const issues: ReferenceIssue[] = [];
  const seen = new Map<string, number>();
  const rows: ComuneListRow[] = [];
  records.slice(1).forEach((rec, index) => {
    const row = index + 2;
    const cell = (k: keyof typeof COLUMNS) => (rec[at[k]] ?? '').trim();
    const value = {
      comuneCode: cell('comuneCode'),
      codRegione: cell('codRegione'),
      codUts: cell('codUts'),
      codiceCatastale: cell('codiceCatastale'),
      name: cell('name'),
      nameIt: cell('nameIt'),
      sigla: cell('sigla'),
      nuts3: (rec[nuts.i] ?? '').trim(),
    };
    for (const [k, f] of Object.entries(FORMATS) as [
      keyof typeof FORMATS,
      (typeof FORMATS)[keyof typeof FORMATS],
    ][]) {
      if (!f.re.test(value[k]))
        issues.push({
          rule: 'code_format',
          file,
          row,
          column: COLUMNS[k],
          message: `expected ${f.hint}`,
        });
    }
    for (const k of ['name', 'nameIt', 'sigla'] as const) {
      if (!value[k])
        issues.push({ rule: 'required', file, row, column: COLUMNS[k], message: 'empty' });
    }
    if (!value.nuts3)
      issues.push({ rule: 'required', file, row, column: nuts.h, message: 'empty' });
    const flag = cell('capoluogoUts');
    if (flag !== '0' && flag !== '1')
      issues.push({
        rule: 'code_format',
        file,
        row,
        column: COLUMNS.capoluogoUts,
        message: 'expected 0 or 1',
      });
    const first = seen.get(value.comuneCode);
    if (first != null)
      issues.push({
        rule: 'duplicate_code',
        file,
        row,
        column: COLUMNS.comuneCode,
        message: `comune code ${value.comuneCode} already on row ${first}`,
      });
    else seen.set(value.comuneCode, row);
    rows.push({ row, ...value, capoluogoUts: flag === '1' });
  });
  if (issues.length) throw new ReferenceFileError(issues);
  return { file, rows, nutsYear: nuts.year };
}
