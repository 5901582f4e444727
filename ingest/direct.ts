// The direct path: a clean file's rows go from the reader straight into core
// inside the load transaction, checked on the way; the staged path
// (staged.ts) copies every row twice (file → temp table → core), which made
// a large load cost about two COPYs.
//
// The rows pass through the same columns as a staged file (stagedColumns)
// and every row-level contract rule, warning and the PII guard's first pass
// sit in one guard that raises a DuckDB error on the first row that fails
// any of them; set-level rules (empty file, malformed records, a key twice)
// are looked at after the insert. Any doubt — a guard error, any other error
// from DuckDB, a set-level rule — throws DirectDeclined, the transaction rolls
// back, and the file goes the staged way, which finds the same problem and
// reports it with rows and columns. So it only ever accepts what the staged
// path accepts, and reports come from one place.
import type { Session } from '../warehouse/db.ts';
import { sqlIdent, sqlTable } from '../warehouse/sql.ts';
import type { Lap, LoadOptions, Opened } from './loadTypes.ts';
import { piiRowPredicate } from './pii/scan.ts';
import { stagedColumns } from './staged.ts';
import { feedChecks, loadDate } from './validate.ts';
import { claimLedger, insertIntoCore, recordLoaded, replaceByKey } from './write.ts';

/** The file needs the staged path; thrown inside the transaction to roll the attempt back. */
export class DirectDeclined extends Error {
  constructor(readonly reason: string) {
    super(`direct load declined: ${reason}`);
  }
}

/**
 * Files the direct path may try: a known feed, a clean header, every column a
 * feed column, no reference to rows of the same file (a rule the guard, which
 * sees one row at a time, cannot check).
 */
export function canLoadDirect(opened: Opened, options: LoadOptions): boolean {
  const { feed } = opened;
  return (
    !options.dryRun &&
    opened.headerOk &&
    feed !== undefined &&
    !feed.references?.some((r) => r.feed === feed.name) &&
    opened.source.columns.every((c) => opened.mapping.get(c.header) !== undefined)
  );
}

/**
 * Writes an opened file straight into core, inside the caller's transaction
 * (which must hold the table's write lock), or throws DirectDeclined.
 */
export async function writeDirect(
  tx: Session,
  opened: Opened,
  options: LoadOptions,
  lap: Lap,
): Promise<void> {
  const { result, source, startedAt } = opened;
  const feed = opened.feed!;
  const core = sqlTable(feed.table);
  const { select, viewExtra, scanned } = stagedColumns(opened);
  // As in staged.ts: the first pass leaves out columns a rule matches against known codes.
  const failing = [
    ...feedChecks(feed, '', options.today ?? loadDate()).map((c) => c.where),
    piiRowPredicate(scanned.filter((c) => !c.checkedByRule)),
  ];
  const guard = `coalesce(${failing.map((w) => `(${w})`).join(' or ')}, false)`;
  const loadId = await claimLedger(tx, result, feed);
  try {
    result.rows = await insertIntoCore(
      tx,
      feed,
      loadId,
      `(select *${viewExtra.map((e) => ', ' + e).join('')} from (select ${select.join(', ')} from ${source.from})) s
       where case when ${guard} then error('declined by a rule')::BOOLEAN else true end`,
    );
  } catch (err) {
    // A rule, a NOT NULL column left empty, a reader error: the staged path says which, where.
    throw new DirectDeclined(err instanceof Error ? err.message.split('\n')[0] : 'insert failed');
  }
  lap('direct: read, check and insert');
  if (result.rows === 0) throw new DirectDeclined('no rows');
  if (source.rejectsTable) {
    const rejected = await tx.scalar<number>(
      `select count(*) from ${sqlIdent(source.rejectsTable)}`,
    );
    if (rejected) throw new DirectDeclined('malformed records');
  }
  const key = feed.key.map(sqlIdent);
  const keyExpr = key.length === 1 ? key[0] : `row(${key.join(', ')})`;
  const repeated = await tx.scalar<boolean>(
    `select count(*) > count(distinct ${keyExpr}) from ${core} where load_id = $1`,
    [loadId],
  );
  if (repeated) throw new DirectDeclined('a key appears twice');
  lap('direct: keys checked');
  result.replacedRows = await replaceByKey(
    tx,
    feed,
    loadId,
    `(select ${key.join(', ')} from ${core} where load_id = ${Number(loadId)})`,
  );
  result.flaggedRows = 0;
  result.writtenBy = 'direct';
  lap('direct: rows replaced by key kept');
  await recordLoaded(tx, loadId, result, options, startedAt);
}
