// The single load path: every file, from the CLI, the demo, the inbox job or a
// connector, goes through loadFile(). Read → map columns → validate → write in
// one transaction with the ledger entry, or refuse and change nothing.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Session, Warehouse } from '../warehouse/db.ts';
import { sqlIdent, sqlString, sqlTable } from '../warehouse/sql.ts';
import type { ColumnSpec, FeedDefinition, FeedName } from './feed.ts';
import { FEEDS, feedOrThrow, getFeed } from './feeds/index.ts';
import { castExpression, DUCKDB_TYPES } from './types.ts';
import { validateStaged, type Issue } from './validate.ts';

export type LoadStatus = 'loaded' | 'refused' | 'duplicate' | 'failed';

export interface LoadOptions {
  /** Feed name; otherwise taken from the file-name prefix, else from the header. */
  feed?: FeedName | string;
  /** Who sent the file (agency code, 'demo', …); recorded in ops.loads. */
  source: string;
  /** Validate only; write nothing. */
  dryRun?: boolean;
  /** Load date for the "not in the future" rule; defaults to today. */
  today?: string;
}

export interface LoadResult {
  file: string;
  feed: string | null;
  status: LoadStatus;
  rows: number;
  loadId: number | null;
  checksum: string;
  errors: Issue[];
  warnings: Issue[];
}

/** A refusal that the caller reports; carries every issue found. */
export class LoadRefused extends Error {
  readonly code = 'LOAD_REFUSED';
  constructor(readonly result: LoadResult) {
    super(formatIssues(result));
  }
}

export function formatIssues(result: LoadResult, max = 5): string {
  const head = `${result.file}: ${result.status}`;
  const lines = result.errors.slice(0, max).map((i) => `  - ${describeIssue(i)}`);
  const more = result.errors.length > max ? [`  … and ${result.errors.length - max} more`] : [];
  return [head, ...lines, ...more].join('\n');
}

export function describeIssue(i: Issue): string {
  const where = [i.row != null ? `row ${i.row}` : null, i.column ? `column ${i.column}` : null]
    .filter(Boolean)
    .join(', ');
  const count = i.count && i.count > 1 ? ` (${i.count} rows)` : '';
  return `${where ? where + ': ' : ''}${i.message} [${i.rule}]${count}`;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Normalises a header: lower case, no accents, spaces and dashes to `_`. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-./]+/g, '_');
}

/** Feed from the file name prefix: `vacancies_2025-06.csv` → vacancies. */
export function feedFromFileName(file: string): FeedDefinition | undefined {
  const name = basename(file).toLowerCase();
  return [...FEEDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find((f) => name === f.name || name.startsWith(f.name + '_') || name.startsWith(f.name + '.') || name.startsWith(f.name + '-'));
}

/** Maps each header to a feed column (by name or alias); undefined when unknown. */
export function mapHeaders(feed: FeedDefinition, headers: string[]): Map<string, ColumnSpec | undefined> {
  const byName = new Map<string, ColumnSpec>();
  for (const c of feed.columns) {
    byName.set(c.name, c);
    for (const a of c.aliases ?? []) byName.set(normaliseHeader(a), c);
  }
  return new Map(headers.map((h) => [h, byName.get(normaliseHeader(h))]));
}

/** Feed whose columns best explain the header (all required present, most matches). */
export function feedFromHeader(headers: string[]): FeedDefinition | undefined {
  let best: { feed: FeedDefinition; score: number } | undefined;
  for (const feed of FEEDS) {
    const mapped = [...mapHeaders(feed, headers).values()].filter(Boolean) as ColumnSpec[];
    const names = new Set(mapped.map((c) => c.name));
    if (!feed.columns.filter((c) => c.required).every((c) => names.has(c.name))) continue;
    const score = names.size - (headers.length - mapped.length);
    if (!best || score > best.score) best = { feed, score };
  }
  return best?.feed;
}

let stagingCounter = 0;

/**
 * Reads a CSV into a temp staging table of VARCHAR columns with a 1-based
 * `__row` (the data row number; the header is line 1 of the file).
 */
async function stageCsv(db: Session, path: string): Promise<{ table: string; headers: string[] }> {
  const table = `stg_${process.pid}_${++stagingCounter}`;
  await db.run(
    `create or replace temp table ${table} as
     select row_number() over () as __row, *
     from read_csv(${sqlString(path)}, all_varchar = true, header = true, auto_detect = true,
                   null_padding = false, strict_mode = true)`,
  );
  const cols = await db.rows<{ column_name: string }>(
    `select column_name from duckdb_columns() where table_name = $1 and column_name <> '__row' order by column_index`,
    [table],
  );
  return { table, headers: cols.map((c) => c.column_name) };
}

/** Loads one file. Never throws for bad data: the result says refused, with issues. */
export async function loadFile(wh: Warehouse, path: string, options: LoadOptions): Promise<LoadResult> {
  const file = basename(path);
  const checksum = await sha256File(path);
  const result: LoadResult = { file, feed: null, status: 'refused', rows: 0, loadId: null, checksum, errors: [], warnings: [] };
  const startedAt = new Date().toISOString();

  const seen = await wh.one<{ load_id: number }>(`select load_id from ops.file_ledger where checksum = $1`, [checksum]);
  if (seen) {
    result.status = 'duplicate';
    result.loadId = seen.load_id;
    if (!options.dryRun) await recordAttempt(wh, result, options, startedAt);
    return result;
  }

  let staged: { table: string; headers: string[] };
  try {
    staged = await stageCsv(wh, path);
  } catch (err) {
    result.errors.push({ rule: 'unreadable', message: `cannot be read as CSV: ${(err as Error).message.split('\n')[0]}` });
    if (!options.dryRun) await recordAttempt(wh, result, options, startedAt);
    return result;
  }
  try {
    const feed = options.feed ? feedOrThrow(options.feed) : (feedFromFileName(path) ?? feedFromHeader(staged.headers));
    if (!feed) {
      result.errors.push({ rule: 'unknown_feed', message: 'cannot tell which feed this file is: name it with --feed or a file-name prefix (e.g. vacancies_2025-06.csv)' });
      return await finish(wh, result, options, startedAt);
    }
    result.feed = feed.name;
    const mapping = mapHeaders(feed, staged.headers);
    for (const [header, col] of mapping) {
      if (!col) result.errors.push({ rule: 'unknown_column', column: header, message: `column '${header}' is not part of the ${feed.name} feed` });
    }
    const present = new Set([...mapping.values()].filter(Boolean).map((c) => c!.name));
    for (const c of feed.columns) {
      if (c.required && !present.has(c.name)) {
        result.errors.push({ rule: 'missing_required_column', column: c.name, message: `required column '${c.name}' is missing` });
      }
    }
    if (result.errors.length) return await finish(wh, result, options, startedAt);

    // Typed view of the staged rows: one expression per contract column.
    const typed = `${staged.table}_typed`;
    const select = feed.columns.map((c) => {
      const header = [...mapping].find(([, spec]) => spec?.name === c.name)?.[0];
      const raw = header ? `nullif(trim(${sqlIdent(header)}), '')` : 'null::varchar';
      return `${raw} as ${sqlIdent('raw__' + c.name)}, ${castExpression(c, raw)} as ${sqlIdent(c.name)}`;
    });
    await wh.run(`create or replace temp table ${typed} as select __row, ${select.join(', ')} from ${staged.table}`);
    result.rows = (await wh.scalar<number>(`select count(*) from ${typed}`)) ?? 0;
    if (result.rows === 0) {
      result.errors.push({ rule: 'empty_file', message: 'the file has a header but no data rows' });
      return await finish(wh, result, options, startedAt);
    }
    const issues = await validateStaged(wh, feed, typed, { today: options.today });
    result.errors.push(...issues.errors);
    result.warnings.push(...issues.warnings);
    return await finish(wh, result, options, startedAt, typed, feed);
  } finally {
    await wh.run(`drop table if exists ${staged.table}; drop table if exists ${staged.table}_typed`);
  }
}

async function finish(
  wh: Warehouse,
  result: LoadResult,
  options: LoadOptions,
  startedAt: string,
  typed?: string,
  feed?: FeedDefinition,
): Promise<LoadResult> {
  if (result.errors.length) {
    result.status = 'refused';
    if (!options.dryRun) await recordAttempt(wh, result, options, startedAt);
    return result;
  }
  if (options.dryRun || !typed || !feed) {
    result.status = 'loaded';
    return result;
  }
  const cols = feed.columns.map((c) => sqlIdent(c.name)).join(', ');
  try {
    await wh.transaction(async (tx) => {
      const loadId = (await tx.scalar<number>(`select nextval('ops.load_id_seq')`))!;
      result.loadId = loadId;
      // The ledger row makes a concurrent load of the same bytes fail on the key: exactly once.
      await tx.run(`insert into ops.file_ledger (checksum, load_id, feed, loaded_at) values ($1, $2, $3, now())`, [
        result.checksum,
        loadId,
        feed.name,
      ]);
      await tx.run(
        `insert or replace into ${sqlTable(feed.table)} (${cols}, load_id, loaded_at)
         select ${cols}, $1, now() from ${typed}`,
        [loadId],
      );
      result.status = 'loaded';
      await insertLoadRow(tx, loadId, result, options, startedAt);
    });
  } catch (err) {
    const message = (err as Error).message;
    if (/file_ledger|Duplicate key "checksum/i.test(message)) {
      result.status = 'duplicate';
      result.loadId = null;
    } else {
      result.status = 'failed';
      result.loadId = null;
      result.errors.push({ rule: 'write_failed', message: message.split('\n')[0] });
    }
    await recordAttempt(wh, result, options, startedAt);
  }
  return result;
}

async function insertLoadRow(db: Session, loadId: number, result: LoadResult, options: LoadOptions, startedAt: string) {
  const firstError = result.errors[0] ? describeIssue(result.errors[0]) : null;
  await db.run(
    `insert into ops.loads (load_id, file_name, checksum, feed, source, format, rows, status, started_at, finished_at, error, warnings)
     values ($1, $2, $3, $4, $5, 'csv', $6, $7, $8::timestamp, now(), $9, $10)`,
    [loadId, result.file, result.checksum, result.feed, options.source, result.rows, result.status, startedAt, firstError, result.warnings.length],
  );
}

/** Records a load attempt that wrote no data (refused, duplicate, failed). */
async function recordAttempt(wh: Warehouse, result: LoadResult, options: LoadOptions, startedAt: string) {
  const loadId = (await wh.scalar<number>(`select nextval('ops.load_id_seq')`))!;
  if (result.status !== 'duplicate') result.loadId = loadId;
  await insertLoadRow(wh, loadId, result, options, startedAt);
}

export { DUCKDB_TYPES, getFeed };
export type { Issue };
