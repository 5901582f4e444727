// The steps every write of a file shares, whichever way its rows reach core
// (staged.ts through a checked temp table, direct.ts straight into core):
// claim the checksum in the ledger, keep the rows a file replaces by key,
// record the load in ops.loads; and, when a write did not commit, tell a
// duplicate (the same bytes committed meanwhile) from a failure.
import type { Session } from '../warehouse/db.ts';
import { sqlIdent, sqlTable } from '../warehouse/sql.ts';
import type { FeedDefinition } from './feeds/feedDefinition.ts';
import { ensureHistoryTable, historyTable, sharedColumns } from './history.ts';
import { getFeed } from './feeds/index.ts';
import { recordMartChange } from '../warehouse/marts/changes.ts';
import { isOutOfSpace, outOfSpaceIssue } from './diskSpace.ts';
import { describeIssue } from './issues.ts';
import type { LoadOptions, LoadResult } from './loadTypes.ts';
import { withTableLocks } from './writeLock.ts';

/**
 * Runs the write of one feed's file: its history table made first (outside
 * the transaction: DDL inside would make concurrent loads of a feed
 * conflict), then `write` in a transaction holding the table's write lock.
 */
export async function writeFeedTransaction(
  wh: Session,
  feed: FeedDefinition,
  write: (tx: Session) => Promise<void>,
): Promise<void> {
  await ensureHistoryTable(wh, feed);
  await withTableLocks([feed.table], () => wh.transaction(write));
}

/**
 * Appends rows to core under this load: `rows` is a relation aliased `s` (and
 * anything after it, e.g. a WHERE) giving the feed's columns by name.
 */
export function insertIntoCore(
  tx: Session,
  feed: FeedDefinition,
  loadId: number,
  rows: string,
): Promise<number> {
  const cols = feed.columns.map((c) => sqlIdent(c.name));
  return tx.run(
    `insert into ${sqlTable(feed.table)} (${cols.join(', ')}, load_id, loaded_at)
     select ${cols.map((c) => 's.' + c).join(', ')}, $1, now() from ${rows}`,
    [loadId],
  );
}

/** Thrown inside the write transaction: these bytes were committed by another load meanwhile. */
export class AlreadyLoaded extends Error {
  constructor(readonly loadId: number) {
    super('already loaded');
  }
}

/**
 * A new load id with the ledger entry of the file's checksum. The ledger row
 * makes a concurrent load of the same bytes fail on its key: exactly once.
 */
export async function claimLedger(
  tx: Session,
  result: LoadResult,
  feed: FeedDefinition,
): Promise<number> {
  const earlier = await tx.scalar<number>(
    `select load_id from ops.file_ledger where checksum = $1`,
    [result.checksum],
  );
  if (earlier != null) throw new AlreadyLoaded(earlier);
  const loadId = (await tx.scalar<number>(`select nextval('ops.load_id_seq')`))!;
  await tx.run(
    `insert into ops.file_ledger (checksum, load_id, feed, loaded_at) values ($1, $2, $3, now())`,
    [result.checksum, loadId, feed.name],
  );
  return loadId;
}

/**
 * Rows of earlier loads whose key is in `incoming` (a relation with the key
 * columns) move to ops.replaced_<feed>, tagged with this load, where `loads
 * revert` finds them; then they leave core. Core has no key index (migration
 * 050): this, under the table's write lock, is what keeps keys unique.
 * Nothing to do on a first load.
 *
 * The replaced rows are found once, by row id, with a scan of the key and
 * load columns only; copying and deleting them by row id then reads no other
 * row. Matching by key in the copy itself scanned every column of the core
 * table: a month of 160 k placements sent again over 10 M took 18 s to copy
 * and 2 s to delete, against 4 s and 0.1 s by row id. Row ids are stable
 * within the transaction.
 */
export async function replaceByKey(
  tx: Session,
  feed: FeedDefinition,
  loadId: number,
  incoming: string,
): Promise<number> {
  const core = sqlTable(feed.table);
  const all = (await sharedColumns(tx, feed)).map(sqlIdent);
  const match = `c.load_id <> $1 and exists (select 1 from ${incoming} s where ${feed.key
    .map((k) => `s.${sqlIdent(k)} = c.${sqlIdent(k)}`)
    .join(' and ')})`;
  await tx.run(`create or replace temp table replaced_rowids as select c.rowid as rid from ${core} c where ${match}`, [loadId]);
  const replaced = `c.rowid in (select rid from temp.replaced_rowids)`;
  const kept = await tx.run(
    `insert into ${historyTable(feed)} (${all.join(', ')}, replaced_by_load)
     select ${all.map((c) => 'c.' + c).join(', ')}, $1 from ${core} c where ${replaced}`,
    [loadId],
  );
  if (kept) await tx.run(`delete from ${core} c where ${replaced}`);
  await tx.run(`drop table temp.replaced_rowids`);
  return kept;
}

/** Marks the result loaded and writes its ops.loads row, in the write transaction. */
export async function recordLoaded(
  tx: Session,
  loadId: number,
  result: LoadResult,
  options: LoadOptions,
  startedAt: string,
): Promise<void> {
  result.loadId = loadId;
  result.attemptId = loadId;
  result.status = 'loaded';
  await insertLoadRow(tx, loadId, result, options, startedAt);
  // What the next marts refresh must recompute: recorded with the rows, in their transaction.
  const feed = result.feed ? getFeed(result.feed) : undefined;
  if (feed)
    await recordMartChange(tx, { loadId, action: 'load', coreTable: feed.table, historyTable: `ops.replaced_${feed.name}` });
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
export async function explainWriteFailure(
  wh: Session,
  result: LoadResult,
  err: unknown,
): Promise<void> {
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
  if (isOutOfSpace(err)) {
    result.errors.push(outOfSpaceIssue());
    return;
  }
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
export async function recordAttempt(
  wh: Session,
  result: LoadResult,
  options: LoadOptions,
  startedAt: string,
): Promise<void> {
  const attemptId = (await wh.scalar<number>(`select nextval('ops.load_id_seq')`))!;
  result.attemptId = attemptId;
  if (result.status !== 'duplicate') result.loadId = attemptId;
  await insertLoadRow(wh, attemptId, result, options, startedAt);
}
