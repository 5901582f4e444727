// Analyst SQL: read-only queries on a sandbox, never on the live warehouse.
// The sandbox is a separate in-memory DuckDB instance whose only data are
// views over a Parquet snapshot of `mart` and `ref` (written by the server's
// own connection); it runs with external access disabled except for that
// snapshot folder, no extension install/autoload, and its configuration
// locked. A query must be exactly one SELECT/WITH statement by DuckDB's own
// parser; it runs under a time limit and a row cap, and every attempt is
// audited (hash of the text, never the text: it may hold values).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { readerToRows, type Row, type Warehouse } from '../db.ts';
import { sqlIdent, sqlString, sqlTable } from '../sql.ts';
import { recordAudit } from './audit.ts';
import type { Principal } from './authorize.ts';
import { AccessError, badRequest, forbidden } from './errors.ts';

export const SNAPSHOT_SCHEMAS = ['mart', 'ref'] as const;

export interface AnalystSqlLimits {
  timeoutMs: number;
  rowCap: number;
}
export const DEFAULT_LIMITS: AnalystSqlLimits = { timeoutMs: 10_000, rowCap: 10_000 };

export interface AnalystSqlResult {
  columns: string[];
  rows: Row[];
  truncated: boolean;
}

/** Copies mart.* and ref.* to <dir>/<schema>.<table>.parquet (temp name + rename). */
export async function writeAnalystSnapshot(wh: Warehouse, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const tables = await wh.rows<{ schema_name: string; table_name: string }>(
    `select schema_name, table_name from duckdb_tables() where database_name = current_database()
     and list_contains($1::VARCHAR[], schema_name) order by 1, 2`,
    [JSON.stringify(SNAPSHOT_SCHEMAS)],
  );
  const written: string[] = [];
  for (const t of tables) {
    const name = `${t.schema_name}.${t.table_name}.parquet`;
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    await wh.run(`copy (select * from ${sqlTable(`${t.schema_name}.${t.table_name}`)}) to ${sqlString(tmp)} (format parquet)`);
    renameSync(tmp, join(dir, name));
    written.push(name);
  }
  // Tables that no longer exist leave the snapshot too.
  for (const f of readdirSync(dir)) if (f.endsWith('.parquet') && !written.includes(f)) rmSync(join(dir, f), { force: true });
  return written;
}

export class AnalystSqlSandbox {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly createdAt: number,
  ) {}

  /** Opens the sandbox over a snapshot folder (see writeAnalystSnapshot). */
  static async open(snapshotDir: string): Promise<AnalystSqlSandbox> {
    const instance = await DuckDBInstance.create(':memory:', {
      autoload_known_extensions: 'false',
      autoinstall_known_extensions: 'false',
      threads: '1',
      memory_limit: '512MB',
    });
    const c = await instance.connect();
    const dir = snapshotDir.endsWith('/') ? snapshotDir : `${snapshotDir}/`;
    await c.run(`set allowed_directories = [${sqlString(dir)}]`);
    await c.run(`set enable_external_access = false`);
    for (const f of readdirSync(snapshotDir).filter((n) => /^[a-z_]+\.[A-Za-z0-9_]+\.parquet$/.test(n))) {
      const [schema, table] = f.split('.');
      await c.run(`create schema if not exists ${sqlIdent(schema)}`);
      await c.run(`create view ${sqlIdent(schema)}.${sqlIdent(table)} as select * from read_parquet(${sqlString(join(snapshotDir, f))})`);
    }
    await c.run(`set lock_configuration = true`);
    return new AnalystSqlSandbox(instance, c, Date.now());
  }

  /** Exactly one statement, and DuckDB's parser says it is a SELECT (WITH … SELECT included). */
  private async checkSelect(sql: string): Promise<void> {
    let extracted;
    try {
      extracted = await this.connection.extractStatements(sql);
    } catch {
      throw badRequest('SQL_PARSE: the statement does not parse.');
    }
    if (extracted.count !== 1) throw badRequest('SQL_SINGLE: exactly one statement is allowed.');
    let prepared;
    try {
      prepared = await extracted.prepare(0);
    } catch (err) {
      throw badRequest(`SQL_PREPARE: ${(err as Error).message.split('\n')[0].slice(0, 200)}`);
    }
    if (prepared.statementType !== StatementType.SELECT) throw badRequest('SQL_SELECT_ONLY: only SELECT or WITH … SELECT is allowed.');
  }

  async run(sql: string, limits: AnalystSqlLimits = DEFAULT_LIMITS): Promise<AnalystSqlResult> {
    if (sql.length > 20_000) throw badRequest('SQL_TOO_LONG: at most 20,000 characters.');
    await this.checkSelect(sql);
    // Row cap: the checked statement as a subquery (newlines so a trailing comment stays inside);
    // the wrapped text is checked again, so it cannot become a second statement.
    const wrapped = `select * from (\n${sql}\n) as analyst_query limit ${limits.rowCap + 1}`;
    await this.checkSelect(wrapped);
    const timer = setTimeout(() => this.connection.interrupt(), limits.timeoutMs);
    try {
      const reader = await this.connection.runAndReadAll(wrapped);
      const rows = readerToRows(reader);
      const truncated = rows.length > limits.rowCap;
      return { columns: reader.columnNames(), rows: truncated ? rows.slice(0, limits.rowCap) : rows, truncated };
    } catch (err) {
      const message = (err as Error).message;
      if (/interrupt/i.test(message)) throw badRequest(`SQL_TIMEOUT: the query ran longer than ${limits.timeoutMs} ms.`);
      throw badRequest(`SQL_ERROR: ${message.split('\n')[0].slice(0, 200)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Keeps one sandbox, rebuilt from a fresh snapshot when older than maxAgeMs. */
export class AnalystSql {
  private sandbox: AnalystSqlSandbox | null = null;
  private building: Promise<AnalystSqlSandbox> | null = null;
  constructor(
    private readonly wh: Warehouse,
    private readonly snapshotDir: string,
    private readonly limits: AnalystSqlLimits = DEFAULT_LIMITS,
    private readonly maxAgeMs = 10 * 60_000,
  ) {}

  private async current(): Promise<AnalystSqlSandbox> {
    const fresh = this.sandbox && Date.now() - this.sandbox.createdAt < this.maxAgeMs && existsDir(this.snapshotDir);
    if (fresh) return this.sandbox!;
    this.building ??= (async () => {
      await writeAnalystSnapshot(this.wh, this.snapshotDir);
      const next = await AnalystSqlSandbox.open(this.snapshotDir);
      this.sandbox?.close();
      this.sandbox = next;
      return next;
    })().finally(() => {
      this.building = null;
    });
    return this.building;
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
      const result = await (await this.current()).run(sql, this.limits);
      await recordAudit(this.wh, { actor: who.username, role: who.role, action: 'sql', target, outcome: 'ok', detail: `rows=${result.rows.length}${result.truncated ? '+' : ''}` });
      return result;
    } catch (err) {
      const code = err instanceof AccessError ? err.message.split(':')[0] : 'SQL_INTERNAL';
      await recordAudit(this.wh, { actor: who.username, role: who.role, action: 'sql', target, outcome: 'refused', detail: code });
      throw err;
    }
  }

  close(): void {
    this.sandbox?.close();
    this.sandbox = null;
  }
}

function existsDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
