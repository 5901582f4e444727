// Load history: what each load brought, what it replaced, and how to undo it.
// A load that replaces rows by key copies the replaced rows to
// ops.replaced_<feed> in the same transaction (see loadFile); revertLoad()
// deletes the load's rows, puts those back, frees the ledger entry so the same
// file can be loaded again, and marks the load `reverted` — all in one
// transaction, so a failed revert changes nothing.
import type { Session } from '../warehouse/db.ts';
import { sqlIdent, sqlTable } from '../warehouse/sql.ts';
import type { FeedDefinition } from './feeds/feedDefinition.ts';
import { FEEDS, getFeed } from './feeds/index.ts';
import { withTableLocks } from './writeLock.ts';
import { recordMartChange } from '../warehouse/marts/changes.ts';

export interface LoadRecord {
  load_id: number;
  file_name: string;
  checksum: string;
  feed: string | null;
  source: string;
  format: string | null;
  rows: number;
  status: 'loaded' | 'refused' | 'duplicate' | 'failed' | 'reverted';
  started_at: string;
  finished_at: string | null;
  error: string | null;
  warnings: number;
  report_path: string | null;
  replaced_rows: number | null;
  reverted_at: string | null;
}

export interface LoadDetail extends LoadRecord {
  /** Rows of this load still in core.<feed> (0 once replaced or reverted). */
  rows_current: number;
  /** Rows this load replaced, held for a revert. */
  rows_replaced_held: number;
  /** Rows of this load that later loads replaced (revert those first). */
  replaced_by_later: number[];
  flags: { rule: string; count: number }[];
  in_ledger: boolean;
}

export class LoadHistoryError extends Error {
  constructor(
    readonly code: 'LOAD_NOT_FOUND' | 'REVERT_REFUSED',
    message: string,
  ) {
    super(message);
  }
}

export function historyTable(feed: FeedDefinition): string {
  return sqlTable(`ops.replaced_${feed.name}`);
}

/**
 * Makes ops.replaced_<feed> match core.<feed>: created when a feed has no
 * history table yet, given any column a later migration added to the core
 * table. Cheap (catalog queries) and safe inside the load transaction.
 */
export async function ensureHistoryTable(db: Session, feed: FeedDefinition): Promise<void> {
  const [schema, table] = feed.table.split('.');
  const name = `replaced_${feed.name}`;
  await db.run(
    `create table if not exists ${historyTable(feed)} as select *, null::BIGINT as replaced_by_load from ${sqlTable(feed.table)} limit 0`,
  );
  const missing = await db.rows<{ column_name: string; data_type: string }>(
    `select c.column_name, c.data_type from information_schema.columns c
     where c.table_schema = $1 and c.table_name = $2
       and c.column_name not in (select column_name from information_schema.columns where table_schema = 'ops' and table_name = $3)
     order by c.ordinal_position`,
    [schema, table, name],
  );
  for (const m of missing) {
    if (!/^[A-Z0-9_(), [\]]+$/i.test(m.data_type))
      throw new Error(`unexpected column type on ${feed.table}`);
    await db.run(
      `alter table ${historyTable(feed)} add column ${sqlIdent(m.column_name)} ${m.data_type}`,
    );
  }
}

/** Columns core.<feed> and its history share (the feed's columns, lineage, anything added later). */
export async function sharedColumns(db: Session, feed: FeedDefinition): Promise<string[]> {
  const [schema, table] = feed.table.split('.');
  const rows = await db.rows<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position`,
    [schema, table],
  );
  return rows.map((r) => r.column_name);
}

export async function listLoads(
  db: Session,
  options: { limit?: number; status?: string; feed?: string } = {},
): Promise<LoadRecord[]> {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: options.limit ?? 20 };
  if (options.status) {
    where.push('status = $status');
    params.status = options.status;
  }
  if (options.feed) {
    where.push('feed = $feed');
    params.feed = options.feed;
  }
  return db.rows<LoadRecord>(
    `select load_id, file_name, checksum, feed, source, format, rows, status, started_at, finished_at, error, warnings,
            report_path, replaced_rows, reverted_at
     from ops.loads ${where.length ? 'where ' + where.join(' and ') : ''} order by load_id desc limit $limit`,
    params,
  );
}

export async function showLoad(db: Session, loadId: number): Promise<LoadDetail> {
  const [load] = await db.rows<LoadRecord>(
    `select load_id, file_name, checksum, feed, source, format, rows, status, started_at, finished_at, error, warnings,
            report_path, replaced_rows, reverted_at
     from ops.loads where load_id = $1`,
    [loadId],
  );
  if (!load)
    throw new LoadHistoryError(
      'LOAD_NOT_FOUND',
      `no load with id ${loadId}; see 'osservatorio loads list'`,
    );
  const detail: LoadDetail = {
    ...load,
    rows_current: 0,
    rows_replaced_held: 0,
    replaced_by_later: [],
    flags: [],
    in_ledger: false,
  };
  detail.in_ledger = Boolean(
    await db.scalar<number>(`select count(*) from ops.file_ledger where load_id = $1`, [loadId]),
  );
  const feed = load.feed ? getFeed(load.feed) : undefined;
  if (feed && (load.status === 'loaded' || load.status === 'reverted')) {
    await ensureHistoryTable(db, feed);
    detail.rows_current =
      (await db.scalar<number>(`select count(*) from ${sqlTable(feed.table)} where load_id = $1`, [
        loadId,
      ])) ?? 0;
    detail.rows_replaced_held =
      (await db.scalar<number>(
        `select count(*) from ${historyTable(feed)} where replaced_by_load = $1`,
        [loadId],
      )) ?? 0;
    const later = await db.rows<{ id: number }>(
      `select distinct replaced_by_load as id from ${historyTable(feed)} where load_id = $1 order by 1`,
      [loadId],
    );
    detail.replaced_by_later = later.map((r) => r.id);
    detail.flags = await db.rows<{ rule: string; count: number }>(
      `select rule, count(*) as count from ops.row_flags where load_id = $1 group by rule order by rule`,
      [loadId],
    );
  }
  return detail;
}

export interface RevertResult {
  loadId: number;
  feed: string;
  deletedRows: number;
  restoredRows: number;
}

/**
 * Rows of other feeds (or of this one) that point at keys this revert would
 * remove — keys the load brought and no restored row brings back — would be
 * left dangling: refuse, naming the feed, unless forced.
 */
async function refuseIfReferenced(
  db: Session,
  feed: FeedDefinition,
  loadId: number,
): Promise<void> {
  for (const other of FEEDS) {
    for (const ref of other.references ?? []) {
      if (ref.feed !== feed.name) continue;
      const target = sqlIdent(ref.targetColumn ?? feed.key[0]);
      const col = sqlIdent(ref.column);
      const n = await db.scalar<number>(
        `select count(*) from ${sqlTable(other.table)} o
         where o.${col} in (select ${target} from ${sqlTable(feed.table)} where load_id = $1)
           and o.${col} not in (select ${target} from ${historyTable(feed)} where replaced_by_load = $1)
           ${other.name === feed.name ? 'and o.load_id <> $1' : ''}`,
        [loadId],
      );
      if (n) {
        throw new LoadHistoryError(
          'REVERT_REFUSED',
          `${n} ${other.name} rows refer (${ref.column}) to ${feed.name} rows that load ${loadId} brought; revert or correct those loads first, or revert with --force to leave them dangling`,
        );
      }
    }
  }
}

/** Restores the state before load `loadId` (see the module comment). */
export async function revertLoad(
  db: Session,
  loadId: number,
  options: { force?: boolean } = {},
): Promise<RevertResult> {
  // Serialised with loads of the same feed (ingest/writeLock.ts); the load is read again inside.
  const feedName = await db.scalar<string>(`select feed from ops.loads where load_id = $1`, [
    loadId,
  ]);
  const table = feedName ? getFeed(feedName)?.table : undefined;
  return withTableLocks(table ? [table] : [], () =>
    db.transaction(async (tx) => {
      const load = await tx.one<{ status: string; feed: string | null }>(
        `select status, feed from ops.loads where load_id = $1`,
        [loadId],
      );
      if (!load)
        throw new LoadHistoryError(
          'LOAD_NOT_FOUND',
          `no load with id ${loadId}; see 'osservatorio loads list'`,
        );
      if (load.status !== 'loaded') {
        throw new LoadHistoryError(
          'REVERT_REFUSED',
          `load ${loadId} is '${load.status}': only a loaded load can be reverted`,
        );
      }
      const feed = load.feed ? getFeed(load.feed) : undefined;
      if (!feed)
        throw new LoadHistoryError(
          'REVERT_REFUSED',
          `load ${loadId} has no known feed ('${load.feed}')`,
        );
      await ensureHistoryTable(tx, feed);
      const later = await tx.rows<{ id: number }>(
        `select distinct replaced_by_load as id from ${historyTable(feed)} where load_id = $1 order by 1`,
        [loadId],
      );
      if (later.length) {
        throw new LoadHistoryError(
          'REVERT_REFUSED',
          `rows of load ${loadId} were since replaced by load ${later.map((l) => l.id).join(', ')}; revert ${later.length > 1 ? 'those' : 'that'} first (newest first)`,
        );
      }
      if (!options.force) await refuseIfReferenced(tx, feed, loadId);
      // Before the rows go: they, and the rows put back, are what the marts must recompute.
      await recordMartChange(tx, { loadId, action: 'revert', coreTable: feed.table, historyTable: `ops.replaced_${feed.name}` });
      const cols = (await sharedColumns(tx, feed)).map(sqlIdent).join(', ');
      const deletedRows = await tx.run(`delete from ${sqlTable(feed.table)} where load_id = $1`, [
        loadId,
      ]);
      const restoredRows = await tx.run(
        `insert into ${sqlTable(feed.table)} (${cols}) select ${cols} from ${historyTable(feed)} where replaced_by_load = $1`,
        [loadId],
      );
      await tx.run(`delete from ${historyTable(feed)} where replaced_by_load = $1`, [loadId]);
      await tx.run(`delete from ops.row_flags where load_id = $1`, [loadId]);
      await tx.run(`delete from ops.file_ledger where load_id = $1`, [loadId]);
      await tx.run(
        `update ops.loads set status = 'reverted', reverted_at = now() where load_id = $1`,
        [loadId],
      );
      return { loadId, feed: feed.name, deletedRows, restoredRows };
    }),
  );
}
