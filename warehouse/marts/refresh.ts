// refreshMarts: rebuilds every KPI mart from core and ref in ONE transaction.
// Each mart is `create or replace table mart.<name> as <select in <name>.sql>`
// (a cohort mart is the sum over people of mart_people.<name>: people.ts);
// DuckDB's MVCC means readers on other connections keep seeing the previous
// tables until COMMIT, then all the new ones at once — never half a refresh.
// The refresh is recorded in ops.mart_refreshes (migration 020) in the same
// transaction, so a mart version names exactly the figures readers see.
// After a load, warehouse/marts/incremental.ts refreshes only the slices the
// load touched, with the same pieces; this full rebuild stays the reference.
import { Warehouse, type Session } from '../db.ts';
import { sqlIdent } from '../sql.ts';
import type { MartRefresh } from '../kpi/types.ts';
import { martInputsFingerprint } from './fingerprint.ts';
import { INTERMEDIATE, MARTS, martSql, type MartName } from './models.ts';
import { MART_PLANS } from './plans.ts';
import { rebuildPeopleMart, type PeopleCopies } from './people.ts';

export { INTERMEDIATE, MARTS, martSql, type MartName };

export interface RefreshOptions {
  /** Data as-of date for right-censoring ('YYYY-MM-DD'); default: the latest event date in core, not after today. */
  asOf?: string;
}

const DEFAULT_AS_OF = `
  select least(current_date, coalesce(greatest(
    (select max(greatest(start_date, coalesce(end_date, start_date))) from core.services),
    (select max(greatest(start_date, coalesce(end_date, start_date))) from core.placements),
    (select max(greatest(published_on, coalesce(closed_on, published_on))) from core.vacancies),
    (select max(greatest(registered_on, coalesce(deregistered_on, registered_on))) from core.job_seekers),
    (select max(date) from core.events),
    (select max(as_of) from core.project_financials),
    (select max(as_of) from core.indicator_reports)
  ), current_date))::VARCHAR as as_of`;

/**
 * Rebuilds the marts. Given the Warehouse, the transaction runs on a connection
 * of its own, so requests served meanwhile on the shared connection keep
 * reading the previous marts instead of landing inside the half-done transaction.
 */
export function refreshMarts(db: Session | Warehouse, options: RefreshOptions = {}): Promise<MartsRefreshed> {
  return onOwnSession('refreshMarts', db, options, refreshOn);
}

/**
 * Runs a refresh with checked options; given the Warehouse, on a connection of
 * its own (see refreshMarts), closed afterwards.
 */
export async function onOwnSession<T>(
  name: string,
  db: Session | Warehouse,
  options: RefreshOptions,
  refresh: (db: Session, options: RefreshOptions) => Promise<T>,
): Promise<T> {
  if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf))
    throw new Error(`${name}: asOf must be YYYY-MM-DD, got ${JSON.stringify(options.asOf)}`);
  if (!(db instanceof Warehouse)) return refresh(db, options);
  const own = await db.session();
  try {
    return await refresh(own, options);
  } finally {
    own.close();
  }
}

async function refreshOn(db: Session, options: RefreshOptions): Promise<MartsRefreshed> {
  const t0 = Date.now();
  const result = await db.transaction(async (tx) => {
    const asOf = await resolveAsOf(tx, options.asOf);
    const version = await beginVersion(tx, asOf);
    await buildIntermediates(tx);
    const tables: MartTableRefresh[] = [];
    for (const name of MARTS) tables.push(await rebuildMart(tx, name));
    await dropIntermediates(tx);
    return finishRefresh(tx, { version, asOf, t0, tables });
  });
  return { ...result, ms: Date.now() - t0 };
}

/** A refresh, with how each mart was refreshed. */
export type MartsRefreshed = Omit<MartRefresh, 'tables'> & { tables: MartTableRefresh[] };

/** One mart in a refresh: its rows after it, and how it was refreshed. */
export interface MartTableRefresh {
  name: string;
  rows: number;
  /**
   * whole: rebuilt; slices: only the slices touched were; people: only the
   * people touched were; rollup: moved by the difference of the cohort mart
   * it sums; kept: nothing it reads changed.
   */
  refreshed: 'whole' | 'slices' | 'people' | 'rollup' | 'kept';
  /** For 'slices': how many slices were computed again. */
  slices?: number;
  /** For 'people': how many people were computed again. */
  people?: number;
  /** Time spent on this mart. */
  ms?: number;
}

/** The data as-of date of a refresh: the one given, else the latest event date in core (not after today). */
export async function resolveAsOf(tx: Session, asOf: string | undefined): Promise<string> {
  return asOf ?? String(await tx.scalar(DEFAULT_AS_OF));
}

/** The next mart version, written to mart.refresh_info (which every mart reads its as-of date from). */
export async function beginVersion(tx: Session, asOf: string): Promise<number> {
  const version = Number((await tx.scalar(`select coalesce(max(version), 0) + 1 from ops.mart_refreshes`)) ?? 1);
  await tx.run(
    `create or replace table mart.refresh_info as
     select $1::INTEGER as version, $2::DATE as as_of, now()::TIMESTAMP as refreshed_at, $3::VARCHAR as inputs`,
    [version, asOf, await martInputs(tx)],
  );
  return version;
}

/** The fingerprint of what the marts are computed from besides core: their SQL and the reference tables. */
export function martInputs(tx: Session): Promise<string> {
  return martInputsFingerprint(
    tx,
    // How a cohort mart is kept is part of it: kept otherwise, the marts are rebuilt whole.
    [...INTERMEDIATE, ...MARTS].map((name) => `-- ${name}${keptAs(name)}\n${martSql(name)}`),
  );
}

function keptAs(name: string): string {
  const plan = (MART_PLANS as Record<string, (typeof MART_PLANS)[MartName] | undefined>)[name];
  return plan?.refresh === 'people' && plan.kept === 'rows' ? ' (kept row by row)' : '';
}

/**
 * Builds the helper models. With `people` (the touched people's copies),
 * int_person is built from their registrations only: an incremental refresh
 * whose only readers of it compute the touched people needs no more, and the
 * full model is a window over every registration (4–5 s at 5 M people).
 */
export async function buildIntermediates(tx: Session, options: { people?: PeopleCopies } = {}): Promise<void> {
  for (const name of INTERMEDIATE) {
    let sql = martSql(name);
    if (name === 'int_person' && options.people) sql = await options.people.reading(tx, sql, ['core.job_seekers']);
    await tx.run(`create or replace temp table ${sqlIdent(name)} as ${sql}`);
  }
}

export async function dropIntermediates(tx: Session): Promise<void> {
  for (const name of INTERMEDIATE) await tx.run(`drop table if exists temp.${sqlIdent(name)}`);
}

export async function martRows(tx: Session, name: MartName): Promise<number> {
  return Number(await tx.scalar(`select count(*) from mart.${sqlIdent(name)}`));
}

export async function rebuildMart(tx: Session, name: MartName): Promise<MartTableRefresh> {
  const t0 = Date.now();
  const plan = MART_PLANS[name];
  if (plan.refresh === 'people') await rebuildPeopleMart(tx, name, plan);
  else await tx.run(`create or replace table mart.${sqlIdent(name)} as ${martSql(name)}`);
  return { name: `mart.${name}`, rows: await martRows(tx, name), refreshed: 'whole', ms: Date.now() - t0 };
}

/**
 * Records the refresh in ops.mart_refreshes and consumes the changes it
 * accounted for (every change visible to its transaction: loads committed
 * meanwhile stay pending for the next refresh).
 */
export async function finishRefresh(
  tx: Session,
  r: { version: number; asOf: string; t0: number; tables: MartTableRefresh[] },
): Promise<MartsRefreshed> {
  // A database made for the marts alone (the lake's engine) has no load history to consume.
  const recorded = await tx.scalar<number>(
    `select count(*) from information_schema.tables where table_schema = 'ops' and table_name = 'mart_changes'`,
  );
  if (Number(recorded)) {
    await tx.run(`delete from ops.mart_touches`);
    await tx.run(`delete from ops.mart_changes`);
  }
  const ms = Date.now() - r.t0;
  await tx.run(
    `insert into ops.mart_refreshes (version, as_of, started_at, finished_at, ms, tables)
     values ($1, $2::DATE, to_timestamp($3 / 1000.0)::TIMESTAMP, now()::TIMESTAMP, $4, $5)`,
    [r.version, r.asOf, r.t0, ms, JSON.stringify(r.tables)],
  );
  return { version: r.version, asOf: r.asOf, tables: r.tables, ms };
}

/**
 * The latest refresh, or undefined when the marts were never built. Every KPI
 * request needs it, so it is read once per open database and kept
 * (Session.memo): beginVersion() is the only writer of mart.refresh_info, and its
 * transaction's commit drops the kept value.
 */
export function latestRefresh(db: Session): Promise<{ version: number; asOf: string } | undefined> {
  return db.memo('mart.refresh_info', () => readLatestRefresh(db));
}

async function readLatestRefresh(db: Session): Promise<{ version: number; asOf: string } | undefined> {
  let row: { version: number; as_of: string } | undefined;
  try {
    row = await db.one<{ version: number; as_of: string }>(`select version, as_of from mart.refresh_info`);
  } catch (err) {
    if (/refresh_info does not exist/i.test(String((err as Error).message))) return undefined;
    throw err;
  }
  return row ? { version: row.version, asOf: row.as_of } : undefined;
}
