// Turns an incoming file into a relation DuckDB can scan, whatever its format:
// CSV (`,`/`;`, UTF-8 or Windows-1252, BOM, CRLF, quoted newlines) through
// read_csv with an explicit dialect, XLSX through a temp CSV, JSONL through
// read_json, Parquet through read_parquet. Every column comes out as text so
// one set of parsers (ingest/types.ts) applies to every format. A file that
// cannot be read is a refusal with a rule and a message a clerk can act on.
import { rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Session } from '../../warehouse/db.ts';
import { sqlIdent, sqlString } from '../../warehouse/sql.ts';
import type { Issue } from '../validate.ts';
import { transcodeCp1252ToUtf8 } from './cp1252.ts';
import { sniffCsvDialect, type CsvDialect } from './csvDialect.ts';
import type { Delimiter } from './csvHeader.ts';
import { detectFormat, type FileFormat } from './fileFormat.ts';
import { controlShare, type FileScan } from './scan.ts';
import { transcodeUtf16ToUtf8, utf16Bom } from './utf16.ts';
import { SheetNotFound, xlsxToCsv } from './xlsx.ts';
import { xlsxLimits, XlsxTooLarge, type XlsxLimits } from './xlsxLimits.ts';
import { makeScratchDir, sweepScratchDirs } from '../tempDirs.ts';
import { isOutOfSpace } from '../diskSpace.ts';

export interface SourceColumn {
  /** Header as the file names it. */
  header: string;
  /** SQL expression giving the cell as text (NULL when absent). */
  expr: string;
}

export interface Source {
  format: FileFormat;
  /** SQL FROM item. */
  from: string;
  columns: SourceColumn[];
  /** CSV only: lines above the header (`sep=;`), which DuckDB's line numbers count and our rows do not. */
  linesBeforeHeader?: number;
  /** CSV only: table DuckDB fills with malformed records instead of failing. */
  rejectsTable?: string;
  encoding?: 'utf-8' | 'windows-1252' | 'utf-16';
  delimiter?: Delimiter;
  /** Removes temp files; call when the load is over. */
  cleanup(): void;
}

export type OpenResult =
  { ok: true; source: Source } | { ok: false; format: FileFormat | null; issue: Issue };

export interface OpenOptions {
  sheet?: string;
  /** XLSX: limits on what the workbook may unpack to (default: environment, then built-in). */
  xlsxLimits?: Partial<XlsxLimits>;
}

let counter = 0;

function refuse(format: FileFormat | null, rule: string, message: string): OpenResult {
  return { ok: false, format, issue: { rule, message } };
}

/** DuckDB messages may quote file content; keep only the position. */
function lineOf(err: unknown): number | undefined {
  const m = /line[: ]+(\d+)/i.exec(err instanceof Error ? err.message : String(err));
  return m ? Number(m[1]) : undefined;
}

export async function openSource(
  db: Session,
  path: string,
  scan: FileScan,
  options: OpenOptions = {},
): Promise<OpenResult> {
  if (scan.bytes === 0)
    return refuse(null, 'empty_file', 'the file is empty (0 bytes): export it again');
  const format = detectFormat(path, scan.head);
  const ext = extname(path).toLowerCase();
  if ((ext === '.xlsx' && format !== 'xlsx') || (ext === '.parquet' && format !== 'parquet')) {
    return refuse(
      format,
      'unreadable',
      `the file is named ${ext} but its content is not ${ext.slice(1).toUpperCase()}: it may be damaged or mislabelled`,
    );
  }
  const magic = scan.head.subarray(0, 4).toString('hex');
  if (magic === 'd0cf11e0') {
    return refuse(
      format,
      'unreadable',
      'this is an old Excel .xls workbook: open it in Excel and save it as .xlsx or as CSV',
    );
  }
  if (magic.startsWith('1f8b')) {
    return refuse(
      format,
      'unreadable',
      'the file is compressed (gzip): decompress it and send the CSV inside',
    );
  }
  if (
    (format === 'csv' || format === 'jsonl') &&
    !utf16Bom(scan.head) &&
    (scan.nulBytes > 0 || controlShare(scan.head) > 0.01)
  ) {
    return refuse(
      format,
      'binary_file',
      'the file contains binary data, not text: send a CSV, XLSX, JSONL or Parquet export',
    );
  }
  // Folders left by loads that were killed go first, then this load's own.
  sweepScratchDirs();
  const work = makeScratchDir('ingest');
  const cleanup = () => rmSync(work, { recursive: true, force: true });
  try {
    const result = await open(db, path, scan, format, work, options);
    if (!result.ok) cleanup();
    else result.source.cleanup = cleanup;
    return result;
  } catch (err) {
    cleanup();
    throw err;
  }
}

async function open(
  db: Session,
  path: string,
  scan: FileScan,
  format: FileFormat,
  work: string,
  options: OpenOptions,
): Promise<OpenResult> {
  switch (format) {
    case 'csv': {
      const sniffed = sniffCsvDialect(scan.head, {
        wholeFile: scan.head.length >= scan.bytes,
        utf8: utf16Bom(scan.head) ? undefined : scan.utf8,
      });
      if (!sniffed.ok) return refuse(format, sniffed.rule, sniffed.message);
      const dialect = sniffed.dialect;
      // DuckDB reads UTF-8 only: anything else is transcoded into a file we own.
      let csvPath = path;
      if (dialect.encoding === 'utf-16le' || dialect.encoding === 'utf-16be') {
        csvPath = join(work, 'utf8.csv');
        await transcodeUtf16ToUtf8(path, csvPath, dialect.encoding);
      } else if (dialect.encoding === 'windows-1252') {
        csvPath = join(work, 'utf8.csv');
        await transcodeCp1252ToUtf8(path, csvPath);
      }
      return openCsv(csvPath, dialect, format);
    }
    case 'xlsx': {
      const csvPath = join(work, 'sheet.csv');
      try {
        await xlsxToCsv(path, csvPath, options.sheet, xlsxLimits(options.xlsxLimits));
      } catch (err) {
        if (err instanceof SheetNotFound) return refuse(format, 'sheet_not_found', err.message);
        if (err instanceof XlsxTooLarge) return refuse(format, 'xlsx_too_large', err.message);
        // Writing the sheet out filled the disk: the load reports that, not a damaged workbook.
        if (isOutOfSpace(err)) throw err;
        return refuse(
          format,
          'unreadable',
          'cannot be read as an Excel workbook (.xlsx): it may be damaged, password-protected or an old .xls — save it again as .xlsx',
        );
      }
      const { readFileSync, statSync } = await import('node:fs');
      const head = readFileSync(csvPath).subarray(0, 64 * 1024);
      if (head.length === 0)
        return refuse(format, 'empty_file', 'the sheet is empty: the header must be on row 1');
      const sniffed = sniffCsvDialect(head, {
        wholeFile: head.length >= statSync(csvPath).size,
        utf8: true,
      });
      if (!sniffed.ok) return refuse(format, sniffed.rule, sniffed.message);
      return openCsv(csvPath, sniffed.dialect, format);
    }
    case 'jsonl':
      return openTyped(
        db,
        `read_json(${sqlString(path)}, format = 'newline_delimited', records = true, sample_size = -1)`,
        format,
      );
    case 'parquet':
      return openTyped(db, `read_parquet(${sqlString(path)})`, format);
  }
}

function openCsv(csvPath: string, dialect: CsvDialect, format: FileFormat): OpenResult {
  const seen = new Set<string>();
  for (const h of dialect.headers) {
    if (seen.has(h))
      return refuse(
        format,
        'duplicate_column',
        `column '${h}' appears twice in the header (row 1)`,
      );
    seen.add(h);
  }
  const id = `${process.pid}_${++counter}`;
  const rejectsTable = `rejects_${id}`;
  const columns = `{${dialect.headers.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  const from = `read_csv(${sqlString(csvPath)}, auto_detect = false, header = true, skip = ${dialect.linesBeforeHeader}, delim = ${sqlString(dialect.delimiter)},
      quote = ${sqlString(dialect.quote)}, escape = ${sqlString(dialect.quote)}, columns = ${columns}, strict_mode = true, null_padding = false,
      store_rejects = true, rejects_table = ${sqlString(rejectsTable)}, rejects_scan = ${sqlString('rejects_scan_' + id)},
      max_line_size = 4194304)`;
  return {
    ok: true,
    source: {
      format,
      from,
      columns: dialect.headers.map((h, i) => ({ header: h, expr: sqlIdent(`c${i}`) })),
      rejectsTable,
      linesBeforeHeader: dialect.linesBeforeHeader,
      encoding:
        dialect.encoding === 'utf-16le' || dialect.encoding === 'utf-16be' ? 'utf-16' : dialect.encoding,
      delimiter: dialect.delimiter,
      cleanup: () => undefined,
    },
  };
}

/** JSONL and Parquet carry types; turn each column into text the common parsers read the same way as CSV text. */
async function openTyped(db: Session, from: string, format: FileFormat): Promise<OpenResult> {
  let described: { column_name: string; column_type: string }[];
  try {
    described = await db.rows(`describe select * from ${from}`);
  } catch (err) {
    const line = lineOf(err);
    const what = format === 'jsonl' ? 'JSON Lines (one JSON object per line)' : 'Parquet';
    return refuse(
      format,
      'unreadable',
      `cannot be read as ${what}${line ? ` near line ${line}` : ''}: check the export`,
    );
  }
  if (described.length === 0) return refuse(format, 'empty_file', 'the file has no columns');
  const columns = described.map((d) => {
    const c = sqlIdent(d.column_name);
    const t = d.column_type.toUpperCase();
    let expr: string;
    if (t.endsWith('[]') || t.startsWith('LIST')) expr = `array_to_string(${c}::VARCHAR[], '|')`;
    else if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) {
      // 605.305 (a number) must not be read as the Italian 605.305 (= 605305): add a trailing zero.
      expr = `regexp_replace(${c}::VARCHAR, '^(-?\\d{1,3}(\\.\\d{3})+)$', '\\10')`;
    } else if (t === 'JSON') expr = `json_extract_string(${c}, '$')`;
    else expr = `${c}::VARCHAR`;
    return { header: d.column_name, expr };
  });
  return { ok: true, source: { format, from, columns, cleanup: () => undefined } };
}

const REJECT_MESSAGES: Record<string, string> = {
  'MISSING COLUMNS': 'has fewer fields than the header',
  'TOO MANY COLUMNS': 'has more fields than the header',
  'UNQUOTED VALUE': 'has a quote inside an unquoted field, or a quote that is never closed',
  'INVALID UNICODE': 'has bytes that are not valid text',
  'LINE SIZE OVER MAXIMUM': 'is longer than 4 MiB',
};

/**
 * Records DuckDB could not parse, as one issue. DuckDB's `line` there is the
 * record number counting the header, i.e. our row even across quoted line
 * breaks. The rejects table also holds the raw line: it is never read here.
 */
export async function readRejects(
  db: Session,
  source: Source,
  goodRows: number,
): Promise<Issue | undefined> {
  if (!source.rejectsTable) return undefined;
  const t = sqlIdent(source.rejectsTable);
  const rows = await db.rows<{ line: number; error_type: string; n: number }>(
    `select line - $1 as line, min(error_type) as error_type, count(*) over () as n from ${t} group by line order by line`,
    [source.linesBeforeHeader ?? 0],
  );
  await db.run(
    `drop table if exists ${t}; drop table if exists ${sqlIdent(source.rejectsTable.replace('rejects_', 'rejects_scan_'))}`,
  );
  if (rows.length === 0) return undefined;
  const first = rows[0];
  const lastRow = goodRows + first.n + 1;
  const truncated = rows.some((r) => r.line >= lastRow) && first.error_type !== 'TOO MANY COLUMNS';
  const what = REJECT_MESSAGES[first.error_type] ?? 'cannot be parsed';
  const sep = source.delimiter
    ? ` (fields separated by '${source.delimiter}' as in the header)`
    : '';
  const hint =
    truncated && first.line >= lastRow
      ? ' — it is the last row: the file looks truncated, send it again'
      : '';
  return {
    rule: truncated && first.line >= lastRow ? 'truncated_file' : 'malformed_csv',
    row: first.line,
    rows: rows.slice(0, 5).map((r) => r.line),
    count: first.n,
    message: `row ${first.line} ${what}${sep}${hint}`,
  };
}
