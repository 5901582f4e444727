// `osservatorio sql "<query>" [--format table|csv|json]`: one read-only SELECT
// against the warehouse. Defence in depth: the file is opened read-only, file
// and network access and extension loading are switched off and the
// configuration locked before the query is even parsed, and only a single
// statement whose parsed type is SELECT is run. Anything else is refused (exit 2).
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { StatementType, type DuckDBResultReader, type Json } from '@duckdb/node-api';
import { dataPaths, print, withDataOptions, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, RefusedError, UsageError } from '../errors.ts';
import { toCsvText } from '../../warehouse/csv.ts';
import { Warehouse, WarehouseLockedError } from '../../warehouse/db.ts';

const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface SqlCliOptions extends GlobalOptions {
  format: string;
}

const LOCKDOWN = [
  'SET enable_external_access = false',
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  'SET lock_configuration = true',
];

const QUERY_KEYWORDS = new Set(['select', 'with', 'from', 'values', 'table']);

/** First keyword of the text, after comments and opening parentheses. */
export function leadingKeyword(query: string): string {
  const rest = query.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[a-z_]+/i.exec(rest)?.[0] ?? '').toLowerCase();
}

/** DuckDB errors are "Kind Error: message"; the kind says whose fault it is. */
function queryError(err: unknown): CliError {
  const message = (err as Error).message ?? String(err);
  if (
    /^(Permission|Invalid Input) Error/.test(message) ||
    /read.?only|external access/i.test(message)
  )
    return new RefusedError(`query refused: ${message}`);
  return new UsageError(`query failed: ${message}`);
}

export interface QueryOutput {
  columns: string[];
  /** Cells as DuckDB's JSON form: exact decimals and big integers as strings. */
  rows: Json[][];
  /** Column is numeric (right-aligned in tables, bare in JSON). */
  numeric: boolean[];
}

/** Runs one SELECT under the read-only lockdown; refuses anything else. */
export async function runReadOnlyQuery(dbPath: string, query: string): Promise<QueryOutput> {
  if (!existsSync(dbPath))
    throw new UsageError(
      `no warehouse at ${dbPath}; run 'osservatorio init' (or 'demo') first, or pass --db / --data-dir`,
    );
  let wh: Warehouse;
  try {
    wh = await Warehouse.open(dbPath, { readOnly: true });
  } catch (err) {
    if (err instanceof WarehouseLockedError) throw new CliError(err.message, EXIT.internal);
    throw err;
  }
  try {
    for (const s of LOCKDOWN) await wh.run(s);
    let reader: DuckDBResultReader;
    // PRAGMA and SHOW/DESCRIBE/SUMMARIZE are rewritten into SELECTs by the parser,
    // so the statement type alone does not catch them: the text must start like a query.
    const first = leadingKeyword(query);
    if (!QUERY_KEYWORDS.has(first))
      throw new RefusedError(
        `only SELECT queries are allowed; this statement starts with '${first.toUpperCase() || '(nothing)'}'`,
      );
    try {
      const statements = await wh.connection.extractStatements(query);
      if (statements.count !== 1)
        throw new RefusedError(
          `exactly one statement is allowed, this query has ${statements.count}`,
        );
      const prepared = await statements.prepare(0);
      if (prepared.statementType !== StatementType.SELECT)
        throw new RefusedError(
          `only SELECT queries are allowed (statement type: ${StatementType[prepared.statementType] ?? 'unknown'}); the warehouse is read-only here — use 'osservatorio ingest' to load data`,
        );
      reader = await prepared.runAndReadAll();
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw queryError(err);
    }
    const types = reader.columnTypes();
    const numeric = types.map((t) =>
      /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(
        t.toString(),
      ),
    );
    return { columns: reader.columnNames(), rows: reader.getRowsJson(), numeric };
  } finally {
    wh.close();
  }
}

function text(v: Json): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function formatTable(out: QueryOutput): string {
  const cells = out.rows.map((r) => r.map((v) => (v === null ? 'NULL' : text(v))));
  const widths = out.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => (out.numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rows = cells.map(line);
  const count = `(${out.rows.length} ${out.rows.length === 1 ? 'row' : 'rows'})`;
  return [line(out.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows, count].join(
    '\n',
  );
}

export function formatCsv(out: QueryOutput): string {
  return toCsvText([out.columns, ...out.rows.map((r) => r.map(text))]).replace(/\n$/, '');
}

export function formatJson(out: QueryOutput): string {
  const rows = out.rows.map((r) => {
    const o: Record<string, Json> = {};
    out.columns.forEach((c, i) => {
      const v = r[i]!;
      // Numbers stay numbers; exact decimals keep their digits (605305.62).
      o[c] = out.numeric[i] && typeof v === 'string' && Number.isFinite(Number(v)) ? Number(v) : v;
    });
    return o;
  });
  return JSON.stringify(rows, null, 2);
}

export function register(program: Command): void {
  withDataOptions(
    program
      .command('sql')
      .description('run one read-only SELECT on the warehouse and print the result')
      .argument('<query>', 'a single SELECT statement (quote it)')
      .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
      .addHelpText(
        'after',
        `\nWrites, file access (COPY, read_csv, ATTACH), PRAGMA and SET are refused with exit code 2.\nExample: osservatorio sql "select feed, rows from ops.loads order by load_id" --format csv`,
      ),
  ).action(async (query: string, opts: SqlCliOptions) => {
    if (!(FORMATS as readonly string[]).includes(opts.format))
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got '${opts.format}')`);
    const out = await runReadOnlyQuery(dataPaths(opts).db, query);
    const format = opts.format as Format;
    print(
      format === 'csv' ? formatCsv(out) : format === 'json' ? formatJson(out) : formatTable(out),
    );
  });
}
