// What a load (or the revert of one) changed, in the terms the incremental
// refresh slices the marts by. Written in the load's own transaction, so a
// committed load is never missing from the next refresh, and a rolled-back one
// leaves nothing behind. The rows a load touched are the rows it brought
// (core.<table>, load_id = the load) and the rows it replaced
// (ops.replaced_<feed>, replaced_by_load = the load); a revert deletes the
// first and puts back the second, so the same query, run before the revert
// changes anything, names what the revert touches.
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

export interface MartChange {
  loadId: number;
  action: ChangeAction;
  /** The core table the load wrote, e.g. 'core.placements'. */
  coreTable: string;
  /** The table holding the rows the load replaced, e.g. 'ops.replaced_placements'. */
  historyTable: string;
}

/** Records a load or a revert for the next refresh; call it inside the write transaction, before a revert deletes. */
export async function recordMartChange(tx: Session, change: MartChange): Promise<void> {
  const params = [change.loadId, change.action, change.coreTable];
  await tx.run(
    `insert into ops.mart_changes (load_id, action, core_table, recorded_at) values ($1, $2, $3, now()::TIMESTAMP)`,
    params,
  );
  const keys = TOUCH_KEYS[change.coreTable];
  if (!keys) return;
  const cols = [...new Set(keys.map((k) => sqlIdent(k.column)))].join(', ');
  const perKind = keys
    .map((k) => `select ${sqlString(k.kind)} as kind, ${k.expr} as value from touched`)
    .join(' union all ');
  await tx.run(
    `insert into ops.mart_touches (load_id, action, core_table, kind, value)
     with touched as materialized (
       select ${cols} from ${sqlTable(change.coreTable)} where load_id = $1
       union all
       select ${cols} from ${sqlTable(change.historyTable)} where replaced_by_load = $1
     )
     select distinct $1, $2, $3, kind, value from (${perKind}) where value is not null`,
    params,
  );
}
