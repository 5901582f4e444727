// Streaming CSV in and out for connectors: public exports run to millions of
// rows (the OpenCoesione project file is over a gigabyte), so records flow one
// at a time and memory stays flat.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { stringify, type Stringifier } from 'csv-stringify';
import { sniffCsvFile, STREAMING_SAMPLE_BYTES } from '../readers/csvDialect.ts';
import { decodingStream } from '../readers/decodingStream.ts';
import type { StreamedChecksum } from './streamedChecksum.ts';

/** A public file the connector cannot read as CSV (it matched on a readable header, so rarely). */
export class UnreadablePublicFile extends Error {
  readonly code = 'UNREADABLE_PUBLIC_FILE';
}

/**
 * Yields the header, then each record, as arrays of strings. `checksum`, when
 * given, hashes the raw bytes on the way, so the caller learns the file's
 * checksum without reading it again. `tabs`: the file is tab-separated with
 * no quoting, whatever the sniffer makes of it (Eurostat's TSV, whose first
 * cell holds commas).
 */
export async function* readRecords(
  path: string,
  checksum?: StreamedChecksum,
  options: { tabs?: boolean } = {},
): AsyncGenerator<string[]> {
  const sniffed = await sniffCsvFile(path, STREAMING_SAMPLE_BYTES);
  if (!sniffed.ok) throw new UnreadablePublicFile(`${path}: ${sniffed.message}`);
  const dialect = options.tabs ? { ...sniffed.dialect, delimiter: '\t' as const, quote: null } : sniffed.dialect;
  // From byte 0 so the checksum covers every byte; the decoder drops a BOM.
  let bytes: NodeJS.ReadableStream = createReadStream(path);
  if (checksum) bytes = bytes.pipe(checksum.tap());
  const parser = bytes.pipe(decodingStream(dialect.encoding)).pipe(
    parse({
      delimiter: dialect.delimiter,
      quote: dialect.quote,
      from_line: dialect.linesBeforeHeader + 1,
      skip_empty_lines: true,
      relax_column_count: true,
    }),
  );
  for await (const record of parser) yield record as string[];
}

/** Writes one contract-shaped feed file (`,`-separated, UTF-8). */
export class FeedFileWriter {
  readonly path: string;
  rows = 0;
  private readonly out: WriteStream;
  private readonly csv: Stringifier;
  constructor(path: string, header: string[]) {
    this.path = path;
    this.out = createWriteStream(path);
    this.csv = stringify({ record_delimiter: 'unix' });
    this.csv.pipe(this.out);
    this.csv.write(header);
  }
  async write(record: (string | null | undefined)[]): Promise<void> {
    this.rows++;
    if (!this.csv.write(record.map((v) => v ?? ''))) await once(this.csv, 'drain');
  }
  async close(): Promise<void> {
    this.csv.end();
    await once(this.out, 'close');
  }
}

/**
 * Published number → text the loader reads unambiguously: decimal comma, no
 * thousands separator (`4.000.000,00` → `4000000,00`, `3.7` → `3,7`), because
 * a dot decimal with three digits (`0.125`) would otherwise look like an
 * Italian thousands group. With both separators the last one is the decimal
 * mark; a lone comma is decimal; lone dots are thousands only when `italian`
 * and grouped by three (`4.000.000`).
 */
export function canonicalNumber(raw: string, italian: boolean): string | null {
  const v = raw.replace(/[€\s\u00a0]/g, '');
  if (v === '') return null;
  let plain: string;
  const lastComma = v.lastIndexOf(',');
  const lastDot = v.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    plain = lastComma > lastDot ? v.replace(/\./g, '').replace(',', '.') : v.replace(/,/g, '');
  } else if (lastComma >= 0) {
    plain = v.replace(',', '.');
  } else if (italian && /^-?\d{1,3}(\.\d{3})+$/.test(v)) {
    plain = v.replace(/\./g, '');
  } else {
    plain = v;
  }
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(plain)) return raw; // left as is: the loader reports the bad value
  const n = /[eE]/.test(plain) ? String(Number(plain)) : plain;
  return n.replace('.', ',');
}

/** `YYYYMMDD` (OpenCoesione) → `YYYY-MM-DD`; other text is passed through for the loader to judge. */
export function isoFromCompactDate(raw: string | undefined): string | null {
  const v = (raw ?? '').trim();
  if (v === '') return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : v;
}
