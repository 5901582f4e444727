// The single load path: every file, from the CLI, the demo, the inbox job or a
// connector, goes through loadFile(). Scan bytes once → read with DuckDB into
// a staged table → header rules and PII guard → contract rules (set-based) →
// write in one transaction with the ledger entry and the rows it replaces, or
// refuse and change nothing.
import { basename } from 'node:path';
import type { Session } from '../warehouse/db.ts';
import { sqlIdent, sqlString, sqlTable } from '../warehouse/sql.ts';
import type { FeedDefinition, FeedName } from './feed.ts';
import { FEEDS, getFeed } from './feeds/index.ts';
import { diskSpaceIssue } from './diskSpace.ts';
import {
  feedFromFileName,
  feedFromHeader,
  headerIssues,
  mapHeaders,
  unnamedColumnIssues,
} from './headers.ts';
import { ensureHistoryTable, historyTable, sharedColumns } from './history.ts';
import { normaliseHeader } from './pii/normalise.ts';
import { piiRowPrefilterExpression, scanPiiValues, type ScannedColumn } from './pii/scan.ts';
import { openSource, readRejects, type FileFormat, type Source } from './readers/index.ts';
import { scanFile } from './readers/scan.ts';
import { castExpression, DUCKDB_TYPES } from './types.ts';
import {
  financialBreachPredicate,
  patternFlag,
  PATTERNS,
  validateStaged,
  type Issue,
} from './validate.ts';

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
  /** XLSX: sheet to read (default: the first). */
  sheet?: string;
  /** Free bytes required on the database and temp file systems (default: 3 × file size + 64 MiB). */
  minFreeBytes?: number;
  /** Called as the load moves on (for progress output); never given a value from the file. */
  onStage?: (stage: 'reading' | 'validating' | 'writing', detail: { rows?: number }) => void;
}

export interface LoadResult {
  file: string;
  feed: string | null;
  status: LoadStatus;
  rows: number;
  /** Load that brought the data: this one when loaded, the earlier one when duplicate. */
  loadId: number | null;
  checksum: string;
  errors: Issue[];
  warnings: Issue[];
  /** ops.loads row recording this attempt (null on dry runs). */
  attemptId?: number | null;
  format?: FileFormat | null;
  encoding?: string | null;
  /** Rows of earlier loads replaced by key (kept in ops.replaced_<feed>). */
  replacedRows?: number;
  /** Rows loaded but flagged (ops.row_flags), e.g. financial stages out of order. */
  flaggedRows?: number;
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
  return (await scanFile(path)).checksum;
}

export { feedFromFileName, feedFromHeader, mapHeaders, normaliseHeader };

let stagingCounter = 0;

/** Step timings on stderr when OSSERVATORIO_INGEST_TIMING=1 (for benchmarking; names of steps only). */
function stepTimer(): (step: string) => void {
  if (process.env.OSSERVATORIO_INGEST_TIMING !== '1') return () => undefined;
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    process.stderr.write(`ingest timing: ${step} ${(now - last).toFixed(0)} ms\n`);
    last = now;
  };
}

/**
 * A file read, staged and checked, ready to be written; or the final result
 * when there is nothing to write (duplicate, refused, failed, dry run).
 */
type Prepared =
  | { ready: false; result: LoadResult; startedAt: string }
  | {
      ready: true;
      result: LoadResult;
      startedAt: string;
      staged: string;
      feed: FeedDefinition;
    };

/** Loads one file. Never throws for bad data: the result says refused, with issues. */
export async function loadFile(
  wh: Session,
  path: string,
  options: LoadOptions,
): Promise<LoadResult> {
  const lap = stepTimer();
  const cleanups: (() => Promise<void>)[] = [];
  let prepared: Prepared;
  try {
    prepared = await prepareLoad(wh, path, options, cleanups, lap);
    if (prepared.ready) {
      const p = prepared;
      options.onStage?.('writing', { rows: p.result.rows });
      try {
        // Outside the data transaction: DDL there would make concurrent loads of a feed conflict.
        await ensureHistoryTable(wh, p.feed);
        await wh.transaction((tx) => writeStaged(tx, p, options, lap));
      } catch (err) {
        await explainWriteFailure(wh, p.result, err);
      }
      lap('write transaction');
    }
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
  if (!options.dryRun && prepared.result.status !== 'loaded')
    await recordAttempt(wh, prepared.result, options, prepared.startedAt);
  return prepared.result;
}

/** A part of a file loaded with others (loadFilesTogether). */
export interface FilePart {
  file: string;
  feed: FeedName | string;
}

/** Thrown inside the group transaction to roll every part back. */
class PartNotLoaded extends Error {
  constructor(readonly part: number) {
    super('part not loaded');
  }
}

/**
 * Loads several files as one: every part is staged, checked and written in a
 * single transaction, in the order given (a part may refer to rows of an
 * earlier one), so either all parts are loaded or none is. Used for a public
 * file that a connector splits into feed files. A part that is refused or
 * fails rolls back the parts before it: those are recorded as refused with the
 * rule `part_rolled_back`, so the ledger, ops.loads and the core tables never
 * hold half a file. A part whose bytes were already loaded is a duplicate and
 * changes nothing. A dry run writes every part and then rolls back, so
 * references between parts are checked as in a real load.
 */
export async function loadFilesTogether(
  wh: Session,
  parts: FilePart[],
  options: Omit<LoadOptions, 'feed'>,
): Promise<LoadResult[]> {
  const lap = stepTimer();
  const cleanups: (() => Promise<void>)[] = [];
  const done: Prepared[] = [];
  for (const p of parts) {
    const feed = getFeed(p.feed);
    if (feed) await ensureHistoryTable(wh, feed);
  }
  const writeOptions = { ...options, dryRun: false };
  let failure: unknown;
  let current = -1;
  try {
    await wh.transaction(async (tx) => {
      for (const [i, part] of parts.entries()) {
        current = i;
        const p = await prepareLoad(
          tx,
          part.file,
          { ...writeOptions, feed: part.feed },
          cleanups,
          lap,
        );
        done.push(p);
        if (!p.ready) {
          if (p.result.status === 'duplicate') continue;
          throw new PartNotLoaded(i);
        }
        options.onStage?.('writing', { rows: p.result.rows });
        await writeStaged(tx, p, writeOptions, lap);
      }
      // A dry run has checked every part against the others: undo it all.
      if (options.dryRun) throw new PartNotLoaded(-1);
    });
  } catch (err) {
    failure = err;
  } finally {
    // After COMMIT or ROLLBACK: temp tables made inside a rolled-back transaction are gone already.
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
  if (failure instanceof PartNotLoaded && failure.part === -1) {
    for (const p of done) {
      if (p.result.status === 'loaded') {
        p.result.loadId = null;
        p.result.attemptId = null;
      }
    }
    return done.map((p) => p.result);
  }
  if (failure instanceof PartNotLoaded) {
    const culprit = done[failure.part];
    const reason = `the ${culprit.result.feed ?? culprit.result.file} part of the same file was ${culprit.result.status}`;
    for (const p of done) {
      if (p === culprit || p.result.status !== 'loaded') continue;
      // Written, then rolled back with the rest of the file.
      p.result.status = 'refused';
      p.result.loadId = null;
      p.result.attemptId = null;
      p.result.replacedRows = 0;
      p.result.flaggedRows = 0;
      p.result.errors.push({
        rule: 'part_rolled_back',
        message: `not loaded: ${reason}, and a file loads whole or not at all; fix that part and send the file again`,
      });
    }
  } else if (failure !== undefined) {
    if (current >= 0 && done.length <= current) {
      // The warehouse failed while this part was being read or checked.
      const part = parts[current];
      done.push({
        ready: false,
        startedAt: new Date().toISOString(),
        result: {
          file: basename(part.file),
          feed: getFeed(part.feed)?.name ?? null,
          status: 'loaded',
          rows: 0,
          loadId: null,
          checksum: '',
          errors: [],
          warnings: [],
        },
      });
    }
    // Nothing committed: each written part is a duplicate if the same bytes were committed meanwhile, else failed.
    for (const p of done)
      if (p.result.status === 'loaded') await explainWriteFailure(wh, p.result, failure);
  }
  if (!options.dryRun)
    for (const p of done)
      if (p.result.status !== 'loaded') await recordAttempt(wh, p.result, options, p.startedAt);
  return done.map((p) => p.result);
}

/**
 * Everything before the write: scan the bytes, skip a duplicate, read the file
 * into a staged table, header rules, PII guard, contract rules. Writes nothing
 * (attempts are recorded by the caller); `cleanups` gets what drops the staged
 * table once the caller is done with it.
 */
async function prepareLoad(
  wh: Session,
  path: string,
  options: LoadOptions,
  cleanups: (() => Promise<void>)[],
  lap: (step: string) => void,
): Promise<Prepared> {
  const file = basename(path);
  let scan: Awaited<ReturnType<typeof scanFile>>;
  const startedAt = new Date().toISOString();
  try {
    scan = await scanFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const failed: LoadResult = {
      file,
      feed: null,
      status: 'failed',
      rows: 0,
      loadId: null,
      checksum: '',
      errors: [],
      warnings: [],
      attemptId: null,
      format: null,
      encoding: null,
    };
    failed.errors.push({
      rule: 'file_unreadable',
      message: `the file cannot be opened (${code}): check that it exists and that the observatory may read it`,
    });
    return { ready: false, result: failed, startedAt };
  }
  lap('scan bytes (checksum, encoding)');
  const result: LoadResult = {
    file,
    feed: null,
    status: 'refused',
    rows: 0,
    loadId: null,
    checksum: scan.checksum,
    errors: [],
    warnings: [],
    attemptId: null,
    format: null,
    encoding: null,
  };
  const refused = (): Prepared => {
    result.status = result.errors.length ? 'refused' : 'loaded';
    return { ready: false, result, startedAt };
  };

  const seen = await wh.one<{ load_id: number }>(
    `select load_id from ops.file_ledger where checksum = $1`,
    [scan.checksum],
  );
  if (seen) {
    result.status = 'duplicate';
    result.loadId = seen.load_id;
    return { ready: false, result, startedAt };
  }
  if (!options.dryRun) {
    const disk = await diskSpaceIssue(wh, scan.bytes, options.minFreeBytes);
    if (disk) {
      result.status = 'failed';
      result.errors.push(disk);
      return { ready: false, result, startedAt };
    }
  }

  options.onStage?.('reading', {});
  const opened = await openSource(wh, path, scan, { sheet: options.sheet });
  if (!opened.ok) {
    result.format = opened.format;
    result.errors.push(opened.issue);
    return refused();
  }
  const source = opened.source;
  result.format = source.format;
  result.encoding = source.encoding ?? null;
  const staged = `stg_${process.pid}_${++stagingCounter}`;
  cleanups.push(async () => {
    source.cleanup();
    await wh.run(
      `drop view if exists ${sqlIdent(staged)}; drop table if exists ${sqlIdent(staged + '_t')}`,
    );
    if (source.rejectsTable) await wh.run(`drop table if exists ${sqlIdent(source.rejectsTable)}`);
  });
  const headers = source.columns.map((c) => c.header);
  let feed: FeedDefinition | undefined;
  if (options.feed) {
    feed = getFeed(options.feed);
    if (!feed) {
      result.errors.push({
        rule: 'unknown_feed',
        message: `unknown feed '${options.feed}'; known feeds: ${FEEDS.map((f) => f.name).join(', ')}`,
      });
      return refused();
    }
  } else feed = feedFromFileName(path) ?? feedFromHeader(headers);
  result.feed = feed?.name ?? null;
  if (!feed) {
    result.errors.push({
      rule: 'unknown_feed',
      message:
        'cannot tell which feed this file is: name it with --feed or a file-name prefix (e.g. vacancies_2025-06.csv)',
    });
  }
  const header = headerIssues(feed, headers);
  result.errors.push(...header.errors);

  // One staged table: the raw text of every column (for the PII scan and the
  // "required"/"type" rules) and the parsed value of every non-text feed
  // column; a view on top adds the row number and exposes text columns
  // under their feed names without storing each string twice.
  const select: string[] = [];
  const viewExtra: string[] = [];
  const scanned: ScannedColumn[] = [];
  const typedOk = feed && header.errors.length === 0;
  source.columns.forEach((sc, i) => {
    const col = header.mapping.get(sc.header);
    const raw = blankToNull(sc.expr);
    if (col && typedOk) {
      const rawName = sqlIdent('raw__' + col.name);
      select.push(`${raw} as ${rawName}`);
      if (col.type === 'string') viewExtra.push(`${rawName} as ${sqlIdent(col.name)}`);
      else select.push(`${castExpression(col, raw)} as ${sqlIdent(col.name)}`);
      if (col.pattern)
        select.push(
          `coalesce(regexp_full_match(${raw}, ${sqlString(PATTERNS[col.pattern])}), false) as ${sqlIdent(patternFlag(col.name))}`,
        );
      scanned.push({
        ident: 'raw__' + col.name,
        label: sc.header,
        skipWhen: col.pattern ? patternFlag(col.name) : undefined,
      });
    } else {
      select.push(`${raw} as ${sqlIdent('extra__' + i)}`);
      scanned.push({ ident: 'extra__' + i, label: sc.header });
    }
  });
  if (feed && typedOk) {
    const present = new Set([...header.mapping.values()].filter(Boolean).map((c) => c!.name));
    for (const c of feed.columns) {
      if (present.has(c.name)) continue;
      viewExtra.push(
        `null::VARCHAR as ${sqlIdent('raw__' + c.name)}`,
        `null::${DUCKDB_TYPES[c.type]} as ${sqlIdent(c.name)}`,
      );
      if (c.pattern) viewExtra.push(`false as ${sqlIdent(patternFlag(c.name))}`);
    }
  }
  try {
    // Row numbers come from the temp table's rowid (insertion order = file
    // order, DuckDB preserves it), cheaper than a window over the whole file.
    // Inside an open transaction (a connector's parts) rowids of a new table
    // start at a large base, not 0: subtract the first one.
    await wh.run(
      `create or replace temp table ${sqlIdent(staged + '_t')} as select ${select.join(', ')} from ${source.from}`,
    );
    // As text: that base is beyond the integers a JS number holds exactly.
    const firstRowid = String(
      (await wh.scalar<string>(
        `select coalesce(min(rowid), 0)::varchar from ${sqlIdent(staged + '_t')}`,
      )) ?? '0',
    );
    if (!/^\d+$/.test(firstRowid)) throw new Error('unexpected rowid from DuckDB');
    await wh.run(
      `create or replace temp view ${sqlIdent(staged)} as select (rowid - ${firstRowid}) + 2 as __row, *${viewExtra.map((e) => ', ' + e).join('')} from ${sqlIdent(staged + '_t')}`,
    );
    lap('stage (read + parse types)');
  } catch (err) {
    result.errors.push(unreadable(source, err));
    return refused();
  }
  result.rows = (await wh.scalar<number>(`select count(*) from ${sqlIdent(staged)}`)) ?? 0;
  const rejected = await readRejects(wh, source, result.rows);
  if (rejected) result.errors.push(rejected);
  result.errors.push(...(await unnamedColumnIssues(wh, staged, source)));
  if (result.errors.length || result.rows === 0) {
    // The PII guard runs even when the file is refused for other reasons, so the report says so.
    result.errors.push(...(await scanPiiValues(wh, staged, scanned)));
    lap('PII value scan');
    if (result.rows === 0 && !result.errors.length) {
      result.errors.push({
        rule: 'empty_file',
        row: 2,
        message: 'the file has a header but no data rows',
      });
    }
    return refused();
  }
  options.onStage?.('validating', { rows: result.rows });
  // Contract rules and the PII guard's first pass share one scan of the staged rows.
  const issues = await validateStaged(wh, feed!, staged, {
    today: options.today,
    extraAggregates: [piiRowPrefilterExpression(scanned)],
  });
  // A row-level first pass found nothing: no column needs a closer look.
  const pii = issues.extra[0] ? await scanPiiValues(wh, staged, scanned) : [];
  result.errors.push(...pii, ...issues.errors);
  result.warnings.push(...issues.warnings);
  lap('contract rules');
  if (result.errors.length || options.dryRun) return refused();
  return { ready: true, result, startedAt, staged, feed: feed! };
}

/**
 * Cell text with surrounding blanks removed, NULL when empty. trim() copies
 * every string, so it only runs on cells that start or end with a blank;
 * starts_with/ends_with compare bytes (right() counts characters, and was
 * the costliest part of staging).
 */
function blankToNull(expr: string): string {
  return `(case when ${expr} = '' then null
                when starts_with(${expr}, ' ') or ends_with(${expr}, ' ') or starts_with(${expr}, chr(9)) or ends_with(${expr}, chr(9))
                  then nullif(trim(${expr}, ' ' || chr(9)), '')
                else ${expr} end)`;
}

function unreadable(source: Source, err: unknown): Issue {
  // DuckDB messages can quote the offending text: keep only the position.
  const m = /line[: ]+(\d+)/i.exec(err instanceof Error ? err.message : String(err));
  const what = { csv: 'CSV', xlsx: 'an Excel sheet', jsonl: 'JSON Lines', parquet: 'Parquet' }[
    source.format
  ];
  return {
    rule: 'unreadable',
    row: m ? Number(m[1]) : undefined,
    message: `cannot be read as ${what}${m ? ` near line ${m[1]}` : ''}: check the export (delimiter, quotes, encoding)`,
  };
}

class AlreadyLoaded extends Error {
  constructor(readonly loadId: number) {
    super('already loaded');
  }
}

/**
 * The write, inside the caller's transaction: ledger entry, rows replaced by
 * key kept in ops.replaced_<feed>, the new rows, flags, the ops.loads row.
 * Throws AlreadyLoaded when the same bytes were committed meanwhile.
 */
async function writeStaged(
  tx: Session,
  p: Extract<Prepared, { ready: true }>,
  options: LoadOptions,
  lap: (step: string) => void,
): Promise<void> {
  const { result, feed, staged, startedAt } = p;
  const cols = feed.columns.map((c) => sqlIdent(c.name));
  const history = historyTable(feed);
  const core = sqlTable(feed.table);
  const t = sqlIdent(staged);
  const all = (await sharedColumns(tx, feed)).map(sqlIdent);
  const earlier = await tx.scalar<number>(
    `select load_id from ops.file_ledger where checksum = $1`,
    [result.checksum],
  );
  if (earlier != null) throw new AlreadyLoaded(earlier);
  const loadId = (await tx.scalar<number>(`select nextval('ops.load_id_seq')`))!;
  // The ledger row makes a concurrent load of the same bytes fail on its key: exactly once.
  await tx.run(
    `insert into ops.file_ledger (checksum, load_id, feed, loaded_at) values ($1, $2, $3, now())`,
    [result.checksum, loadId, feed.name],
  );
  // Rows this file replaces by key stay recoverable: `loads revert` puts them back.
  // One semi join finds them (nothing on a first load).
  const keyMatch = (a: string, b: string) =>
    feed.key.map((k) => `${a}.${sqlIdent(k)} = ${b}.${sqlIdent(k)}`).join(' and ');
  result.replacedRows = await tx.run(
    `insert into ${history} (${all.join(', ')}, replaced_by_load)
     select ${all.map((c) => 'c.' + c).join(', ')}, $1
     from ${core} c where exists (select 1 from ${t} s where ${keyMatch('s', 'c')})`,
    [loadId],
  );
  lap('write: rows replaced by key kept');
  const insert = (verb: string, where: string) =>
    tx.run(
      `${verb} into ${core} (${cols.join(', ')}, load_id, loaded_at) select ${cols.map((c) => 's.' + c).join(', ')}, $1, now() from ${t} s ${where}`,
      [loadId],
    );
  if (!result.replacedRows) {
    // A plain bulk insert: no conflict handling on the hot path of a first load.
    await insert('insert', '');
  } else {
    // Only the colliding keys (just copied to the history) take the replace path; the rest is a plain insert.
    const replaced = `select 1 from ${history} h where h.replaced_by_load = $1 and ${keyMatch('h', 's')}`;
    await insert('insert or replace', `where exists (${replaced})`);
    await insert('insert', `where not exists (${replaced})`);
  }
  lap('write: insert');
  result.flaggedRows = 0;
  if (feed.name === 'project_financials') {
    result.flaggedRows = await tx.run(
      `insert into ops.row_flags (load_id, feed, rule, key_values, row_number)
       select $1, $2, 'financial_stage_order', [${feed.key.map((k) => `cast(${sqlIdent(k)} as varchar)`).join(', ')}], __row
       from ${t} where ${financialBreachPredicate()}`,
      [loadId, feed.name],
    );
  }
  result.loadId = loadId;
  result.attemptId = loadId;
  result.status = 'loaded';
  await insertLoadRow(tx, loadId, result, options, startedAt);
}

/**
 * The ledger entry of these bytes, if a concurrent load committed it. DuckDB
 * refuses our ledger row (duplicate key, or a write conflict) as soon as the
 * other load has written its own, possibly before that load commits: on such
 * an error, wait a little for the other load to finish (commit → this load is
 * a duplicate; roll back → it failed and may be sent again).
 */
async function ledgerEntryAfter(
  wh: Session,
  result: LoadResult,
  err: unknown,
): Promise<number | undefined> {
  const lookup = () =>
    wh.scalar<number>(`select load_id from ops.file_ledger where checksum = $1`, [result.checksum]);
  const racing = /constraint|conflict/i.test(err instanceof Error ? err.message : String(err));
  const deadline = Date.now() + (racing ? 20_000 : 0);
  for (;;) {
    const found = await lookup();
    if (found != null || Date.now() >= deadline) return found ?? undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * After a write that did not commit: a concurrent load of the same bytes may
 * have committed first (then this one is a duplicate); otherwise it failed
 * and nothing was changed.
 */
async function explainWriteFailure(wh: Session, result: LoadResult, err: unknown): Promise<void> {
  result.loadId = null;
  result.attemptId = null;
  result.replacedRows = 0;
  result.flaggedRows = 0;
  const earlier =
    err instanceof AlreadyLoaded ? err.loadId : await ledgerEntryAfter(wh, result, err);
  if (earlier != null) {
    result.status = 'duplicate';
    result.loadId = earlier;
    return;
  }
  result.status = 'failed';
  // DuckDB messages may quote a key or value: keep the message, drop anything quoted.
  const reason = (err instanceof Error ? err.message : String(err))
    .split('\n')[0]
    .replace(/"[^"]*"|'[^']*'/g, '…')
    .slice(0, 200);
  result.errors.push({
    rule: 'write_failed',
    message: `the warehouse could not store the file (${reason}); nothing was changed — load it again`,
  });
}

async function insertLoadRow(
  db: Session,
  loadId: number,
  result: LoadResult,
  options: LoadOptions,
  startedAt: string,
) {
  const firstError = result.errors[0] ? describeIssue(result.errors[0]) : null;
  await db.run(
    `insert into ops.loads (load_id, file_name, checksum, feed, source, format, rows, status, started_at, finished_at, error, warnings, replaced_rows)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamp, now(), $10, $11, $12)`,
    [
      loadId,
      result.file,
      result.checksum,
      result.feed,
      options.source,
      result.format ?? null,
      result.rows,
      result.status,
      startedAt,
      firstError,
      result.warnings.length,
      result.replacedRows ?? 0,
    ],
  );
}

/** Records a load attempt that wrote no data (refused, duplicate, failed). */
async function recordAttempt(
  wh: Session,
  result: LoadResult,
  options: LoadOptions,
  startedAt: string,
) {
  const attemptId = (await wh.scalar<number>(`select nextval('ops.load_id_seq')`))!;
  result.attemptId = attemptId;
  if (result.status !== 'duplicate') result.loadId = attemptId;
  await insertLoadRow(wh, attemptId, result, options, startedAt);
}

export { DUCKDB_TYPES, getFeed };
export type { Issue };
