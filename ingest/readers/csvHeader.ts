// The header record of a CSV, read from the first bytes: which delimiter the
// file uses (`,` or `;`, the two the contract allows) and the column names.
// We read the header ourselves and give DuckDB an explicit dialect, so its
// sniffer never guesses (it gives up on a truncated quote, and a guessed
// delimiter can turn a wrong file into a "valid" one-column file).

export type Delimiter = ',' | ';';

/** Placeholder name of a header cell left empty: `__unnamed_column_4` for column 4. */
export const UNNAMED_COLUMN_PREFIX = '__unnamed_column_';

export type HeaderResult =
  | {
      ok: true;
      delimiter: Delimiter;
      headers: string[];
      /** Lines before the header (Excel's `sep=;` hint). */ skip: number;
    }
  | { ok: false; rule: string; message: string };

/** First record of the text (quotes may span lines), without its line ending. */
function firstRecord(text: string): { record: string; complete: boolean } {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r'))
      return { record: text.slice(0, i), complete: true };
  }
  return { record: text, complete: !inQuotes };
}

function countOutsideQuotes(record: string, ch: string): number {
  let inQuotes = false;
  let n = 0;
  for (const c of record) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === ch) n++;
  }
  return n;
}

function split(record: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (inQuotes) {
      if (c === '"' && record[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else cur += c;
    } else if (c === '"') inQuotes = true;
    else if (c === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((h) => h.trim());
}

/**
 * Excel leaves a trailing separator (`a;b;c;`): an unnamed column is kept
 * under a placeholder name; the loader refuses it only if it holds values.
 */
function nameUnnamed(headers: string[]): string[] {
  return headers.map((h, i) => (h === '' ? `${UNNAMED_COLUMN_PREFIX}${i + 1}` : h));
}

/**
 * `text` is the decoded start of the file (BOM already removed), `sampleKiB`
 * the size of the bytes it came from; `wholeFile` when it is all of it.
 */
export function readCsvHeader(text: string, wholeFile: boolean, sampleKiB = 64): HeaderResult {
  // Excel writes `sep=;` on its own first line to name the delimiter; the header follows.
  const hint = /^sep=([,;])\r?\n/i.exec(text);
  if (hint) {
    const rest = readCsvHeader(text.slice(hint[0].length), wholeFile, sampleKiB);
    if (!rest.ok) return rest;
    const delimiter = hint[1] as Delimiter;
    const headers =
      delimiter === rest.delimiter
        ? rest.headers
        : split(firstRecord(text.slice(hint[0].length)).record, delimiter);
    return { ok: true, delimiter, headers: nameUnnamed(headers), skip: 1 };
  }
  const { record, complete } = firstRecord(text);
  if (!complete || (!wholeFile && record.length === text.length)) {
    return {
      ok: false,
      rule: 'malformed_csv',
      message: `the header line does not end (an unclosed quote, or a line longer than ${sampleKiB} KiB): this does not look like a CSV export`,
    };
  }
  if (record.trim() === '')
    return {
      ok: false,
      rule: 'malformed_csv',
      message: 'the first line is empty: the header must be on row 1',
    };
  const commas = countOutsideQuotes(record, ',');
  const semicolons = countOutsideQuotes(record, ';');
  if (commas === 0 && semicolons === 0) {
    const other = ['\t', '|'].find((d) => countOutsideQuotes(record, d) > 0);
    if (other) {
      const name = other === '\t' ? 'tab' : `'${other}'`;
      return {
        ok: false,
        rule: 'wrong_delimiter',
        message: `row 1 separates columns with ${name}; the contract accepts ',' or ';' — export again as CSV with ',' or ';'`,
      };
    }
  }
  const delimiter: Delimiter = semicolons > commas ? ';' : ',';
  const headers = split(record, delimiter);
  return { ok: true, delimiter, headers: nameUnnamed(headers), skip: 0 };
}
