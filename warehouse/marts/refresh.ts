// refreshMarts: rebuilds every KPI mart from core and ref in ONE transaction.
// Each mart is `create or replace table mart.<name> as <select in <name>.sql>`;
// DuckDB's MVCC means readers on other connections keep seeing the previous
// tables until COMMIT, then all the new ones at once — never half a refresh.
// The refresh is recorded in ops.mart_refreshes (migration 020) in the same
// transaction, so a mart version names exactly the figures readers see.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Warehouse, type Session } from '../db.ts';
import { sqlIdent } from '../sql.ts';
import type { MartRefresh } from '../kpi/types.ts';

const DIR = dirname(fileURLToPath(import.meta.url));

/** Helper models shared by several marts; temp tables, never published. */
export const INTERMEDIATE = ['int_territory', 'int_occupation', 'int_sector', 'int_person'] as const;

/** The marts, in build order; each is warehouse/marts/<name>.sql. */
export const MARTS = [
  'vacancy_outcomes',
  'vacancy_closed_area',
  'labour_tightness',
  'mismatch_cells',
  'mismatch_signals',
  'mismatch_signals_group',
  'context_stats',
  'service_funnel',
  'placement_rates',
  'placement_quality',
  'placement_quality_area',
  'traineeship_conversion',
  'event_hires',
  'gol_takeup',
  'project_financial_history',
  'project_spend',
  'decommitment_risk',
  'target_progress',
] as const;

export type MartName = (typeof MARTS)[number];

export interface RefreshOptions {
  /** Data as-of date for right-censoring ('YYYY-MM-DD'); default: the latest event date in core, not after today. */
  asOf?: string;
}

export function martSql(name: string): string {
  const file = INTERMEDIATE.includes(name as (typeof INTERMEDIATE)[number])
    ? join(DIR, 'intermediate', `${name}.sql`)
    : join(DIR, `${name}.sql`);
  return readFileSync(file, 'utf8');
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
export async function refreshMarts(db: Session | Warehouse, options: RefreshOptions = {}): Promise<MartRefresh> {
  if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf))
    throw new Error(`refreshMarts: asOf must be YYYY-MM-DD, got ${JSON.stringify(options.asOf)}`);
  if (db instanceof Warehouse) {
    const own = await db.session();
    try {
      return await refreshOn(own, options);
    } finally {
      own.close();
    }
  }
  return refreshOn(db, options);
}

async function refreshOn(db: Session, options: RefreshOptions): Promise<MartRefresh> {
  const t0 = Date.now();
  const result = await db.transaction(async (tx) => {
    const asOf = options.asOf ?? String(await tx.scalar(DEFAULT_AS_OF));
    const version = Number((await tx.scalar(`select coalesce(max(version), 0) + 1 from ops.mart_refreshes`)) ?? 1);
    await tx.run(
      `create or replace table mart.refresh_info as select $1::INTEGER as version, $2::DATE as as_of, now()::TIMESTAMP as refreshed_at`,
      [version, asOf],
    );
    for (const name of INTERMEDIATE) {
      await tx.run(`create or replace temp table ${sqlIdent(name)} as ${martSql(name)}`);
    }
    const tables: { name: string; rows: number }[] = [];
    for (const name of MARTS) {
      await tx.run(`create or replace table mart.${sqlIdent(name)} as ${martSql(name)}`);
      const rows = Number(await tx.scalar(`select count(*) from mart.${sqlIdent(name)}`));
      tables.push({ name: `mart.${name}`, rows });
    }
    for (const name of INTERMEDIATE) await tx.run(`drop table if exists temp.${sqlIdent(name)}`);
    const ms = Date.now() - t0;
    await tx.run(
      `insert into ops.mart_refreshes (version, as_of, started_at, finished_at, ms, tables)
       values ($1, $2::DATE, to_timestamp($3 / 1000.0)::TIMESTAMP, now()::TIMESTAMP, $4, $5)`,
      [version, asOf, t0, ms, JSON.stringify(tables)],
    );
    return { version, asOf, tables, ms };
  });
  return { ...result, ms: Date.now() - t0 };
}

/**
 * The latest refresh, or undefined when the marts were never built. Every KPI
 * request needs it, so it is read once per open database and kept
 * (Session.memo): refreshOn() is the only writer of mart.refresh_info, and its
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
