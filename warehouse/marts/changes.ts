// What a load (or the revert of one) changed, in the terms the incremental
// refresh slices the marts by. Recorded in the load's own transaction, so a
// committed load is never missing from the next refresh, and a rolled-back one
// leaves nothing behind. The rows a load touched are the rows it brought
// (core.<table>, load_id = the load) and the rows it replaced
// (ops.replaced_<feed>, replaced_by_load = the load); both stay there until a
// revert deletes the first and puts back the second, so a load records only
// that it happened and the refresh reads its keys from those rows, while a
// revert records its keys (the same query) before it changes anything.
import type { Session } from '../db.ts';
import { sqlIdent, sqlString, sqlTable } from '../sql.ts';

export type ChangeAction = 'load' | 'revert';

/** A key kind a touched row yields, from one of its columns. */
interface TouchKey {
  kind: string;
  column: string;
  /** The value recorded: the column as text, or its month 'YYYY-MM'. */
  expr: string;
}

const month = (column: string): TouchKey => ({
  kind: `month:${column}`,
  column,
  expr: `strftime(${sqlIdent(column)}, '%Y-%m')`,
});
const key = (kind: string, column: string): TouchKey => ({ kind, column, expr: `cast(${sqlIdent(column)} as VARCHAR)` });

/**
 * Per core table, the keys the marts are sliced by. A table not listed here
 * is recorded as changed as a whole: every mart that reads it is rebuilt.
 */
export const TOUCH_KEYS: Readonly<Record<string, readonly TouchKey[]>> = {
  'core.job_seekers': [key('person', 'person_id'), month('registered_on'), month('deregistered_on')],
  'core.services': [key('person', 'person_id'), month('start_date'), month('end_date')],
  'core.placements': [
    key('person', 'person_id'),
    key('event', 'event_id'),
    key('cup', 'cup'),
    month('start_date'),
    month('end_date'),
  ],
  'core.events': [key('event', 'event_id'), month('date')],
  'core.vacancies': [key('vacancy', 'vacancy_id'), month('published_on'), month('closed_on')],
  'core.project_financials': [key('cup', 'cup')],
};

/**
 * Columns a load sets on every row it writes, whatever the row holds: which
 * load wrote it, when, and the pseudonymisation key it was coded with.
 */
const LINEAGE = new Set(['load_id', 'loaded_at', 'key_id']);

/**
 * Core tables whose rows the marts read without their lineage columns
 * (tests/scale/incremental.test.ts checks every mart and intermediate that
 * reads them): a row sent again as it was — a partner resending a month, an
 * extract whose window overlaps the last one — changes no mart, so it
 * touches nothing. core.project_financials is not one of them:
 * project_financial_history keeps the load of each snapshot.
 */
export const COMPARED_BY_CONTENT: ReadonlySet<string> = new Set([
  'core.job_seekers',
  'core.services',
  'core.placements',
  'core.events',
  'core.vacancies',
]);

export interface MartChange {
  loadId: number;
  action: ChangeAction;
  /** The core table the load wrote, e.g. 'core.placements'. */
  coreTable: string;
  /** The table holding the rows the load replaced, e.g. 'ops.replaced_placements'. */
  historyTable: string;
}

/**
 * Records a load or a revert for the next refresh; call it inside the write
 * transaction, before a revert deletes. A load's keys are read at the refresh
 * (touchedQuery), from its rows still in place; a revert's now, while the rows
 * it deletes still exist.
 */
export async function recordMartChange(tx: Session, change: MartChange): Promise<void> {
  const params = [change.loadId, change.action, change.coreTable];
  await tx.run(
    `insert into ops.mart_changes (load_id, action, core_table, history_table, recorded_at)
     values ($1, $2, $3, $4, now()::TIMESTAMP)`,
    [...params, change.action === 'load' ? change.historyTable : null],
  );
  if (change.action === 'load') return;
  const keys = TOUCH_KEYS[change.coreTable];
  if (!keys) return;
  const rows = touchedRows(change.coreTable, change.historyTable, '= $1', await contentColumns(tx, change.coreTable));
  await tx.run(
    `insert into ops.mart_touches (load_id, action, core_table, kind, value)
     select distinct $1, $2, $3, kind, value from (${keysOf(keys, rows)})`,
    params,
  );
}

/** The columns of a table compared by content: all but the lineage; undefined for the others. */
async function contentColumns(tx: Session, coreTable: string): Promise<string[] | undefined> {
  if (!COMPARED_BY_CONTENT.has(coreTable)) return undefined;
  const [schema, table] = coreTable.split('.');
  const rows = await tx.rows<{ name: string }>(
    `select column_name as name from information_schema.columns
     where table_schema = $1 and table_name = $2 order by ordinal_position`,
    [schema, table],
  );
  return rows.map((r) => r.name).filter((c) => !LINEAGE.has(c));
}

/**
 * The key columns of the rows a load (or the loads in `loads`) brought and
 * replaced. Compared by content (`content` given), only the rows that differ:
 * those brought that were not there before, and those replaced that are not
 * there now. Rows both brought and replaced by the loads were never in the
 * marts and are not in core: they count on neither side.
 */
function touchedRows(coreTable: string, historyTable: string, loads: string, content?: readonly string[]): string {
  const cols = [...new Set((TOUCH_KEYS[coreTable] ?? []).map((k) => sqlIdent(k.column)))].join(', ');
  if (!content)
    return `select ${cols} from ${sqlTable(coreTable)} where load_id ${loads}
          union all
          select ${cols} from ${sqlTable(historyTable)} where replaced_by_load ${loads}`;
  const c = content.map(sqlIdent).join(', ');
  const now = `select ${c} from ${sqlTable(coreTable)} where load_id ${loads}`;
  const before = `select ${c} from ${sqlTable(historyTable)} where replaced_by_load ${loads} and (load_id is null or not (load_id ${loads}))`;
  return `select ${cols} from ((${now} except all ${before}) union all (${before} except all ${now}))`;
}

/** (kind, value) of each key of the rows `rows` selects, nulls left out. */
function keysOf(keys: readonly TouchKey[], rows: string): string {
  const perKind = keys.map((k) => `select ${sqlString(k.kind)} as kind, ${k.expr} as value from touched_rows`).join(' union all ');
  return `with touched_rows as materialized (${rows})
          select kind, value from (${perKind}) where value is not null`;
}

/**
 * The keys every pending load and revert touched, as (kind, value,
 * core_table): the reverts' (and older loads') recorded in ops.mart_touches,
 * the loads' read from their rows now — the rows a load brought are in core
 * with its load_id, or, replaced since by a later pending load or deleted by
 * a pending revert, named by that one's keys; the rows it replaced are in its
 * history table with replaced_by_load = it, or put back by a pending revert.
 */
export async function touchedQuery(tx: Session): Promise<{ sql: string; params: number[] }> {
  const loads = await tx.rows<{ core_table: string; history_table: string; ids: number[] }>(
    `select core_table, history_table, list(distinct load_id order by load_id) as ids
     from ops.mart_changes where action = 'load' and history_table is not null
     group by all order by core_table`,
  );
  const parts = [`select kind, value, core_table from ops.mart_touches`];
  const params: number[] = [];
  for (const l of loads) {
    const keys = TOUCH_KEYS[l.core_table];
    if (!keys) continue;
    const content = await contentColumns(tx, l.core_table);
    // The load ids as a list of parameters, which DuckDB pushes down to the
    // scan of the core table (a subquery would not be).
    const ids = `in (${l.ids.map((id) => `$${params.push(Number(id))}`).join(', ')})`;
    parts.push(
      `select kind, value, ${sqlString(l.core_table)} as core_table from (${keysOf(keys, touchedRows(l.core_table, l.history_table, ids, content))})`,
    );
  }
  return { sql: `select distinct kind, value, core_table from (${parts.map((p) => `(${p})`).join(' union all ')})`, params };
}
