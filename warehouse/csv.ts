// The one way the project writes CSV text (downloads, open data, CLI output,
// the pages' own CSV links): csv-stringify's RFC 4180 quoting, plus the
// neutralisation of spreadsheet formulas recommended by OWASP ("CSV
// injection"): a text cell that starts with = + - @, a tab or a carriage
// return is prefixed with a single quote, so Excel or LibreOffice shows it
// as text instead of running it. Numbers are never touched, and neither is
// text that is a plain number ("-12.5", "-3,2"), so real negative values stay
// what they are. Pure (no node: imports): the dashboard's browser code uses it,
// so it takes csv-stringify's browser build, which carries its own Buffer
// (the Node build reads the global Buffer at load, which a page lacks).
import { stringify } from 'csv-stringify/browser/esm/sync';
import { AS_PUBLISHED, publishedDecimals } from './readableNumber.ts';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)*|[.,]\d+)([eE][+-]?\d+)?$/;

/** The text a spreadsheet will show as text: a leading formula character is escaped with `'`. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

export interface CsvOptions {
  /** Field separator; ',' by default (';' for Italian spreadsheets). */
  delimiter?: ',' | ';';
  /** '\n' by default; open-data files use '\r\n' as RFC 4180 says. */
  recordDelimiter?: '\n' | '\r\n';
  /** A UTF-8 byte-order mark, so Excel reads accents right. */
  bom?: boolean;
}

/** Records (the header first) as CSV text, every text cell neutralised. */
export function toCsvText(records: readonly (readonly unknown[])[], options: CsvOptions = {}): string {
  return stringify(records as unknown[][], {
    delimiter: options.delimiter ?? ',',
    record_delimiter: options.recordDelimiter === '\r\n' ? 'windows' : 'unix',
    bom: options.bom ?? false,
    cast: {
      string: neutraliseFormula,
      boolean: (v) => (v ? 'true' : 'false'),
      object: (v) => neutraliseFormula(JSON.stringify(v)),
      bigint: (v) => String(v),
      date: (v) => v.toISOString(),
    },
  });
}

/** The language of a page, which decides a download's conventions. */
export type CsvLang = 'it' | 'en';

/**
 * The spreadsheet conventions of a page's language: Italian spreadsheets
 * (Excel and LibreOffice with an Italian locale) split on ';' and read a
 * decimal comma; English ones split on ',' and read a decimal point. A UTF-8
 * BOM so accents survive Excel, CRLF as RFC 4180 says.
 */
export function csvConventions(lang: CsvLang): CsvOptions {
  return { delimiter: lang === 'it' ? ';' : ',', recordDelimiter: '\r\n', bom: true };
}

/** The number as a table shows it, in the unit the header names: shares and rates in %, euro in cents, others to one decimal. */
export function tableNumber(v: number, unit: string | null | undefined): number {
  if (unit === AS_PUBLISHED) return v;
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  if (unit === 'share' || unit === 'rate') return round(v * 100, 1);
  if (unit === 'euro' || unit === 'ratio') return round(v, 2);
  return round(v, 1);
}

/**
 * A number as a cell of a download in the page's language, with the digits
 * the table shows and no thousands grouping (a spreadsheet reads "1234,5",
 * not "1.234,5"). Italian writes a decimal comma.
 */
export function csvNumber(v: number, unit: string | null | undefined, lang: CsvLang): string {
  const digits = unit === 'euro' ? 2 : 0;
  const max = unit === AS_PUBLISHED ? publishedDecimals(v) : unit === 'euro' || unit === 'ratio' ? 2 : 1;
  return new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { useGrouping: false, minimumFractionDigits: digits, maximumFractionDigits: max }).format(
    tableNumber(v, unit),
  );
}
