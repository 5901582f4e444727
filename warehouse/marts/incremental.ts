// refreshMartsIncrementally: after loads (and reverts), refreshes only what
// their rows touched — per mart, kept, rebuilt whole or refreshed by slices as
// warehouse/marts/plans.ts declares; a cohort mart person by person,
// warehouse/marts/people.ts — in ONE transaction, like the full
// rebuild (warehouse/marts/refresh.ts), whose pieces it reuses, so readers
// see either the previous marts or all of the new ones. The answer equals a
// full rebuild's (tests/scale/incremental.test.ts compares them on every mart
// after random loads and reverts). It falls back to the full rebuild, and
// says why, whenever slices cannot be trusted: marts never built (or a mart
// missing), an as-of date other than the previous refresh's, or changed mart
// definitions or reference data (warehouse/marts/fingerprint.ts).
import { Warehouse, type Session } from '../db.ts';
import { sqlIdent, sqlTable } from '../sql.ts';
import type { MartRefresh } from '../kpi/types.ts';
import { MART_PLANS, type PeoplePlan, type SlicePlan } from './plans.ts';
import { PEOPLE_SCHEMA, PeopleCopies, dropDelta, refreshPeople, refreshRollup } from './people.ts';
import { TOUCH_KEYS, touchedQuery } from './changes.ts';
import { readingInstead } from './reading.ts';
import {
  MARTS,
  beginVersion,
  buildIntermediates,
  dropIntermediates,
  finishRefresh,
  martInputs,
  martRows,
  martSql,
  onOwnSession,
  rebuildMart,
  resolveAsOf,
  type MartName,
  type MartTableRefresh,
  type RefreshOptions,
} from './refresh.ts';

export interface IncrementalRefresh extends MartRefresh {
  /** incremental: marts kept, rebuilt or sliced per plan; full: everything rebuilt, see `reason`. */
  mode: 'incremental' | 'full';
  /** Why this refresh rebuilt every mart instead. */
  reason?: string;
  tables: MartTableRefresh[];
}

export interface IncrementalOptions extends RefreshOptions {
  /**
   * Up to this many slice values of a mart go in as parameters of an IN list
   * (which DuckDB pushes down to the rows' scan); more go in as a temp table.
   * Default 2000.
   */
  listedSlices?: number;
}

export function refreshMartsIncrementally(db: Session | Warehouse, options: IncrementalOptions = {}): Promise<IncrementalRefresh> {
  return onOwnSession('refreshMartsIncrementally', db, options, refreshOn);
}

async function refreshOn(db: Session, options: IncrementalOptions): Promise<IncrementalRefresh> {
  const listedSlices = options.listedSlices ?? 2000;
  if (!Number.isInteger(listedSlices) || listedSlices < 0)
    throw new Error(`refreshMartsIncrementally: listedSlices must be a whole number ≥ 0, got ${listedSlices}`);
  const t0 = Date.now();
  const result = await db.transaction(async (tx): Promise<IncrementalRefresh> => {
    const asOf = await resolveAsOf(tx, options.asOf);
    const reason = await whyNotIncremental(tx, asOf);
    if (reason) {
      const version = await beginVersion(tx, asOf);
      await buildIntermediates(tx);
      const tables: MartTableRefresh[] = [];
      for (const name of MARTS) tables.push(await rebuildMart(tx, name));
      await dropIntermediates(tx);
      return { ...(await finishRefresh(tx, { version, asOf, t0, tables })), mode: 'full', reason };
    }
    const touched = await touchedQuery(tx);
    await tx.run(`create or replace temp table touched as ${touched.sql}`, touched.params);
    // A table sliced by keys changed where its loads and reverts touched a
    // key; rows sent again as they were touch none (changes.ts). A table
    // without keys changed as a whole.
    const tablesIn = async (sql: string) => (await tx.rows<{ core_table: string }>(sql)).map((r) => r.core_table);
    const changed = new Set([
      ...(await tablesIn(`select distinct core_table from ops.mart_changes`)).filter((t) => !TOUCH_KEYS[t]),
      ...(await tablesIn(`select distinct core_table from temp.touched`)),
    ]);
    const concerned = (name: MartName) => MART_PLANS[name].reads.some((t) => changed.has(t));
    const version = await beginVersion(tx, asOf);
    const building = MARTS.some(concerned);
    const copies = new PeopleCopies(
      MARTS.map((name) => MART_PLANS[name]).filter((p): p is PeoplePlan => p.refresh === 'people'),
    );
    // When every mart that reads people's attributes computes the touched
    // people alone, their attributes are all it needs.
    const byPersonOnly = MARTS.filter(concerned)
      .filter((name) => /\bint_person\b/.test(martSql(name)))
      .every((name) => {
        const plan = MART_PLANS[name];
        return plan.refresh === 'people' && !plan.wholeWhen.some((t) => changed.has(t));
      });
    if (building) await buildIntermediates(tx, byPersonOnly ? { people: copies } : {});
    const whole = new Set<MartName>();
    // Cohort marts others sum further keep their difference for them (refreshRollup).
    const summedFurther = new Set(MARTS.map((name) => MART_PLANS[name]).flatMap((p) => (p.refresh === 'rollup' ? [p.of] : [])));
    const moved = new Set<MartName>();
    const tables: MartTableRefresh[] = [];
    for (const name of MARTS) {
      const plan = MART_PLANS[name];
      if (!concerned(name)) {
        tables.push({ name: `mart.${name}`, rows: await martRows(tx, name), refreshed: 'kept' });
      } else if (
        plan.refresh === 'whole' ||
        plan.wholeWhen.some((t) => changed.has(t)) ||
        (plan.refresh === 'slices' && plan.after !== undefined && whole.has(plan.after)) ||
        (plan.refresh === 'rollup' && whole.has(plan.of))
      ) {
        tables.push(await rebuildMart(tx, name));
        whole.add(name);
      } else if (plan.refresh === 'people') {
        const t1 = Date.now();
        const people = await refreshPeople(tx, name, plan, copies, { keepDelta: summedFurther.has(name) });
        if (people > 0 && summedFurther.has(name)) moved.add(name);
        tables.push({ name: `mart.${name}`, rows: await martRows(tx, name), refreshed: 'people', people, ms: Date.now() - t1 });
      } else if (plan.refresh === 'rollup') {
        const t1 = Date.now();
        const of = MART_PLANS[plan.of];
        if (of.refresh !== 'people') throw new Error(`mart ${name} is declared a rollup of ${plan.of}, which is not kept person by person`);
        if (moved.has(plan.of)) await refreshRollup(tx, name, plan.of, of);
        tables.push({ name: `mart.${name}`, rows: await martRows(tx, name), refreshed: 'rollup', ms: Date.now() - t1 });
      } else {
        tables.push(await refreshSlices(tx, name, plan, listedSlices));
      }
    }
    for (const name of moved) await dropDelta(tx, name);
    await copies.drop(tx);
    if (building) await dropIntermediates(tx);
    await tx.run(`drop table if exists temp.touched`);
    return { ...(await finishRefresh(tx, { version, asOf, t0, tables })), mode: 'incremental' };
  });
  return { ...result, ms: Date.now() - t0 };
}

/** Undefined when slices can be trusted; else the reason the marts are rebuilt whole. */
async function whyNotIncremental(tx: Session, asOf: string): Promise<string | undefined> {
  const present = Number(
    await tx.scalar(
      `select count(*) from information_schema.tables where table_schema = 'mart' and table_name in (${[
        'refresh_info',
        ...MARTS,
      ]
        .map((_, i) => `$${i + 1}`)
        .join(', ')})`,
      ['refresh_info', ...MARTS],
    ),
  );
  if (present < MARTS.length + 1) return 'the marts were never built in full (or a mart is missing)';
  const byPerson = MARTS.filter((name) => MART_PLANS[name].refresh === 'people');
  const kept = Number(
    await tx.scalar(
      `select count(*) from information_schema.tables where table_schema = $1 and table_name in (${byPerson.map((_, i) => `$${i + 2}`).join(', ')})`,
      [PEOPLE_SCHEMA, ...byPerson],
    ),
  );
  if (kept < byPerson.length) return `the per-person rows of the cohort marts (${PEOPLE_SCHEMA}) were never built`;
  const previous = await tx.one<{ as_of: string; inputs: string | null }>(
    `select as_of::VARCHAR as as_of, ${(await hasInputsColumn(tx)) ? 'inputs' : 'null as inputs'} from mart.refresh_info`,
  );
  if (previous?.as_of !== asOf)
    return `the as-of date moves from ${previous?.as_of} to ${asOf}: every right-censored figure depends on it`;
  if (previous.inputs !== (await martInputs(tx)))
    return 'the mart definitions or the reference data (ref.*) changed since the last refresh: rows of every slice may change';
  return undefined;
}

/** Marts built before the fingerprint was recorded have no `inputs` column: they are rebuilt whole. */
async function hasInputsColumn(tx: Session): Promise<boolean> {
  const n = await tx.scalar(
    `select count(*) from information_schema.columns where table_schema = 'mart' and table_name = 'refresh_info' and column_name = 'inputs'`,
  );
  return Number(n) > 0;
}

/** Deletes the rows of the touched slices and computes them again with the mart's own SQL. */
async function refreshSlices(tx: Session, name: MartName, plan: SlicePlan, listedSlices: number): Promise<MartTableRefresh> {
  const t0 = Date.now();
  const table = `mart.${sqlIdent(name)}`;
  const column = sqlIdent(plan.column);
  // The touched keys are read once: a temp table, and its values.
  await tx.run(`create or replace temp table mart_slices as select distinct value from (${plan.slices}) s where value is not null`);
  const values = (await tx.rows<{ value: string }>(`select value from temp.mart_slices`)).map((r) => r.value);
  if (values.length) {
    // A short list goes in as parameters, which DuckDB pushes below the
    // grouping down to the rows' scan; a long one as the temp table.
    const listed = values.length <= listedSlices;
    const slices = listed ? values.map((_, i) => `$${i + 1}`).join(', ') : 'select value from temp.mart_slices';
    const params = listed ? values : [];
    let sql = martSql(name);
    if (plan.rowsOf) {
      await tx.run(`create or replace temp table slice_rows as select * from ${sqlTable(plan.rowsOf)} where ${column} in (${slices})`, params);
      sql = readingInstead(sql, plan.rowsOf, 'temp.slice_rows');
    }
    await tx.run(`delete from ${table} where ${column} in (${slices})`, params);
    await tx.run(`insert into ${table} select * from (\n${sql}\n) m where m.${column} in (${slices})`, params);
    await tx.run(`drop table if exists temp.slice_rows`);
  }
  await tx.run(`drop table temp.mart_slices`);
  return { name: `mart.${name}`, rows: await martRows(tx, name), refreshed: 'slices', slices: values.length, ms: Date.now() - t0 };
}
