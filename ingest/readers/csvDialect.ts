// The one CSV dialect sniffer: from the first bytes of a file, its encoding
// (UTF-16 by BOM, UTF-8, else Windows-1252), byte-order mark, delimiter,
// quote and header. The loader, the public-source connectors and the
// pseudonymise tool all ask here, so a file the tool accepts on the data
// owner's PC is read the same way when it reaches the observatory.
import { detectFormat } from './fileFormat.ts';
import { decodeCp1252 } from './cp1252.ts';
import { readCsvHeader, type Delimiter } from './csvHeader.ts';
import { readHead } from './scan.ts';
import { isUtf8Start } from './utf8.ts';
import { decodeUtf16, utf16Bom } from './utf16.ts';

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface CsvDialect {
  encoding: CsvEncoding;
  /** Length of the byte-order mark that opens the file (0 when there is none). */
  bomBytes: number;
  delimiter: Delimiter;
  /** Fields are quoted with `"`, a quote inside doubled (`""`): what Excel and the contract write. */
  quote: '"';
  /** Column names as in the header, trimmed; an empty one named `__unnamed_column_<n>`. */
  headers: string[];
  /** Lines above the header (Excel's `sep=;` hint). */
  linesBeforeHeader: number;
}

export type DialectResult =
  | { ok: true; dialect: CsvDialect }
  | { ok: false; rule: string; message: string };

/**
 * The dialect of a CSV from its first bytes. `wholeFile`: `head` is all of
 * the file. `utf8`: whether the whole file is valid UTF-8, when a full scan
 * has told (the loader's); otherwise the head is judged, a character cut at
 * its end aside.
 */
export function sniffCsvDialect(
  head: Buffer,
  options: { wholeFile: boolean; utf8?: boolean },
): DialectResult {
  const { wholeFile } = options;
  if (head.length === 0 && wholeFile)
    return { ok: false, rule: 'empty_file', message: 'the file is empty (0 bytes): export it again' };
  let encoding: CsvEncoding;
  let bomBytes: number;
  let text: string;
  const utf16 = utf16Bom(head);
  if (utf16) {
    encoding = utf16;
    bomBytes = 2;
    text = decodeUtf16(head.subarray(0, head.length - (head.length % 2)), utf16);
  } else {
    const utf8Bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    // A full scan that found bytes UTF-8 cannot hold wins over the BOM.
    const utf8 = options.utf8 ?? (utf8Bom || isUtf8Start(head, wholeFile));
    encoding = utf8 ? 'utf-8' : 'windows-1252';
    bomBytes = utf8 && utf8Bom ? 3 : 0;
    text = utf8 ? head.toString('utf8') : decodeCp1252(head);
  }
  const header = readCsvHeader(
    text.replace(/^\uFEFF/, ''),
    wholeFile,
    Math.max(1, Math.round(head.length / 1024)),
  );
  if (!header.ok) return header;
  return {
    ok: true,
    dialect: {
      encoding,
      bomBytes,
      delimiter: header.delimiter,
      quote: '"',
      headers: header.headers,
      linesBeforeHeader: header.skip,
    },
  };
}

/**
 * Sample for readers that decode a whole file from the sniffer's judgement
 * (the connectors, the pseudonymise tool) instead of checking every byte
 * first as the loader does: a larger sample makes a late Windows-1252 byte
 * less likely to be missed.
 */
export const STREAMING_SAMPLE_BYTES = 256 * 1024;

/**
 * The dialect of the CSV file at `path`, judged on its first `sampleBytes`
 * (default: the loader's head).
 */
export async function sniffCsvFile(path: string, sampleBytes?: number): Promise<DialectResult> {
  const { head, whole } = await readHead(path, sampleBytes);
  return sniffCsvDialect(head, { wholeFile: whole });
}

/** Header of a CSV file from its first bytes; undefined for other formats or unreadable heads. */
export async function csvHeaderOf(path: string): Promise<string[] | undefined> {
  const { head, whole } = await readHead(path);
  if (detectFormat(path, head) !== 'csv' || head.length === 0 || head.includes(0)) return undefined;
  const sniffed = sniffCsvDialect(head, { wholeFile: whole });
  return sniffed.ok ? sniffed.dialect.headers : undefined;
}
