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
