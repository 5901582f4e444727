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

/** Reads the per-person table's columns: person_id, the groups, then the measures from plan.members on. */
async function shapeOf(tx: Session, name: MartName, plan: PeoplePlan): Promise<Shape> {
  const columns = await columnsOf(tx, PEOPLE_SCHEMA, name);
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

/** Full rebuild: every person's rows, then the mart as their sum. */
export async function rebuildPeopleMart(tx: Session, name: MartName, plan: PeoplePlan): Promise<void> {
  await tx.run(`create schema if not exists ${PEOPLE_SCHEMA}`);
  await tx.run(`create or replace table ${state(name)} as ${martSql(name)}`);
  const shape = await shapeOf(tx, name, plan);
  await tx.run(`create or replace table ${mart(name)} as ${summed(shape, state(name))}`);
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
    // row ids, so the changed ones are deleted without another scan.
    await tx.run(
      `create or replace temp table people_old as
       select rowid as row_id, * from ${state(name)} where person_id in (select value from temp.people_touched)`,
    );
    const all = ['person_id', ...shape.groups, ...shape.measures].map(sqlIdent).join(', ');
    const fingerprint = (from: string) => `(select person_id, count(*) as n, sum(hash(${all})) as s from ${from} group by person_id)`;
    await tx.run(
      `create or replace temp table people_changed as
       select person_id from ${fingerprint('temp.people_old')} o full join ${fingerprint('temp.people_fresh')} f using (person_id)
       where o.n is distinct from f.n or o.s is distinct from f.s`,
    );
    const ofChanged = (from: string) => `select * from ${from} where person_id in (select person_id from temp.people_changed)`;
    await tx.run(`create or replace temp table people_gone as ${ofChanged('temp.people_old')}`);
    await tx.run(`create or replace temp table people_added as ${ofChanged('temp.people_fresh')}`);
    // What the touched people add to each group now, less what they added
    // before: the rows added in, the rows gone out, summed once.
    const added = `(select ${[...shape.groups, ...shape.measures].map(sqlIdent).join(', ')} from temp.people_added)`;
    const delta = deltaTable(name);
    await tx.run(
      `create or replace temp table ${deltaName(name)} as
       select * from (${summed(shape, `(${negated(shape, 'temp.people_gone')} union all ${added})`)}) d
       where ${shape.measures.map((m) => `d.${sqlIdent(m)} <> 0`).join(' or ')}`,
    );
    await tx.run(`delete from ${state(name)} where rowid in (select row_id from temp.people_gone)`);
    await tx.run(`insert into ${state(name)} select * from temp.people_added`);
    await moveByDelta(tx, mart(name), shape, plan.members, delta);
    for (const t of ['people_fresh', 'people_old', 'people_changed', 'people_gone', 'people_added'])
      await tx.run(`drop table if exists temp.${sqlIdent(t)}`);
    if (!options.keepDelta) await tx.run(`drop table if exists ${delta}`);
  }
  await tx.run(`drop table if exists temp.people_touched`);
  return people;
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
