// Marts kept person by person. A cohort mart (a registration's later steps,
// an exit's outcomes k months on, a person's GOL take-up, a placement's
// retention) counts each person from that person's own rows alone, but a
// person's rows span years: sliced by month, one month's file reopens almost
// every month of history. So such a mart's SQL gives rows keyed by person
// (its first column is person_id; one row per person and group, or finer:
// placement_quality gives one per placement) kept as mart_people.<mart>, and
// the mart is that table summed over people. After a load only the people it
// touched are computed again, and those whose rows changed move: their old
// rows are taken out of the mart and their new ones put in. Counts add up
// exactly, so the mart equals a full rebuild (tests/scale/incremental.test.ts),
// and the work follows the people a file names, not the months their
// histories cover.
//
// A mart whose groups are almost one per row (placement_quality: 9.2 M
// groups of 10 M placements) is kept row by row instead (plan.kept 'rows'):
// the mart holds the SQL's rows under a row key, a random UUID that says
// nothing by itself, and mart_people.<mart> only (row_key, person_id). Summing would
// write the same wide rows a second time; the mart's figures are sums of its
// rows either way, and a person's rows are found through their row keys.
//
// mart_people holds pseudonymous person keys: it is not a mart (analysts'
// SQL, the KPI layer and the lake export read `mart` only) and read-only
// snapshots leave it out (warehouse/snapshots/publish.ts).
import type { Session } from '../db.ts';
import { sqlIdent, sqlTable } from '../sql.ts';
import { martSql, type MartName } from './models.ts';
import type { CoreTable, PeoplePlan } from './plans.ts';
import { readingInstead } from './reading.ts';

/** The schema of the per-person tables the cohort marts are summed from. */
export const PEOPLE_SCHEMA = 'mart_people';

const state = (name: MartName) => `${PEOPLE_SCHEMA}.${sqlIdent(name)}`;
const mart = (name: MartName) => `mart.${sqlIdent(name)}`;
/**
 * A new row key of a mart kept row by row: a random UUID, so that keys say
 * nothing of the rows' order (a number from a sequence would follow the
 * order of the core rows, which a file sorted by person makes adjacent for
 * one person's placements, and would mark the rows a refresh rewrote).
 */
const NEW_ROW_KEY = 'gen_random_uuid()';
const byRows = (plan: PeoplePlan) => plan.kept === 'rows';

interface Shape {
  /** The columns between person_id and the measures: what the mart is grouped by. */
  groups: string[];
  /** plan.members and every column after it: summed over people. */
  measures: string[];
}

/** A table's column names, in order. */
async function columnsOf(tx: Session, schema: string, table: string): Promise<string[]> {
  const rows = await tx.rows<{ name: string }>(
    `select column_name as name from information_schema.columns
     where table_schema = $1 and table_name = $2 order by ordinal_position`,
    [schema, table],
  );
  return rows.map((r) => r.name);
}

/**
 * The groups and measures of the rows the mart's SQL gives, after person_id:
 * read from the per-person table, or for a mart kept row by row from the
 * mart, whose first column is its row key.
 */
async function shapeOf(tx: Session, name: MartName, plan: PeoplePlan): Promise<Shape> {
  const columns = byRows(plan) ? ['person_id', ...(await columnsOf(tx, 'mart', name)).slice(1)] : await columnsOf(tx, PEOPLE_SCHEMA, name);
  return shapeIn(columns, name, plan);
}

/** Checks columns are person_id, the groups, then the measures from plan.members on. */
function shapeIn(columns: string[], name: MartName, plan: PeoplePlan): Shape {
  const first = columns.indexOf(plan.members);
  if (columns[0] !== 'person_id' || first < 2)
    throw new Error(
      `warehouse/marts/${name}.sql must select person_id first, then the group columns, then the measures from ${plan.members} on; it selects ${columns.join(', ')}`,
    );
  return { groups: columns.slice(1, first), measures: columns.slice(first) };
}

/** `select <groups>, sum(<measure>)::BIGINT … from <from> group by <groups>`: the people summed away. */
function summed(shape: Shape, from: string): string {
  const g = shape.groups.map(sqlIdent);
  const m = shape.measures.map((x) => `sum(${sqlIdent(x)})::BIGINT as ${sqlIdent(x)}`);
  return `select ${[...g, ...m].join(', ')} from ${from} group by ${g.join(', ')}`;
}

/** `select <groups>, -<measure> … from <from>`: rows taken out, to be summed with the rows put in. */
function negated(shape: Shape, from: string): string {
  const m = shape.measures.map((x) => `-${sqlIdent(x)}::BIGINT as ${sqlIdent(x)}`);
  return `select ${[...shape.groups.map(sqlIdent), ...m].join(', ')} from ${from}`;
}

/** Full rebuild: every person's rows, then the mart as their sum (or, kept row by row, the rows under their keys). */
export async function rebuildPeopleMart(tx: Session, name: MartName, plan: PeoplePlan): Promise<void> {
  await tx.run(`create schema if not exists ${PEOPLE_SCHEMA}`);
  if (!byRows(plan)) {
    await tx.run(`create or replace table ${state(name)} as ${martSql(name)}`);
    const shape = await shapeOf(tx, name, plan);
    await tx.run(`create or replace table ${mart(name)} as ${summed(shape, state(name))}`);
    return;
  }
  // The rows are written once, person_id with them; the person of each row
  // key is copied out and the column dropped before the transaction commits,
  // so no reader ever sees it in the mart. (row_number() would number the
  // rows in one thread: 86 s against 32 s at 10 M rows.)
  await tx.run(`create or replace table ${mart(name)} as select ${NEW_ROW_KEY} as row_key, * from (${martSql(name)})`);
  shapeIn((await columnsOf(tx, 'mart', name)).slice(1), name, plan);
  await tx.run(`create or replace table ${state(name)} as select row_key, person_id from ${mart(name)}`);
  await tx.run(`alter table ${mart(name)} drop column person_id`);
}

/** `sql` reading the temp copies of these core tables instead of the tables. */
function readingCopies(sql: string, tables: readonly CoreTable[]): string {
  for (const table of tables) sql = readingInstead(sql, table, personalCopy(table));
  return sql;
}

/** The mart's SQL reading, of each table holding people's own rows, only the rows of the people in temp.people_touched. */
function forTouchedPeople(name: MartName, plan: PeoplePlan): string {
  return readingCopies(martSql(name), plan.personal);
}

/** The temp table holding the touched people's rows of a core table. */
const copyName = (table: CoreTable) => `people_${table.split('.')[1]}`;
const personalCopy = (table: CoreTable) => `temp.${sqlIdent(copyName(table))}`;

/**
 * The touched people's own rows, copied once per refresh for every cohort
 * mart: each copy is a scan of a large core table (10 M placements, 13 M
 * services at national size), so the marts share one copy per table, of
 * the people any of them touched. A mart computes its people from it (a
 * person's rows are all there whichever set they came from) and keeps
 * only its own. `drop()` when the refresh is done.
 */
export class PeopleCopies {
  private readonly copied = new Set<CoreTable>();
  private everyone = false;

  constructor(private readonly plans: readonly PeoplePlan[]) {}

  /** Makes sure temp copies of these tables, for everyone touched, exist. */
  async ensure(tx: Session, tables: readonly CoreTable[]): Promise<void> {
    if (!this.everyone) {
      await tx.run(
        `create or replace temp table people_everyone as
         select distinct value from (${this.plans.map((p) => `(${p.people})`).join(' union ')}) s
         where value is not null`,
      );
      this.everyone = true;
    }
    for (const table of tables) {
      if (this.copied.has(table)) continue;
      await tx.run(
        `create or replace temp table ${sqlIdent(copyName(table))} as
         select * from ${sqlTable(table)} where person_id in (select value from temp.people_everyone)`,
      );
      this.copied.add(table);
    }
  }

  /** `sql` reading these tables' copies (made if missing): the rows of everyone touched only. */
  async reading(tx: Session, sql: string, tables: readonly CoreTable[]): Promise<string> {
    await this.ensure(tx, tables);
    return readingCopies(sql, tables);
  }

  async drop(tx: Session): Promise<void> {
    for (const t of [...this.copied].map(copyName)) await tx.run(`drop table if exists temp.${sqlIdent(t)}`);
    if (this.everyone) await tx.run(`drop table if exists temp.people_everyone`);
    this.copied.clear();
    this.everyone = false;
  }
}

/** The temp table of what a refresh changed in a cohort mart's groups, kept for the marts that sum it further (refreshRollup). */
const deltaName = (name: MartName) => sqlIdent(`delta_${name}`);
const deltaTable = (name: MartName) => `temp.${deltaName(name)}`;

/**
 * Computes again the people `plan.people` names (from the shared copies of
 * their rows) and moves the mart by the difference: groups whose counts
 * change are rewritten, a group left with no member is removed, every other
 * row stays as it is. Returns how many people were computed again. With
 * `keepDelta`, the difference stays in deltaTable(name) when any person was
 * computed (for refreshRollup; the caller drops it).
 */
export async function refreshPeople(
  tx: Session,
  name: MartName,
  plan: PeoplePlan,
  copies: PeopleCopies,
  options: { keepDelta?: boolean } = {},
): Promise<number> {
  await tx.run(
    `create or replace temp table people_touched as select distinct value from (${plan.people}) s where value is not null`,
  );
  const people = Number(await tx.scalar(`select count(*) from temp.people_touched`));
  if (people > 0) {
    const shape = await shapeOf(tx, name, plan);
    await copies.ensure(tx, plan.personal);
    // The copies may hold other marts' people too: keep this mart's own.
    await tx.run(
      `create or replace temp table people_fresh as
       select * from (${forTouchedPeople(name, plan)}) f where f.person_id in (select value from temp.people_touched)`,
    );
    // Of the touched people, only those whose rows changed move: a month's
    // file sent again, or naming people for a row another mart reads, leaves
    // most of them as they were. A person is unchanged when their rows, kept
    // and fresh, have the same count and the same sum of 64-bit row hashes
    // (a change that keeps both is about 2^-64 likely; the scheduled full
    // rebuild recomputes everything anyway). Their kept rows are read with
    // row ids (or row keys), so the changed ones are deleted without another scan.
    await tx.run(`create or replace temp table people_old as ${keptRowsOfTouched(name, plan)}`);
    const all = ['person_id', ...shape.groups, ...shape.measures].map(sqlIdent).join(', ');
    const fingerprint = (from: string) => `(select person_id, count(*) as n, sum(hash(${all})) as s from ${from} group by person_id)`;
    await tx.run(
      `create or replace temp table people_changed as
       select person_id from ${fingerprint('temp.people_old')} o full join ${fingerprint('temp.people_fresh')} f using (person_id)
       where o.n is distinct from f.n or o.s is distinct from f.s`,
    );
    const ofChanged = (from: string) => `select * from ${from} where person_id in (select person_id from temp.people_changed)`;
    // Kept row by row, the mart itself is what moves, so of a changed
    // person only the rows that differ go out and come in: their other rows
    // (another month's placement, as it was) stay the very rows they were.
    const [goneRows, addedRows] = byRows(plan)
      ? [rowsOnlyIn('temp.people_old', 'temp.people_fresh', shape), rowsOnlyIn('temp.people_fresh', 'temp.people_old', shape)]
      : [ofChanged('temp.people_old'), ofChanged('temp.people_fresh')];
    await tx.run(`create or replace temp table people_gone as ${goneRows}`);
    await tx.run(`create or replace temp table people_added as ${addedRows}`);
    // What the touched people add to each group now, less what they added
    // before: the rows added in, the rows gone out, summed once.
    const added = `(select ${[...shape.groups, ...shape.measures].map(sqlIdent).join(', ')} from temp.people_added)`;
    const delta = deltaTable(name);
    await tx.run(
      `create or replace temp table ${deltaName(name)} as
       select * from (${summed(shape, `(${negated(shape, 'temp.people_gone')} union all ${added})`)}) d
       where ${shape.measures.map((m) => `d.${sqlIdent(m)} <> 0`).join(' or ')}`,
    );
    if (byRows(plan)) await replaceRows(tx, name, shape);
    else {
      await tx.run(`delete from ${state(name)} where rowid in (select row_id from temp.people_gone)`);
      await tx.run(`insert into ${state(name)} select * from temp.people_added`);
      await moveByDelta(tx, mart(name), shape, plan.members, delta);
    }
    for (const t of ['people_fresh', 'people_old', 'people_changed', 'people_gone', 'people_added'])
      await tx.run(`drop table if exists temp.${sqlIdent(t)}`);
    if (!options.keepDelta) await tx.run(`drop table if exists ${delta}`);
  }
  await tx.run(`drop table if exists temp.people_touched`);
  return people;
}

/**
 * The touched people's kept rows, person_id then the groups and measures,
 * under `row_id` (their rowid in the per-person table) or, for a mart kept
 * row by row, `row_key`.
 */
function keptRowsOfTouched(name: MartName, plan: PeoplePlan): string {
  const touched = 'person_id in (select value from temp.people_touched)';
  if (!byRows(plan)) return `select rowid as row_id, * from ${state(name)} where ${touched}`;
  return `select k.row_key, k.person_id, m.* exclude (row_key)
          from ${mart(name)} m join (select row_key, person_id from ${state(name)} where ${touched}) k on k.row_key = m.row_key`;
}

/**
 * The changed people's rows in `a` that `b` does not have, as a multiset: a
 * row `a` has twice and `b` once is in once. The rows keep `a`'s other
 * columns (a row key). Rows are matched by person and a 64-bit hash of their
 * content, not column by column: numbering and joining on two columns instead
 * of some thirty takes a fraction of the time (a month with every row
 * corrected names half a million placements). Two different rows of one person
 * with the same hash would be taken for the same row: about 2^-64 likely,
 * the bet the change test above already makes, and the scheduled full
 * rebuild recomputes everything anyway.
 */
function rowsOnlyIn(a: string, b: string, shape: Shape): string {
  const content = ['person_id', ...shape.groups, ...shape.measures].map(sqlIdent).join(', ');
  const numbered = (from: string, columns: string) =>
    `(select ${columns}, row_number() over (partition by person_id, row_hash) as copy_no
      from (select *, hash(${content}) as row_hash from ${from} where person_id in (select person_id from temp.people_changed)))`;
  return `select x.* exclude (row_hash, copy_no) from ${numbered(a, '*')} x
          anti join ${numbered(b, 'person_id, row_hash')} y
          on x.person_id = y.person_id and x.row_hash = y.row_hash and x.copy_no = y.copy_no`;
}

/** A mart kept row by row: the rows gone out (by row key), the rows added in under new keys. */
async function replaceRows(tx: Session, name: MartName, shape: Shape): Promise<void> {
  await tx.run(`delete from ${mart(name)} where row_key in (select row_key from temp.people_gone)`);
  await tx.run(`delete from ${state(name)} where row_key in (select row_key from temp.people_gone)`);
  await tx.run(`create or replace temp table people_keyed as select ${NEW_ROW_KEY} as row_key, * from temp.people_added`);
  const columns = ['row_key', ...shape.groups, ...shape.measures].map(sqlIdent).join(', ');
  await tx.run(`insert into ${mart(name)} select ${columns} from temp.people_keyed`);
  await tx.run(`insert into ${state(name)} select row_key, person_id from temp.people_keyed`);
  await tx.run(`drop table if exists temp.people_keyed`);
}

/**
 * Adds a difference (rows of groups and measures, in the table's column
 * order) to a summed table: the groups it names are rewritten with their new
 * sums, a group left with no member is removed, every other row stays.
 */
async function moveByDelta(tx: Session, table: string, shape: Shape, members: string, delta: string): Promise<void> {
  // Group keys may be null (a person with no office comune): matched as equal, as the group by does.
  const same = shape.groups.map((g) => `m.${sqlIdent(g)} is not distinct from d.${sqlIdent(g)}`).join(' and ');
  await tx.run(
    `create or replace temp table people_merged as
     select * from (${summed(shape, `(select m.* from ${table} m semi join ${delta} d on ${same} union all select * from ${delta})`)}) x
     where x.${sqlIdent(members)} > 0`,
  );
  await tx.run(`delete from ${table} m using ${delta} d where ${same}`);
  await tx.run(`insert into ${table} select * from temp.people_merged`);
  await tx.run(`drop table if exists temp.people_merged`);
}

/**
 * A rollup of a cohort mart (plans.ts, refresh 'rollup'): its groups are some
 * of the cohort mart's, its measures some of its sums. After refreshPeople
 * kept the cohort mart's difference, the rollup moves by the same difference
 * summed to its own groups, so it equals its SQL run again without reading
 * the cohort mart. Checks the rollup's shape first: every group column one of
 * the cohort mart's groups, every column from `members` on one of its measures.
 */
export async function refreshRollup(tx: Session, name: MartName, of: MartName, ofPlan: PeoplePlan): Promise<void> {
  const base = await shapeOf(tx, of, ofPlan);
  const columns = await columnsOf(tx, 'mart', name);
  const first = columns.indexOf(ofPlan.members);
  const shape: Shape = { groups: columns.slice(0, Math.max(first, 0)), measures: columns.slice(Math.max(first, 0)) };
  const strays = [...shape.groups.filter((g) => !base.groups.includes(g)), ...shape.measures.filter((m) => !base.measures.includes(m))];
  if (first < 1 || strays.length)
    throw new Error(
      `warehouse/marts/${name}.sql sums mart.${of}: it must select some of its group columns, then ${ofPlan.members} and other sums of its measures under the same names; ` +
        (first < 1 ? `it selects ${columns.join(', ')}` : `${strays.join(', ')} ${strays.length === 1 ? 'is' : 'are'} not one of mart.${of}'s columns of that kind`),
    );
  await tx.run(
    `create or replace temp table rollup_delta as
     select * from (${summed(shape, deltaTable(of))}) d where ${shape.measures.map((m) => `d.${sqlIdent(m)} <> 0`).join(' or ')}`,
  );
  await moveByDelta(tx, mart(name), shape, ofPlan.members, 'temp.rollup_delta');
  await tx.run(`drop table if exists temp.rollup_delta`);
}

/** Drops a difference refreshPeople kept. */
export async function dropDelta(tx: Session, name: MartName): Promise<void> {
  await tx.run(`drop table if exists ${deltaTable(name)}`);
}
