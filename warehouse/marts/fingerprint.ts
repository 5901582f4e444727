// What the marts were computed from, besides core: their own SQL and the
// reference tables (territories, comuni history and rollup, classifications).
// A slice refresh keeps every row outside the touched slices, so it is only
// sound when neither changed since the rows were computed: a new release of
// Osservatorio with a changed mart, or `osservatorio reference update` moving
// a comune to another rollup, changes rows of every slice. The full rebuild
// records this fingerprint in mart.refresh_info; the incremental refresh
// compares it and rebuilds everything when it differs
// (warehouse/marts/incremental.ts).
import { createHash } from 'node:crypto';
import type { Session } from '../db.ts';
import { sqlTable } from '../sql.ts';

/**
 * One text naming the state of the mart definitions (their SQL, in build
 * order) and of every table of the `ref` schema (row count and an
 * order-independent sum of row hashes: the reference tables are small).
 */
export async function martInputsFingerprint(tx: Session, definitions: readonly string[]): Promise<string> {
  const tables = (
    await tx.rows<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'ref' and table_type = 'BASE TABLE' order by table_name`,
    )
  ).map((r) => r.name);
  const h = createHash('sha256');
  for (const sql of definitions) h.update(`${sql}\n`);
  for (const name of tables) {
    const row = await tx.one<{ n: number | bigint; s: unknown }>(
      `select count(*) as n, coalesce(sum(hash(t)), 0)::VARCHAR as s from ${sqlTable(`ref.${name}`)} t`,
    );
    h.update(`${name}:${String(row?.n)}:${String(row?.s)}\n`);
  }
  return h.digest('hex');
}
