// The one module that opens the DuckDB file. Everything else (loaders, marts,
// the query layer, the server) goes through a Warehouse, so connection
// settings, value conversion and transactions are decided in one place.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBTypeId,
  JSDuckDBValueConverter,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
} from '@duckdb/node-api';
import * as C from './duckdbConverters.ts';
import { tableFromColumns, type ArrowTable } from './arrow.ts';
import { ArrowBatchBuilder } from './arrowBatches.ts';

/** Values bound to `$name` or `?` parameters; never pasted into SQL text. */
export type Params = Record<string, DuckDBValue> | DuckDBValue[];

/** A plain JS value as rows() returns it: JSON-safe, dates as ISO strings. */
export type Cell = string | number | boolean | null | Cell[] | { [k: string]: Cell };
export type Row = Record<string, Cell>;

export interface OpenOptions {
  /** Open without write access: many readers, no writer. */
  readOnly?: boolean;
  /** Threads DuckDB may use; defaults to DuckDB's choice (all cores). */
  threads?: number;
  /** Extra DuckDB settings applied at open (e.g. memory_limit). */
  settings?: Record<string, string>;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

// Rows leave the warehouse as JSON-safe values: BIGINT/HUGEINT as numbers
// (counts and sums here never pass 2^53), DATE as 'YYYY-MM-DD' and TIMESTAMP as
// ISO strings, DECIMAL as doubles (money has two decimals; doubles are exact
// enough for display and are what Arrow/Plot consume).
const safeNumber: DuckDBValueConverter<Cell> = (value, type) => {
  const big = C.bigintFromBigIntValue(value, type);
  return Number(big);
};
const converters: Partial<Record<DuckDBTypeId, DuckDBValueConverter<Cell>>> = {
  [DuckDBTypeId.BIGINT]: safeNumber,
  [DuckDBTypeId.HUGEINT]: safeNumber,
  [DuckDBTypeId.UBIGINT]: safeNumber,
  [DuckDBTypeId.UHUGEINT]: safeNumber,
  [DuckDBTypeId.DATE]: (v) => isoDate(C.dateFromDateValue(v)),
  [DuckDBTypeId.TIMESTAMP]: (v) => C.dateFromTimestampValue(v).toISOString(),
  [DuckDBTypeId.TIMESTAMP_TZ]: (v) => C.dateFromTimestampTZValue(v).toISOString(),
  [DuckDBTypeId.TIME]: (v) => String(v),
  [DuckDBTypeId.INTERVAL]: (v) => String(v),
  [DuckDBTypeId.UUID]: (v) => String(v),
  [DuckDBTypeId.BLOB]: (v) => String(v),
};
export const rowConverter: DuckDBValueConverter<Cell> = (value, type, self) => {
  if (value == null) return null;
  const own = converters[type.typeId];
  // Nested values (lists, structs) recurse through `self`, i.e. through these rules.
  return own
    ? own(value, type, self)
    : (JSDuckDBValueConverter(value, type, self as unknown as DuckDBValueConverter<JS>) as Cell);
};

/**
 * Rows per record batch of arrowYielding's tables: a batch converts in a few
 * milliseconds, and the IPC stream's per-batch overhead stays small.
 */
export const ARROW_ROWS_PER_BATCH = 8192;

/** Lets queued I/O callbacks (other requests) run before continuing. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

// Types whose node-API value already is the JSON-safe value rows() returns.
const PASS_THROUGH = new Set<DuckDBTypeId>([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.VARCHAR,
]);
const BIG_INTEGERS = new Set<DuckDBTypeId>([DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT]);

/** One column's value conversion, chosen once per column instead of per value: the same result as rowConverter. */
function columnConverter(type: DuckDBType): (v: DuckDBValue) => Cell {
  if (PASS_THROUGH.has(type.typeId)) return (v) => v as Cell;
  if (BIG_INTEGERS.has(type.typeId)) return (v) => (v == null ? null : Number(v as bigint));
  return (v) => rowConverter(v, type, rowConverter);
}

/** Converts a result to JSON-safe row objects. */
export function readerToRows(reader: DuckDBResultReader): Row[] {
  return reader.convertRowObjects(rowConverter) as Row[];
}

/**
 * Queries in flight on one DuckDB instance, so closing it waits for them:
 * closing a connection or an instance while a query runs on DuckDB's threads
 * crashes the process (seen as a test worker dying after a server answered
 * 429 and its fire-and-forget audit write was still running).
 */
class InFlight {
  private count = 0;
  private whenIdle: (() => void)[] = [];

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await work();
    } finally {
      if (--this.count === 0) for (const f of this.whenIdle.splice(0)) f();
    }
  }

  /** Runs fn now when nothing is in flight, else as soon as the last query ends. */
  onIdle(fn: () => void): void {
    if (this.count === 0) fn();
    else this.whenIdle.push(fn);
  }
}

/**
 * Values read from one open database and kept in memory for its sessions,
 * each under a key, until the code that changes it forgets it (see memo()).
 */
class Memo {
  private readonly values = new Map<string, Promise<unknown>>();

  get<T>(key: string, read: () => Promise<T>): Promise<T> {
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = read();
      this.values.set(key, value);
      // A failed read is not kept: the next caller reads again.
      value.catch(() => this.values.get(key) === value && this.values.delete(key));
    }
    return value;
  }

  forget(key: string): void {
    this.values.delete(key);
  }

  clear(): void {
    this.values.clear();
  }
}

/** A connection with typed helpers. Cheap to create; one per concurrent task. */
export class Session {
  private closed = false;
  private inTransaction = false;

  constructor(
    readonly connection: DuckDBConnection,
    protected readonly inFlight = new InFlight(),
    protected readonly memos = new Memo(),
  ) {}

  /**
   * A value read once per open database and shared by its sessions (and
   * concurrent callers share the read). Only for values that change solely
   * through this process's own code, in a transaction (whose commit drops
   * every kept value) or followed by forget(key): DuckDB lets one process
   * write a database file, so then the value cannot go stale. E.g. the mart
   * version every KPI request needs (warehouse/marts/refresh.ts).
   */
  memo<T>(key: string, read: () => Promise<T>): Promise<T> {
    // Inside a transaction a read may see its own or an older snapshot: not for sharing.
    return this.inTransaction ? read() : this.memos.get(key, read);
  }

  /** Drops a memo() value after the change that made it stale has committed. */
  forget(key: string): void {
    this.memos.forget(key);
  }

  /** Every use of the connection goes through here, so close() can wait for it. */
  protected use<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('This warehouse connection was closed; open the warehouse again.'));
    return this.inFlight.track(work);
  }

  /** Runs a statement (or several, separated by `;`, when no params are given). */
  async run(sql: string, params?: Params): Promise<number> {
    const result = await this.use(() => this.connection.run(sql, params));
    return result.rowsChanged;
  }

  /** Runs a query and returns JSON-safe row objects. */
  async rows<T extends object = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.use(() => this.connection.runAndReadAll(sql, params));
    return readerToRows(reader) as unknown as T[];
  }

  /**
   * Like rows(), for results that may be large (KPI answers, exports): lets
   * DuckDB materialize the result, then converts it one chunk (≤ 2,048 rows) at a time,
   * yielding to the event loop between chunks, so other requests are not
   * stalled while 50,000 rows become objects (measured by npm run bench).
   * Values are read column-wise per chunk (the node API's fast path) and
   * primitives pass through; everything else goes through rows()' converter,
   * so the values are exactly rows()' values.
   */
  async rowsYielding<T extends object = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.use(async () => {
      // Materialized by DuckDB (off the main thread) before any conversion: a streaming
      // result would be cut short by the next query on this shared connection.
      const result = await this.connection.run(sql, params);
      const names = result.deduplicatedColumnNames();
      const convert = names.map((_, i) => columnConverter(result.columnType(i)));
      const out: Row[] = [];
      for (let k = 0; k < result.chunkCount; k++) {
        const chunk = result.getChunk(k);
        const columns = chunk.getColumns();
        const n = chunk.rowCount;
        for (let r = 0; r < n; r++) {
          const row: Row = {};
          for (let c = 0; c < names.length; c++) row[names[c]!] = convert[c]!(columns[c]![r] ?? null);
          out.push(row);
        }
        await yieldToEventLoop();
      }
      return out as unknown as T[];
    });
  }

  /**
   * Like arrow(), for results that may be large: the same table, built as
   * record batches of ARROW_ROWS_PER_BATCH rows (ArrowBatchBuilder), yielding
   * to the event loop after each, so no step holds the loop for a whole column.
   */
  async arrowYielding(sql: string, params?: Params): Promise<ArrowTable> {
    return this.use(async () => {
      const result = await this.connection.run(sql, params);
      const names = result.deduplicatedColumnNames();
      const builder = new ArrowBatchBuilder(names, names.map((_, i) => result.columnType(i)));
      let pending: DuckDBValue[][] = names.map(() => []);
      for (let k = 0; k < result.chunkCount; k++) {
        const values = result.getChunk(k).getColumns();
        for (let c = 0; c < names.length; c++) {
          const into = pending[c]!;
          for (const v of values[c]!) into.push(v);
        }
        if ((pending[0]?.length ?? 0) >= ARROW_ROWS_PER_BATCH || k === result.chunkCount - 1) {
          builder.add(pending);
          pending = names.map(() => []);
        }
        await yieldToEventLoop();
      }
      return builder.table();
    });
  }

  /** First row or undefined. */
  async one<T extends object = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.rows<T>(sql, params))[0];
  }

  /** Single value of the first column of the first row. */
  async scalar<T extends Cell = Cell>(sql: string, params?: Params): Promise<T | undefined> {
    const row = await this.one<Row>(sql, params);
    return row ? (Object.values(row)[0] as T) : undefined;
  }

  /** Runs a query and returns an Apache Arrow table (columnar, typed). */
  async arrow(sql: string, params?: Params): Promise<ArrowTable> {
    const reader = await this.use(() => this.connection.runAndReadAll(sql, params));
    return tableFromColumns(reader);
  }

  /**
   * Runs fn inside BEGIN … COMMIT; any throw rolls back, so callers never
   * leave half a change behind.
   */
  async transaction<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    this.inTransaction = true;
    try {
      const out = await fn(this);
      await this.run('COMMIT');
      // Whatever the transaction changed, no memo() value outlives it.
      this.memos.clear();
      return out;
    } catch (err) {
      try {
        await this.run('ROLLBACK');
      } catch {
        // The transaction may already be aborted by DuckDB; the original error matters.
      }
      throw err;
    } finally {
      this.inTransaction = false;
    }
  }

  /** Closes the connection once the queries in flight on this instance have ended. */
  close(): void {
    this.closeWhenIdle(() => this.connection.closeSync());
  }

  protected closeWhenIdle(close: () => void): void {
    if (this.closed) return;
    this.closed = true;
    this.inFlight.onIdle(close);
  }
}

/** The open DuckDB file. */
export class Warehouse extends Session {
  private constructor(
    readonly instance: DuckDBInstance,
    connection: DuckDBConnection,
    readonly path: string,
    readonly readOnly: boolean,
  ) {
    super(connection);
  }

  static async open(path: string, options: OpenOptions = {}): Promise<Warehouse> {
    if (path !== ':memory:' && !options.readOnly) mkdirSync(dirname(path), { recursive: true });
    const settings: Record<string, string> = { ...(options.settings ?? {}) };
    if (options.readOnly) settings.access_mode = 'READ_ONLY';
    if (options.threads) settings.threads = String(options.threads);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, settings);
    } catch (err) {
      throw explainOpenError(path, err);
    }
    const connection = await instance.connect();
    return new Warehouse(instance, connection, path, Boolean(options.readOnly));
  }

  /** A new connection on the same database, for concurrent work. */
  async session(): Promise<Session> {
    return new Session(await this.instance.connect(), this.inFlight, this.memos);
  }

  /** Closes the file once every query in flight on it (any session) has ended. */
  override close(): void {
    this.closeWhenIdle(() => {
      this.connection.closeSync();
      this.instance.closeSync();
    });
  }
}

/** Thrown when another process holds the DuckDB file (DuckDB allows one writer process). */
export class WarehouseLockedError extends Error {
  readonly code = 'WAREHOUSE_LOCKED';
  constructor(
    readonly path: string,
    readonly holder: string,
    /** A fuller explanation when the caller knows who holds the file (e.g. the server). */
    message?: string,
  ) {
    super(
      message ??
        `The warehouse ${path} is in use by another process (${holder}). ` +
          `If the observatory server is running, drop files in its inbox or use ` +
          `'osservatorio jobs run <job>', which asks the server; otherwise stop that process first.`,
    );
  }
}

function explainOpenError(path: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const lock = /Could not set lock on file[^:]*:\s*Conflicting lock is held in (.*?)(?:\. See|$)/s.exec(message);
  if (lock) return new WarehouseLockedError(path, lock[1].trim());
  return new Error(`Cannot open the warehouse ${path}: ${message}`, { cause: err });
}
