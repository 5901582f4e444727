// Analyst SQL: read-only queries on a sandbox, never on the live warehouse.
// The sandbox's only data are a snapshot of `mart` and `ref` (a DuckDB file
// written by the server's own connection). Each statement runs in a separate
// sandbox process (sqlSandboxWorker.ts) with its own read-only, locked-down
// DuckDB instance; the server kills a process past the time or memory limit,
// caps concurrent statements and queues a few more (sqlSandboxPool.ts). A query
// must be exactly one SELECT/WITH statement by DuckDB's own parser, and every
// attempt is audited (hash of the text, never the text: it may hold values).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../db.ts';
import { sqlIdent, sqlString, sqlTable } from '../sql.ts';
import { recordAudit } from './audit.ts';
import type { Principal } from './authorize.ts';
import { AccessError, forbidden } from './errors.ts';
import { DEFAULT_LIMITS, type AnalystSqlLimits, type AnalystSqlResult } from './analystSqlLimits.ts';
import { SqlSandboxPool, type SnapshotRef } from './sqlSandboxPool.ts';

export { DEFAULT_LIMITS, analystSqlLimitsFromEnv, type AnalystSqlLimits, type AnalystSqlResult } from './analystSqlLimits.ts';

export const SNAPSHOT_SCHEMAS = ['mart', 'ref'] as const;
export const SNAPSHOT_FILE = 'snapshot.duckdb';

/** Copies mart.* and ref.* into <dir>/snapshot.duckdb (temp name + rename); returns the tables copied. */
export async function writeAnalystSnapshot(wh: Warehouse, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const tables = await wh.rows<{ schema_name: string; table_name: string }>(
    `select schema_name, table_name from duckdb_tables() where database_name = current_database()
     and list_contains($1::VARCHAR[], schema_name) order by 1, 2`,
    [JSON.stringify(SNAPSHOT_SCHEMAS)],
  );
  const tmp = join(dir, `.${SNAPSHOT_FILE}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  const db = sqlIdent(`analyst_snapshot_${process.pid}`);
  await wh.run(`attach ${sqlString(tmp)} as ${db}`);
  const written: string[] = [];
  try {
    for (const schema of SNAPSHOT_SCHEMAS) await wh.run(`create schema ${db}.${sqlIdent(schema)}`);
    for (const t of tables) {
      const name = `${t.schema_name}.${t.table_name}`;
      await wh.run(`create table ${db}.${sqlTable(name)} as select * from ${sqlTable(name)}`);
      written.push(name);
    }
  } finally {
    await wh.run(`detach ${db}`);
  }
  renameSync(tmp, join(dir, SNAPSHOT_FILE));
  // Earlier snapshots were one Parquet file per table; they are not read any more.
  for (const f of readdirSync(dir)) if (f.endsWith('.parquet')) rmSync(join(dir, f), { force: true });
  return written;
}

/** Keeps the snapshot fresh (rewritten when older than maxAgeMs) and runs analysts' statements on it. */
export class AnalystSql {
  private readonly limits: AnalystSqlLimits;
  private readonly pool: SqlSandboxPool;
  private snapshot: (SnapshotRef & { writtenAt: number }) | null = null;
  private writing: Promise<SnapshotRef> | null = null;

  constructor(
    private readonly wh: Warehouse,
    private readonly snapshotDir: string,
    limits: Partial<AnalystSqlLimits> = {},
    private readonly maxAgeMs = 10 * 60_000,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.pool = new SqlSandboxPool(this.limits);
  }

  private current(): Promise<SnapshotRef> {
    const s = this.snapshot;
    if (s && Date.now() - s.writtenAt < this.maxAgeMs && existsFile(s.file)) return Promise.resolve(s);
    this.writing ??= (async () => {
      await writeAnalystSnapshot(this.wh, this.snapshotDir);
      this.snapshot = { file: join(this.snapshotDir, SNAPSHOT_FILE), version: (s?.version ?? 0) + 1, writtenAt: Date.now() };
      return this.snapshot;
    })().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  /** Runs an analyst's query; only analyst and admin roles; every attempt audited. */
  async query(user: Principal | undefined, sql: string): Promise<AnalystSqlResult> {
    const who = user ?? { username: null, role: 'public' as const, scope: { programmes: [], projects: [] } };
    const target = `sha256:${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`;
    if (who.role !== 'analyst' && who.role !== 'admin') {
      await recordAudit(this.wh, { actor: who.username, role: who.role, action: 'sql', target, outcome: 'denied', detail: 'role' });
      throw forbidden();
    }
    try {
      const result = await this.pool.run(() => this.current(), sql);
      await recordAudit(this.wh, { actor: who.username, role: who.role, action: 'sql', target, outcome: 'ok', detail: `rows=${result.rows.length}${result.truncated ? '+' : ''}` });
      return result;
    } catch (err) {
      const code = err instanceof AccessError ? err.message.split(':')[0] : 'SQL_INTERNAL';
      await recordAudit(this.wh, { actor: who.username, role: who.role, action: 'sql', target, outcome: 'refused', detail: code });
      throw err;
    }
  }

  /** Stops every sandbox process. */
  close(): void {
    this.pool.close();
  }
}

function existsFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
